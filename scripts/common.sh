# Shared by the make targets: where things are.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
BUILD="$ROOT/.build"
# Odoo's source tree and the virtual environments live in a per-user cache,
# outside the checkout, shared by every clone (and CI) on the machine.
CACHE="${POST_REHAB_CREDIT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/post_rehab_credit}"
# Odoo finds the addon by its folder name, whatever the checkout is called. The
# folder holding that link lives outside the checkout: a link inside it would
# loop, and Odoo's scans of the addon (translation export) would walk it.
ADDONS="${TMPDIR:-/tmp}/post_rehab_credit-addons-$(printf %s "$ROOT" | sha1sum | cut -c1-10)"
mkdir -p "$BUILD" "$ADDONS"
ln -sfn "$ROOT" "$ADDONS/post_rehab_credit"
# The interpreter that runs Odoo, chosen by scripts/setup.sh.
PY="$(cat "$BUILD/python" 2>/dev/null || echo "$PYTHON")"
ODOO=("$PY" -m odoo)

# tool_venv NAME REQUIREMENTS: prints the path of a virtual environment of the
# cache (NAME-venv-<python>) holding the packages of REQUIREMENTS, installed
# once and again whenever that file changes; pip's log is pip-NAME.log.
tool_venv() {
    local name="$1" requirements="$2" pyver venv stamp sum
    pyver=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    venv="$CACHE/$name-venv-$pyver"
    stamp="$venv/$(basename "$requirements" .txt).sha"
    sum=$(sha256sum "$requirements" | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
        echo "$name: installing $(basename "$requirements") into $venv" >&2
        rm -rf "$venv"
        mkdir -p "$CACHE"
        "$PYTHON" -m venv "$venv"
        PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/python" -m pip install -q \
            -r "$requirements" >>"$CACHE/pip-$name.log" 2>&1 || {
            tail -n 30 "$CACHE/pip-$name.log" >&2
            echo "$name: pip failed; its log is $CACHE/pip-$name.log" >&2
            return 1
        }
        echo "$sum" > "$stamp"
    fi
    echo "$venv"
}
