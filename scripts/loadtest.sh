#!/usr/bin/env bash
# `make loadtest`: the bench's province (scripts/bench.py) served by Odoo in
# multi-process mode, as in production, and driven by Locust as its officials
# work: LOADTEST_USERS users (default 60) for LOADTEST_TIME (default 2m),
# against 127.0.0.1 only. Prints per action the count, the failures, the median
# and the 95th percentile (scripts/loadtest/report.py), then checks the
# database (scripts/loadtest/check.py); exits non-zero when a target is missed.
# The province is built once in LOADTEST_DB and reused by the next runs (its
# officials' work topped up, scripts/loadtest/build.py); LOADTEST_REBUILD=1
# builds it afresh. Locust lives in a virtual environment of the cache
# (requirements-loadtest.txt), apart from the server's packages.
set -euo pipefail
source "$(dirname "$0")/common.sh"

LOADTEST_DB="${LOADTEST_DB:-post_rehab_credit_loadtest}"
LOADTEST_PORT="${LOADTEST_PORT:-8369}"
LOADTEST_USERS="${LOADTEST_USERS:-60}"
LOADTEST_TIME="${LOADTEST_TIME:-2m}"
# Users logged in per second while the run starts (a login costs about a
# second of CPU: PBKDF2, 600,000 rounds, Odoo's minimum).
LOADTEST_SPAWN="${LOADTEST_SPAWN:-1}"
# Seconds a user thinks between two actions, "min-max".
export LOADTEST_THINK="${LOADTEST_THINK:-3-8}"
LOADTEST_WORKERS="${LOADTEST_WORKERS:-4}"
export LOADTEST_DB

venv=$(tool_venv loadtest "$ROOT/requirements-loadtest.txt")

out="$BUILD/loadtest"
mkdir -p "$out"
if [ -n "${LOADTEST_REBUILD:-}" ] || ! psql -lqt | cut -d'|' -f1 | grep -qx " *$LOADTEST_DB *"; then
    dropdb --if-exists "$LOADTEST_DB"
    echo "loadtest: installing the addon in a fresh database $LOADTEST_DB"
    "${ODOO[@]}" -d "$LOADTEST_DB" --addons-path="$ADDONS" -i post_rehab_credit \
        --without-demo=all --load-language=vi_VN --stop-after-init --no-http \
        --workers=0 --max-cron-threads=0 --logfile="$out/install.log"
    if grep -qE " (ERROR|CRITICAL) " "$out/install.log"; then
        grep -E " (ERROR|CRITICAL) " "$out/install.log" >&2
        exit 1
    fi
    echo "loadtest: building the bench's province (a few minutes)"
fi
"$PY" "$ROOT/scripts/loadtest/build.py" "$LOADTEST_DB" "$ADDONS" "$out/desks.json"
"$PY" "$ROOT/scripts/loadtest/check.py" before "$LOADTEST_DB" "$ADDONS" "$out/baseline.json"

log="$out/server.log"
rm -f "$log" "$out"/stats_*.csv
: > "$out/writes.jsonl"
# The server as in production (its workers), on 127.0.0.1 only, without the
# websocket process the simulated users do not use (scripts/loadtest/serve.py).
# In production a reverse proxy hands each worker a whole request; here the
# simulated users talk to the workers directly, and on a busy machine a
# request may take longer than Odoo's 2 s to arrive (logged as an ERROR).
ODOO_HTTP_SOCKET_TIMEOUT="${ODOO_HTTP_SOCKET_TIMEOUT:-10}" \
"$PY" "$ROOT/scripts/loadtest/serve.py" -d "$LOADTEST_DB" --db-filter="^$LOADTEST_DB\$" \
    --addons-path="$ADDONS" --http-interface=127.0.0.1 --http-port="$LOADTEST_PORT" \
    --workers="$LOADTEST_WORKERS" --max-cron-threads=0 --logfile="$log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
    curl -fsS -o /dev/null "http://127.0.0.1:$LOADTEST_PORT/web/login" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { echo "loadtest: the server did not start" >&2; exit 1; }
    sleep 1
done

echo "loadtest: $LOADTEST_USERS users for $LOADTEST_TIME against 127.0.0.1:$LOADTEST_PORT" \
    "($LOADTEST_WORKERS workers; load: $(cut -d' ' -f1-3 /proc/loadavg))"
LOADTEST_DESKS="$out/desks.json" LOADTEST_RECORD="$out/writes.jsonl" \
    "$venv/bin/locust" -f "$ROOT/scripts/loadtest/locustfile.py" --headless \
    --host "http://127.0.0.1:$LOADTEST_PORT" -u "$LOADTEST_USERS" -r "$LOADTEST_SPAWN" \
    -t "$LOADTEST_TIME" --stop-timeout 30 --csv "$out/stats" --only-summary \
    --loglevel WARNING >"$out/locust.log" 2>&1 || true
echo "loadtest: done (load: $(cut -d' ' -f1-3 /proc/loadavg))"
kill "$server"
wait "$server" 2>/dev/null || true
trap - EXIT

rc=0
"$PY" "$ROOT/scripts/loadtest/report.py" "$out/stats" "$log" || rc=1
"$PY" "$ROOT/scripts/loadtest/check.py" after "$LOADTEST_DB" "$ADDONS" \
    "$out/baseline.json" "$out/writes.jsonl" "$log" || rc=1
exit $rc
