# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..models.rehab_loan_risk import RISK_ACTIONS, RISK_CAUSES


class RehabLoanRiskHandle(models.TransientModel):
    _name = "rehab.loan.risk.handle"
    _inherit = ["rehab.base.mixin"]
    _description = "Handle a risk on a loan"

    loan_id = fields.Many2one("rehab.loan", required=True, readonly=True)
    date = fields.Date(required=True, default=lambda self: self._rehab_today())
    cause = fields.Selection(RISK_CAUSES, required=True)
    action = fields.Selection(RISK_ACTIONS, required=True)
    note = fields.Text(string="Grounds (decision, records)", required=True)

    def action_apply(self):
        self.ensure_one()
        self.loan_id._handle_risk(self.date, self.cause, self.action, self.note)
        return {"type": "ir.actions.act_window_close"}
