# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class RehabLoanDisburse(models.TransientModel):
    _name = "rehab.loan.disburse"
    _inherit = ["rehab.base.mixin"]
    _description = "Disburse a loan"

    loan_id = fields.Many2one("rehab.loan", required=True, readonly=True)
    date = fields.Date(required=True, default=lambda self: self._rehab_today())
    currency_id = fields.Many2one(related="loan_id.currency_id")
    amount = fields.Monetary(required=True)
    place = fields.Char(string="Transaction point")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        loan = self.env["rehab.loan"].browse(
            values.get("loan_id") or self.env.context.get("default_loan_id")
        )
        if loan:
            values.setdefault("amount", loan.amount_approved - loan.disbursed_amount)
        return values

    def action_disburse(self):
        self.ensure_one()
        self.loan_id._disburse(self.date, self.amount, self.place)
        return {"type": "ir.actions.act_window_close"}
