# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RehabReferralSlipRevoke(models.TransientModel):
    _name = "rehab.referral.slip.revoke"
    _inherit = ["rehab.base.mixin"]
    _description = "Revoke a referral slip"

    slip_id = fields.Many2one("rehab.referral.slip", required=True, readonly=True)
    reason = fields.Char(required=True)

    def action_revoke(self):
        self.ensure_one()
        self.slip_id._revoke(self.reason)
        return {"type": "ir.actions.act_window_close"}
