# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""At install: what the programme needs of the host database, changing none
of the host's own settings."""

from odoo import api, models
from odoo.tools import config


class RehabSettings(models.TransientModel):
    _inherit = "rehab.settings"

    @api.model
    def _activate_vnd(self):
        """At install: the đồng, the programme's currency, is active.

        Odoo's write of a currency's «active» gives every internal user the
        «Multi-currency» group as soon as two currencies are active: in a
        host database booking in another currency, installing the addon
        would hand all its users a group they did not have. The đồng is
        activated on its own (its cached descriptions refreshed), the
        host's groups left as they were.
        """
        vnd = self.env.ref("base.VND").sudo().with_context(active_test=False)
        if vnd.active:
            return
        vnd._write({"active": True})
        vnd.invalidate_recordset(["active"])
        self.env.registry.clear_cache()

    @api.model
    def _init_public_url(self):
        """At install: the address printed in QR codes and links of slips.

        The option ``post_rehab_credit_public_url`` of the server's
        configuration file sets it for good (and freezes it). Without it, the
        host's own address (``web.base.url``) is left as it is: installing the
        addon changes none of the host's settings. Only a database without
        any address gets this server's, on the port it was installed with.
        """
        params = self.env["ir.config_parameter"].sudo()
        configured = (config.get("post_rehab_credit_public_url") or "").strip()
        if configured:
            params.set_param("web.base.url", configured.rstrip("/"))
            params.set_param("web.base.url.freeze", "True")
        elif not (params.get_param("web.base.url") or "").strip():
            params.set_param(
                "web.base.url", "http://localhost:%s" % config.get("http_port")
            )
