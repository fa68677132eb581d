#!/usr/bin/env bash
# ruff and the mandatory checks of pylint-odoo (.pre-commit-config.yaml), run
# by linters of pinned versions (requirements-dev.txt) installed in a virtual
# environment of the cache, whatever the interpreter has.
set -euo pipefail
source "$(dirname "$0")/common.sh"

venv=$(tool_venv lint "$ROOT/requirements-dev.txt")
cd "$ROOT"
PATH="$venv/bin:$PATH" "$venv/bin/pre-commit" run --all-files --show-diff-on-failure
