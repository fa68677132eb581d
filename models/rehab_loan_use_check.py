# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .loan import USE_FINDINGS
from .rehab_savings_group import ORGANISATIONS

CHECKERS = [
    ("organisation", "Entrusted organisation"),
    ("bank", "VBSP transaction office"),
]


class RehabLoanUseCheck(models.Model):
    """A check of how a disbursed loan is used, by the entrusted organisation
    or the bank: appended by the loan's step «Record a loan-use check», never
    changed or deleted (a correction is a new check)."""

    _name = "rehab.loan.use.check"
    _description = "Loan-use check"
    _inherit = ["rehab.loan.event", "rehab.base.mixin"]
    _order = "date desc, id desc"

    user_id = fields.Many2one(string="Checked by")
    checked_by = fields.Selection(
        CHECKERS, string="Checked for", required=True, readonly=True
    )
    organisation = fields.Selection(
        ORGANISATIONS, string="Entrusted organisation", readonly=True
    )
    savings_group_id = fields.Many2one(
        related="loan_id.savings_group_id", store=True, index=True
    )
    vbsp_office_id = fields.Many2one(
        related="loan_id.vbsp_office_id", store=True, index=True
    )
    borrower_name = fields.Char(related="loan_id.borrower_name")
    finding = fields.Selection(USE_FINDINGS, required=True, readonly=True, index=True)
    note = fields.Text(string="What was found", readonly=True)
    checker_label = fields.Char(string="Checker", compute="_compute_checker_label")

    @api.depends("checked_by", "organisation", "vbsp_office_id")
    def _compute_checker_label(self):
        organisations = dict(
            self._fields["organisation"]._description_selection(self.env)
        )
        for check in self:
            if check.checked_by == "organisation":
                check.checker_label = organisations.get(check.organisation) or _(
                    "Entrusted organisation"
                )
            else:
                check.checker_label = check.vbsp_office_id.sudo().name or _(
                    "VBSP transaction office"
                )

    def _finding_text(self):
        self.ensure_one()
        findings = dict(self._fields["finding"]._description_selection(self.env))
        return findings.get(self.finding, "")

    def _refuse_change(self):
        raise UserError(
            _(
                "A loan-use check is never changed or deleted. To correct it, "
                "record a new check on the loan."
            )
        )
