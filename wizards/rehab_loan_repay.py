# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RehabLoanRepay(models.TransientModel):
    _name = "rehab.loan.repay"
    _description = "Post a repayment"

    loan_id = fields.Many2one("rehab.loan", required=True, readonly=True)
    date = fields.Date(required=True, default=lambda self: self._rehab_today())
    currency_id = fields.Many2one(related="loan_id.currency_id")
    amount = fields.Monetary(required=True)

    def action_post(self):
        self.ensure_one()
        self.loan_id._repay(self.date, self.amount)
        return {"type": "ir.actions.act_window_close"}
