# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class RehabLoanReview(models.TransientModel):
    _name = "rehab.loan.review"
    _inherit = ["rehab.base.mixin"]
    _description = "Group review of a loan application"

    loan_id = fields.Many2one("rehab.loan", required=True, readonly=True)
    meeting_date = fields.Date(required=True, default=lambda self: self._rehab_today())
    members_present = fields.Integer(required=True)
    result = fields.Selection(
        [("agreed", "Agreed to lend"), ("refused", "Refused")],
        required=True,
        default="agreed",
    )
    note = fields.Text(string="Minutes", required=True)
    currency_id = fields.Many2one(related="loan_id.currency_id")
    amount = fields.Monetary(
        string="Amount agreed",
        help="What the group proposes to lend; at most the amount requested.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        loan = self.env["rehab.loan"].browse(
            values.get("loan_id") or self.env.context.get("default_loan_id")
        )
        if loan and "amount" in fields_list:
            values.setdefault("amount", loan.amount_requested)
        return values

    def action_record(self):
        self.ensure_one()
        self.loan_id._review(
            self.result == "agreed",
            self.meeting_date,
            self.members_present,
            self.note,
            self.amount,
        )
        return {"type": "ir.actions.act_window_close"}
