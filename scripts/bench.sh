#!/usr/bin/env bash
# `make bench`: installs the addon in a fresh database without demo data,
# builds a synthetic province in it and times the daily work (scripts/bench.py),
# each daily and monthly job beside its floor (the same rows written by
# PostgreSQL alone), each timed BENCH_RUNS times (3 by default), the median
# kept. BENCH_SCALE=N builds N provinces (1 by default).
set -euo pipefail
source "$(dirname "$0")/common.sh"

BENCH_DB="${BENCH_DB:-post_rehab_credit_bench}"
# The port on which the bench serves the documents' styles to wkhtmltopdf.
BENCH_PORT="${BENCH_PORT:-8269}"
log="$BUILD/bench-install.log"
dropdb --if-exists "$BENCH_DB"
echo "bench: installing the addon in a fresh database $BENCH_DB"
"${ODOO[@]}" -d "$BENCH_DB" --addons-path="$ADDONS" -i post_rehab_credit \
    --without-demo=all --load-language=vi_VN --stop-after-init --no-http \
    --workers=0 --max-cron-threads=0 --logfile="$log"
if grep -qE " (ERROR|CRITICAL) " "$log"; then
    grep -E " (ERROR|CRITICAL) " "$log" >&2
    exit 1
fi
BENCH_SCALE="${BENCH_SCALE:-1}" "$PY" "$ROOT/scripts/bench.py" "$BENCH_DB" "$ADDONS" "$BENCH_PORT"
