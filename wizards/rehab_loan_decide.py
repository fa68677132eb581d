# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class RehabLoanDecide(models.TransientModel):
    _name = "rehab.loan.decide"
    _inherit = ["rehab.base.mixin"]
    _description = "Decide a loan (VBSP)"

    loan_id = fields.Many2one("rehab.loan", required=True, readonly=True)
    decision = fields.Selection(
        [("approve", "Approve"), ("reject", "Reject")], required=True, default="approve"
    )
    decision_date = fields.Date(required=True, default=lambda self: self._rehab_today())
    currency_id = fields.Many2one(related="loan_id.currency_id")
    amount = fields.Monetary(string="Amount approved")
    term_months = fields.Integer(string="Term (months)")
    grace_months = fields.Integer(string="Grace (months)")
    frequency = fields.Selection(
        [("1", "Monthly"), ("3", "Quarterly")], required=True, default="1"
    )
    note = fields.Text(string="Reason / remarks")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        loan = self.env["rehab.loan"].browse(
            values.get("loan_id") or self.env.context.get("default_loan_id")
        )
        if loan:
            values.setdefault("amount", loan.review_amount or loan.amount_requested)
            values.setdefault("term_months", loan.term_months)
            values.setdefault("grace_months", loan.grace_months)
            values.setdefault("frequency", loan.frequency)
        return values

    def action_decide(self):
        self.ensure_one()
        self.loan_id._decide(
            self.decision == "approve",
            self.decision_date,
            self.note,
            amount=self.amount,
            term=self.term_months,
            grace=self.grace_months,
            frequency=self.frequency,
        )
        return {"type": "ir.actions.act_window_close"}
