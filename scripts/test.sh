#!/usr/bin/env bash
# Builds a fresh database, installs the addon with its tests and runs them,
# browser tours included; ends with `N passed, N failed`.
set -uo pipefail
source "$(dirname "$0")/common.sh"

log="$BUILD/test-$TEST_DB.log"
tags="${TEST_TAGS:-/post_rehab_credit}"
dropdb --if-exists "$TEST_DB"
rm -f "$log"
"${ODOO[@]}" -d "$TEST_DB" --addons-path="$ADDONS" -i post_rehab_credit \
    --test-enable --test-tags="$tags" --load-language=vi_VN \
    --stop-after-init --http-port="$TEST_PORT" --workers=0 \
    --max-cron-threads=0 --logfile="$log"
rc=$?
"$PY" "$ROOT/scripts/test_summary.py" "$log" "$rc"
