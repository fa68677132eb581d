# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RehabMonthlyListReturn(models.TransientModel):
    _name = "rehab.monthly.list.return"
    _inherit = ["rehab.base.mixin"]
    _description = "Return a monthly list to the commune police"

    list_id = fields.Many2one("rehab.monthly.list", required=True, readonly=True)
    reason = fields.Text(required=True)

    def action_return(self):
        self.ensure_one()
        self.list_id._return(self.reason)
        return {"type": "ir.actions.act_window_close"}
