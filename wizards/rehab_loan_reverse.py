# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class RehabLoanReverse(models.TransientModel):
    _name = "rehab.loan.reverse"
    _inherit = ["rehab.base.mixin"]
    _description = "Reverse a repayment posted by mistake"

    loan_id = fields.Many2one("rehab.loan", required=True, readonly=True)
    repayment_id = fields.Many2one(
        "rehab.loan.repayment",
        required=True,
        domain="[('loan_id', '=', loan_id), ('is_reversed', '=', False)]",
    )
    currency_id = fields.Many2one(related="loan_id.currency_id")
    amount = fields.Monetary(related="repayment_id.amount", string="Amount paid")
    reason = fields.Text(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        loan = self.env["rehab.loan"].browse(
            values.get("loan_id") or self.env.context.get("default_loan_id")
        )
        if loan and "repayment_id" in fields_list:
            standing = loan.repayment_ids.filtered(lambda r: not r.is_reversed)
            values.setdefault(
                "repayment_id", standing.sorted(lambda r: r._ledger_key())[-1:].id
            )
        return values

    def action_reverse(self):
        self.ensure_one()
        self.loan_id._reverse(self.repayment_id, self.reason)
        return {"type": "ir.actions.act_window_close"}
