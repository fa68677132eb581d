#!/usr/bin/env bash
# Creates the demo database if it is absent, then serves it.
set -euo pipefail
source "$(dirname "$0")/common.sh"

if ! psql -lqt | cut -d'|' -f1 | grep -qw "$DB"; then
    rm -f "$BUILD/install.log"
    echo "run: creating the demo database $DB (Vietnamese, with demo data)"
    "${ODOO[@]}" -d "$DB" --addons-path="$ADDONS" -i post_rehab_credit \
        --load-language=vi_VN --stop-after-init --no-http --http-port="$PORT" \
        --logfile="$BUILD/install.log"
    if grep -qE " (ERROR|CRITICAL) |demo data failed" "$BUILD/install.log"; then
        grep -E " (ERROR|CRITICAL) |demo data failed" "$BUILD/install.log" >&2
        dropdb --if-exists "$DB"
        echo "run: the installation logged errors; see $BUILD/install.log" >&2
        exit 1
    fi
else
    # Bring an existing demo database up to the code of this checkout.
    "${ODOO[@]}" -d "$DB" --addons-path="$ADDONS" -u post_rehab_credit \
        --stop-after-init --no-http --http-port="$PORT" --logfile="$BUILD/update.log"
fi
cat <<MSG

  Demo database $DB on http://localhost:$PORT
  Logins (the password of each is its login):
    admin / admin               Odoo administrator
    quantri                     programme administrator
    congan.chauson              commune police, Châu Sơn (Lạng Sơn)
    chutich.chauson             commune chairman, Châu Sơn
    canbo.chauson               commune officer, Châu Sơn
    totk.chauson                savings-group officer, Châu Sơn
    nhcsxh.dinhlap              VBSP officer, Đình Lập transaction office
    kiemsoat.dinhlap            VBSP controller, Đình Lập (transaction sessions)
    giaodich.dinhlap            VBSP teller, Đình Lập (transaction sessions)
    congan.tohieu               commune police, Tô Hiệu (Sơn La)
    nhcsxh.sonla                VBSP branch manager, Sơn La
    congan.sonla                province officer, Sơn La police
    sotaichinh.sonla            department officer, Sơn La Department of Finance

MSG
# queue_job loaded server-wide: its job runner runs the jobs of the daily
# runs (two at a time here; QUEUE_JOB_CHANNELS to change it).
export ODOO_QUEUE_JOB_CHANNELS="${QUEUE_JOB_CHANNELS:-root:2}"
exec "${ODOO[@]}" -d "$DB" --db-filter="^$DB\$" --addons-path="$ADDONS" \
    --load=base,web,queue_job --http-port="$PORT" --limit-time-real=600
