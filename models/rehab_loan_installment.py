# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import loan_rules


class RehabLoanInstallment(models.Model):
    _name = "rehab.loan.installment"
    _description = "Instalment of a loan"
    _inherit = ["rehab.step.lines.mixin", "rehab.base.mixin"]
    _order = "loan_id, sequence"

    loan_id = fields.Many2one(
        "rehab.loan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="loan_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="loan_id.currency_id")
    sequence = fields.Integer(string="No.", required=True)
    due_date = fields.Date(required=True, index=True)
    original_due_date = fields.Date(readonly=True)
    principal = fields.Monetary(string="Principal due")
    interest = fields.Monetary(string="Interest due")
    principal_paid = fields.Monetary()
    interest_paid = fields.Monetary()
    overdue_interest_paid = fields.Monetary()
    interest_waived = fields.Monetary(
        help="Interest written off or not owed after prepayment."
    )
    principal_written_off = fields.Monetary()
    overdue_interest_waived = fields.Monetary()
    # Overdue interest accrues on overdue principal: đồng × days since due.
    overdue_principal_days = fields.Float(digits=(20, 0), readonly=True)
    accrued_to = fields.Date(readonly=True)
    overdue_interest = fields.Monetary(
        compute="_compute_overdue_interest", store=True, string="Overdue interest"
    )
    principal_remaining = fields.Monetary(compute="_compute_remaining", store=True)
    interest_remaining = fields.Monetary(compute="_compute_remaining", store=True)
    overdue_interest_remaining = fields.Monetary(
        compute="_compute_remaining", store=True
    )
    is_paid = fields.Boolean(compute="_compute_remaining", store=True, index=True)

    # The schedule changes only through the loan's steps (disbursement,
    # repayment and its reversal, extension, risk handling), in-process.

    def _refuse_change(self):
        raise UserError(
            _(
                "The repayment schedule of a loan changes only through its steps: "
                "disbursement, repayment (or its reversal), extension or risk "
                "handling."
            )
        )

    @api.depends(
        "overdue_principal_days", "loan_id.interest_rate", "loan_id.overdue_multiplier"
    )
    def _compute_overdue_interest(self):
        for line in self:
            line.overdue_interest = loan_rules.overdue_interest(
                line.overdue_principal_days,
                line.loan_id.interest_rate,
                line.loan_id.overdue_multiplier,
            )

    @api.depends(
        "principal",
        "interest",
        "principal_paid",
        "interest_paid",
        "overdue_interest",
        "overdue_interest_paid",
        "interest_waived",
        "overdue_interest_waived",
        "principal_written_off",
    )
    def _compute_remaining(self):
        for line in self:
            line.principal_remaining = (
                line.principal - line.principal_paid - line.principal_written_off
            )
            line.interest_remaining = max(
                line.interest - line.interest_paid - line.interest_waived, 0
            )
            line.overdue_interest_remaining = max(
                line.overdue_interest
                - line.overdue_interest_paid
                - line.overdue_interest_waived,
                0,
            )
            line.is_paid = not (
                line.principal_remaining
                or line.interest_remaining
                or line.overdue_interest_remaining
            )

    def _owed_rows(self):
        """The instalments as loan_rules.owed_on reads them, in this order."""
        return [
            {
                "due_date": line.due_date,
                "principal_remaining": line.principal_remaining,
                "interest_remaining": line.interest_remaining,
                "overdue_principal_days": line.overdue_principal_days,
                "accrued_to": line.accrued_to,
                "overdue_interest_settled": line.overdue_interest_paid
                + line.overdue_interest_waived,
            }
            for line in self
        ]

    def _accrue(self, day):
        """Add the overdue principal-days up to ``day``; idempotent for a day."""
        for line in self:
            start = max(line.accrued_to or line.due_date, line.due_date)
            days = (day - start).days
            if line.principal_remaining > 0 and days > 0:
                line.overdue_principal_days += line.principal_remaining * days
            if days > 0 or not line.accrued_to:
                line.accrued_to = max(day, line.due_date)
