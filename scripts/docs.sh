#!/usr/bin/env bash
# Renders the first page of every printed document of the demo into docs/
# (PNG pictures shown by the README). Needs the demo database of `make run`.
set -euo pipefail
source "$(dirname "$0")/common.sh"

if ! psql -lqt | cut -d'|' -f1 | grep -qw "$DB"; then
    echo "docs: no demo database $DB; run \`make run\` once first" >&2
    exit 1
fi
cd "$ROOT"
"${ODOO[@]}" shell -d "$DB" --addons-path="$ADDONS" --no-http \
    --http-port="$PORT" --log-level=warn < scripts/render_docs.py
