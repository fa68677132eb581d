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
