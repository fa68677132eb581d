# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RehabLoanReversal(models.Model):
    """A repayment posted by mistake, undone by a new entry with its reason."""

    _name = "rehab.loan.reversal"
    _description = "Reversal of a repayment"
    _inherit = ["rehab.loan.event", "rehab.base.mixin"]
    _order = "date desc, id desc"

    repayment_id = fields.Many2one(
        "rehab.loan.repayment",
        string="Repayment reversed",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    repayment_date = fields.Date(related="repayment_id.date", string="Paid on")
    amount = fields.Monetary(string="Amount reversed", readonly=True)
    reason = fields.Text(required=True, readonly=True)
    user_id = fields.Many2one(string="Reversed by")

    _sql_constraints = [
        (
            "repayment_uniq",
            "unique(repayment_id)",
            "A repayment is reversed once.",
        ),
    ]
