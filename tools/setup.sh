#!/usr/bin/env bash
# Installs what is missing, and nothing else: system packages, PostgreSQL,
# Odoo 18 Community (only when `import odoo` fails or is not 18.0), and the
# Python packages of requirements.txt. Fast when everything is in place.
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
have soffice || apt_missing+=(libreoffice-writer-nogui)
have chromium || have chromium-browser || have google-chrome || apt_missing+=(chromium)
families=$(fc-list : family 2>/dev/null || true)
grep -q "DejaVu Sans" <<<"$families" || apt_missing+=(fonts-dejavu-core)
grep -qx "Noto Sans" <<<"$families" || apt_missing+=(fonts-noto-core)
have pg_config || apt_missing+=(libpq-dev)

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

# Old source packages that Odoo pins still build with an older setuptools.
constraints="$BUILD/build-constraints.txt"
echo "setuptools<81" > "$constraints"
export PIP_CONSTRAINT="$constraints"

odoo_ok() {
    (cd / && "$PYTHON" -c 'import odoo.release as r, sys; sys.exit(r.series != "18.0")') 2>/dev/null
}
if ! odoo_ok; then
    src="${ODOO_SOURCE:-https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz}"
    if [ ! -d "$src" ]; then
        dest="$BUILD/odoo-src"
        rm -rf "$dest" && mkdir -p "$dest"
        echo "setup: fetching Odoo 18 Community from $src"
        if [ -f "$src" ]; then
            tar -xzf "$src" -C "$dest" --strip-components=1
        else
            curl -fsSL "$src" | tar -xz -C "$dest" --strip-components=1
        fi
        src="$dest"
    fi
    echo "setup: installing Odoo 18 from $src"
    if [ -f "$src/requirements.txt" ]; then
        "$PYTHON" -m pip install -q -r "$src/requirements.txt"
    fi
    # A plain path entry: OCA addons install into site-packages/odoo/addons,
    # and a modern editable finder would hide the real package behind them.
    "$PYTHON" -m pip install -q -e "$src" --config-settings editable_mode=compat
    odoo_ok || { echo "setup: Odoo 18 still does not import" >&2; exit 1; }
fi

stamp="$BUILD/requirements.sha"
sum=$(sha256sum "$ROOT/requirements.txt" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$sum" ]; then
    echo "setup: installing Python packages of requirements.txt"
    "$PYTHON" -m pip install -q -r "$ROOT/requirements.txt"
    echo "$sum" > "$stamp"
fi
