# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RehabLoanAllocation(models.Model):
    """What a repayment paid on one instalment: the detail its reversal undoes."""

    _name = "rehab.loan.allocation"
    _description = "Allocation of a repayment to an instalment"
    _inherit = ["rehab.loan.event", "rehab.base.mixin"]
    _order = "repayment_id, installment_id"

    repayment_id = fields.Many2one(
        "rehab.loan.repayment",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    installment_id = fields.Many2one(
        "rehab.loan.installment", required=True, readonly=True, ondelete="restrict"
    )
    overdue_interest = fields.Monetary(string="To overdue interest", readonly=True)
    interest = fields.Monetary(string="To interest", readonly=True)
    principal = fields.Monetary(string="To principal", readonly=True)
    interest_waived = fields.Monetary(
        string="Interest not owed after prepayment", readonly=True
    )
