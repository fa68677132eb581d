#!/usr/bin/env bash
# ruff and the mandatory checks of pylint-odoo (.pre-commit-config.yaml), run
# by linters of pinned versions (requirements-dev.txt) installed in a virtual
# environment of the cache, whatever the interpreter has.
set -euo pipefail
source "$(dirname "$0")/common.sh"

export PIP_DISABLE_PIP_VERSION_CHECK=1
pyver=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
venv="$CACHE/lint-venv-$pyver"
stamp="$venv/requirements-dev.sha"
sum=$(sha256sum "$ROOT/requirements-dev.txt" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
    echo "lint: installing the linters of requirements-dev.txt into $venv"
    rm -rf "$venv"
    mkdir -p "$CACHE"
    "$PYTHON" -m venv "$venv"
    "$venv/bin/python" -m pip install -q -r "$ROOT/requirements-dev.txt" \
        >>"$CACHE/pip-lint.log" 2>&1 || {
        tail -n 30 "$CACHE/pip-lint.log" >&2
        echo "lint: pip failed; its log is $CACHE/pip-lint.log" >&2
        exit 1
    }
    echo "$sum" > "$stamp"
fi
cd "$ROOT"
PATH="$venv/bin:$PATH" "$venv/bin/pre-commit" run --all-files --show-diff-on-failure
