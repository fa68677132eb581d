#!/usr/bin/env bash
# Builds a fresh database, installs the addon with its tests and runs them,
# browser tours included; ends with `N passed, N failed`.
#
# The whole suite (TEST_TAGS not given) runs as two shards side by side, each
# on its own database (TEST_DB, and TEST_DB followed by _2) and port (TEST_PORT and
# TEST_PORT + 1), one a core: the browser tests and the classes of FIRST_SHARD
# in the first, every other class in the second, so each class runs once.
# TEST_SHARDS=1 runs everything in one database; TEST_TAGS runs what it names
# in one.
set -uo pipefail
source "$(dirname "$0")/common.sh"

# The browser tests (Chromium beside the server) and enough of the slowest
# classes to end both shards together (about 13 minutes each on the project's
# 2-core machine, install included; the second is the rest of the suite).
FIRST_SHARD=(
    TestRoleScreens TestTourFlow TestTour TestPhoneTour TestSettingsOverRpc
    TestEveryReportPrintsSeveral TestDocumentFiles TestLoanClassification
    TestPersonExtract TestSessionScale TestBadInputLoan TestLoanOverdue
    TestLoanLedger TestGroupPosting TestConcurrentSteps TestWorkflowOverRpc
    TestLoanAsOf TestPublicNotice TestDueOnTheSessionDay
)

# run_tests DB PORT TAGS: a fresh DB, the addon installed with the TAGS
# tests; the log is .build/test-DB.log, Odoo's exit code in .build/test-DB.rc.
run_tests() {
    local db="$1" port="$2" tags="$3" log="$BUILD/test-$1.log"
    dropdb --if-exists "$db"
    rm -f "$log" "$BUILD/test-$db.rc"
    "${ODOO[@]}" -d "$db" --addons-path="$ADDONS" -i post_rehab_credit \
        --test-enable --test-tags="$tags" --load-language=vi_VN \
        --stop-after-init --http-port="$port" --workers=0 \
        --max-cron-threads=0 --logfile="$log"
    echo $? > "$BUILD/test-$db.rc"
}

module=/post_rehab_credit
if [ -n "${TEST_TAGS:-}" ] && [ "$TEST_TAGS" != "$module" ] || [ "${TEST_SHARDS:-2}" = 1 ]; then
    run_tests "$TEST_DB" "$TEST_PORT" "${TEST_TAGS:-$module}"
    "$PY" "$ROOT/scripts/test_summary.py" \
        "$BUILD/test-$TEST_DB.log" "$(cat "$BUILD/test-$TEST_DB.rc" 2>/dev/null)"
    exit
fi
first=() rest=("$module")
for name in "${FIRST_SHARD[@]}"; do
    first+=("$module:$name")
    rest+=("-$module:$name")
done
second_db="${TEST_DB}_2"
# Stopped halfway, the script takes both shards' servers down with it.
trap 'for job in $(jobs -p); do pkill -P "$job"; kill "$job"; done 2>/dev/null' EXIT
run_tests "$TEST_DB" "$TEST_PORT" "$(IFS=,; echo "${first[*]}")" &
run_tests "$second_db" "$((TEST_PORT + 1))" "$(IFS=,; echo "${rest[*]}")" &
wait
"$PY" "$ROOT/scripts/test_summary.py" \
    "$BUILD/test-$TEST_DB.log" "$(cat "$BUILD/test-$TEST_DB.rc" 2>/dev/null)" \
    "$BUILD/test-$second_db.log" "$(cat "$BUILD/test-$second_db.rc" 2>/dev/null)"
