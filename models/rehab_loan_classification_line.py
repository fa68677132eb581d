# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import UserError

from .loan import LOAN_PURPOSES
from .rehab_capital_allocation import CAPITAL_SOURCES
from .rehab_savings_group import ORGANISATIONS

CLASSIFICATION_STATUSES = [
    ("current", "Current"),
    ("overdue", "Overdue"),
    ("frozen", "Frozen"),
    ("written_off", "Written off"),
]
TERM_CLASSES = [
    ("short", "Short term"),
    ("medium", "Medium term"),
    ("long", "Long term"),
]


class RehabLoanClassificationLine(models.Model):
    """A group of loans of a classification, with its totals.

    Aggregates only: no borrower's name or citizen ID; the ethnic group is a
    group's, never a person's.
    """

    _name = "rehab.loan.classification.line"
    _description = "Line of a debt classification"
    _inherit = ["rehab.step.lines.mixin", "rehab.base.mixin"]
    _order = "classification_id, commune_id, purpose, term_class, status"

    classification_id = fields.Many2one(
        "rehab.loan.classification",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    province_id = fields.Many2one(
        related="classification_id.province_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="classification_id.currency_id")
    purpose = fields.Selection(LOAN_PURPOSES, readonly=True)
    term_class = fields.Selection(TERM_CLASSES, string="Term", readonly=True)
    status = fields.Selection(CLASSIFICATION_STATUSES, readonly=True)
    capital_source = fields.Selection(
        CAPITAL_SOURCES
        + [
            ("pooled", "Pooled (several sources)"),
            ("none", "No capital source recorded"),
        ],
        readonly=True,
    )
    organisation = fields.Selection(
        ORGANISATIONS,
        string="Entrusted organisation",
        readonly=True,
    )
    savings_group_id = fields.Many2one(
        "rehab.savings.group", string="Savings-and-loan group", readonly=True
    )
    commune_id = fields.Many2one("res.company", readonly=True)
    ethnic_group = fields.Char(readonly=True)
    loan_count = fields.Integer(string="Loans", readonly=True)
    outstanding_principal = fields.Monetary(readonly=True)
    overdue_principal = fields.Monetary(readonly=True)
    overdue_interest = fields.Monetary(readonly=True)
    written_off_principal = fields.Monetary(readonly=True)

    def _refuse_change(self):
        raise UserError(
            _(
                "The lines of a debt classification are built from the ledger "
                "(«Build from the ledger»), not edited; an approved "
                "classification is kept as it is."
            )
        )

    def _step_lines_kept(self):
        """An approved classification is kept as it is, even by its steps."""
        return "approved" in self.classification_id.mapped("state")
