#!/usr/bin/env bash
# Installs what is missing, and nothing else: system packages, PostgreSQL,
# then the interpreter that runs Odoo: PYTHON itself when it already imports
# Odoo 18 and the addon's packages; else a virtual environment in the per-user
# cache (CACHE, see common.sh) with Odoo 18 Community (ODOO_SOURCE: an archive,
# a folder or a URL; default the official nightly archive) and the packages of
# requirements.txt. Fast when everything is in place.
set -euo pipefail
source "$(dirname "$0")/common.sh"

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
apt_missing=()
have() { command -v "$1" >/dev/null 2>&1; }

if ! have pg_isready || ! pg_isready -q; then
    if ! have pg_ctlcluster; then
        apt_missing+=(postgresql postgresql-client)
    fi
fi
have wkhtmltopdf || apt_missing+=(wkhtmltopdf)
# LibreOffice: Writer for the ODT documents (py3o), Calc for the XLSX ones
# (both turned into PDF by the tests).
[ -e /usr/lib/libreoffice/program/libswlo.so ] || apt_missing+=(libreoffice-writer-nogui)
[ -e /usr/lib/libreoffice/program/libsclo.so ] || apt_missing+=(libreoffice-calc-nogui)
have chromium || have chromium-browser || have google-chrome || apt_missing+=(chromium)
families=$(fc-list : family 2>/dev/null || true)
grep -q "DejaVu Sans" <<<"$families" || apt_missing+=(fonts-dejavu-core)
grep -qx "Noto Sans" <<<"$families" || apt_missing+=(fonts-noto-core)
# The serif of official documents: Times New Roman where the server has it,
# else Liberation Serif, metric-compatible and with every Vietnamese letter.
grep -qE "^(Times New Roman|Liberation Serif)$" <<<"$families" || apt_missing+=(fonts-liberation2)
# Reading printed documents back in the tests: text and pictures of PDFs.
have pdftotext || apt_missing+=(poppler-utils)
have pg_config || apt_missing+=(libpq-dev)
# Headers of the packages Odoo's requirements build from source (python-ldap).
[ -e /usr/include/ldap.h ] || apt_missing+=(libldap2-dev)
[ -e /usr/include/sasl/sasl.h ] || apt_missing+=(libsasl2-dev)

if [ ${#apt_missing[@]} -gt 0 ]; then
    echo "setup: installing system packages: ${apt_missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${apt_missing[@]}" >/dev/null
fi

if ! pg_isready -q; then
    echo "setup: starting PostgreSQL"
    cluster=$(ls /etc/postgresql | sort -V | tail -n 1)
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$cluster" main start
    for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
fi
# A database role for the user running this, if the server has none yet.
if ! psql -Atc "select 1" postgres >/dev/null 2>&1; then
    echo "setup: creating the PostgreSQL role $(id -un)"
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- createuser -s "$(id -un)"
    else
        sudo -u postgres createuser -s "$(id -un)"
    fi
fi

# Odoo and the Python packages live in a virtual environment of the cache;
# the interpreter named by PYTHON is never changed. Old source packages that
# Odoo pins still build with an older setuptools.
mkdir -p "$CACHE"
constraints="$CACHE/build-constraints.txt"
echo "setuptools<81" > "$constraints"
export PIP_CONSTRAINT="$constraints"
export PIP_DISABLE_PIP_VERSION_CHECK=1

odoo_ok() {
    (cd / && "$1" -c 'import odoo.release as r, sys; sys.exit(r.series != "18.0")') 2>/dev/null
}
# The addon's own imports (requirements.txt), Odoo's included.
requirements_ok() {
    (cd / && "$1" - <<'PY'
import importlib, sys
import odoo.addons
for name in ("odoo.addons.auditlog", "odoo.addons.report_xlsx",
             "odoo.addons.report_py3o", "odoo.addons.queue_job", "qrcode", "openpyxl", "xlsxwriter",
             "py3o.template", "py3o.formats", "freezegun", "websocket",
             "odoo_test_helper", "packaging"):
    importlib.import_module(name)
PY
    ) >/dev/null 2>&1
}
# pip's own chatter goes to a log of the cache, shown when it fails.
pip_in() {
    "$1" -m pip install -q "${@:2}" >>"$CACHE/pip.log" 2>&1 || {
        tail -n 30 "$CACHE/pip.log" >&2
        echo "setup: pip failed; its log is $CACHE/pip.log" >&2
        exit 1
    }
}

pyver=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if odoo_ok "$PYTHON" && requirements_ok "$PYTHON"; then
    # A server (or a machine) where Odoo 18 and the addon's packages are
    # installed: used as it is.
    python="$(command -v "$PYTHON")"
elif odoo_ok "$PYTHON"; then
    # Odoo 18 is there, the addon's packages are not: a virtual environment
    # that sees the interpreter's packages and adds only the missing ones.
    key=$(printf %s "$(command -v "$PYTHON")" | sha1sum | cut -c1-10)
    venv="$CACHE/venv-$pyver-over-$key"
    [ -x "$venv/bin/python" ] || "$PYTHON" -m venv --system-site-packages "$venv"
    python="$venv/bin/python"
else
    # One Odoo 18 per interpreter version in the cache, made once from
    # ODOO_SOURCE (an archive, a folder, or a URL; default the official
    # nightly archive) and reused by every clone.
    venv="$CACHE/venv-$pyver"
    python="$venv/bin/python"
    if ! odoo_ok "$python"; then
        src="${ODOO_SOURCE:-https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz}"
        if [ -d "$src" ]; then
            tree="$(cd "$src" && pwd)"
        else
            tree="$CACHE/odoo-18.0"
            echo "setup: fetching Odoo 18 Community from $src into $tree"
            rm -rf "$tree.part" && mkdir -p "$tree.part"
            if [ -f "$src" ]; then
                tar -xzf "$src" -C "$tree.part" --strip-components=1
            elif ! curl -fsSL "$src" | tar -xz -C "$tree.part" --strip-components=1; then
                echo "setup: could not download $src; set ODOO_SOURCE to an" \
                    "Odoo 18 Community source archive or folder" >&2
                exit 1
            fi
            rm -rf "$tree" && mv "$tree.part" "$tree"
        fi
        echo "setup: installing Odoo 18 from $tree into $venv (a few minutes, once)"
        rm -rf "$venv"
        "$PYTHON" -m venv "$venv"
        pip_in "$python" --upgrade pip wheel
        # What Odoo pins for this interpreter (environment markers).
        if [ -f "$tree/requirements.txt" ]; then
            pip_in "$python" -r "$tree/requirements.txt"
        fi
        # A plain path entry: OCA addons install into site-packages/odoo/addons,
        # and a modern editable finder would hide the real package behind them.
        pip_in "$python" -e "$tree" --config-settings editable_mode=compat
        odoo_ok "$python" || { echo "setup: Odoo 18 still does not import" >&2; exit 1; }
    fi
fi

if [ "$python" != "$(command -v "$PYTHON")" ]; then
    stamp="$(dirname "$python")/../post_rehab_credit-requirements.sha"
    sum=$(sha256sum "$ROOT/requirements.txt" | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
        echo "setup: installing the Python packages of requirements.txt"
        pip_in "$python" -r "$ROOT/requirements.txt"
        echo "$sum" > "$stamp"
    fi
fi
echo "$python" > "$BUILD/python"
