"""Odoo's server for `make loadtest`: odoo-bin, without its websocket process.

In multi-process mode Odoo's master starts a separate websocket (gevent)
process by running its own script again, and starts it again whenever it
ends. The simulated users open no websocket; where that process cannot start
(a gevent plugin that pkg_resources cannot resolve), the master would start it
again and again, and the figures would measure that. So the load test serves
without it; everything else is odoo-bin's.

Usage: python3 scripts/loadtest/serve.py ODOO_BIN_OPTIONS...
"""

import odoo
from odoo.service import server

server.PreforkServer.long_polling_spawn = lambda self: None

if __name__ == "__main__":
    odoo.cli.main()
