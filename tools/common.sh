# Shared by the make targets: where things are.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
BUILD="$ROOT/.build"
ADDONS="$BUILD/addons"
# Odoo finds the addon by its folder name, whatever the checkout is called.
mkdir -p "$ADDONS"
ln -sfn "$ROOT" "$ADDONS/post_rehab_credit"
ODOO=("$PYTHON" -m odoo)
