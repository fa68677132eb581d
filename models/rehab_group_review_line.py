# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

OPINIONS = [("agree", "Agree"), ("disagree", "Disagree")]


class RehabGroupReviewLine(models.Model):
    """A member proposed for a loan on form 03/TD: an application of the group."""

    _name = "rehab.group.review.line"
    _description = "Member proposed for a loan (form 03/TD)"
    _inherit = ["rehab.workflow.mixin", "rehab.base.mixin"]
    _order = "review_id, sequence, id"
    _check_company_auto = True
    # A line follows its meeting: edited while it is a draft, frozen after.
    _workflow_open_states = ("draft",)
    _workflow_fixed_fields = frozenset({"review_id"})
    _workflow = {}

    review_id = fields.Many2one(
        "rehab.group.review", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(related="review_id.company_id", store=True, index=True)
    state = fields.Selection(related="review_id.state", store=True, index=True)
    loan_id = fields.Many2one(
        "rehab.loan",
        string="Loan application",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=False,
    )
    borrower_name = fields.Char(related="loan_id.borrower_name", string="Member")
    purpose = fields.Selection(related="loan_id.purpose")
    term_months = fields.Integer(related="loan_id.term_months")
    currency_id = fields.Many2one(related="loan_id.currency_id")
    amount_requested = fields.Monetary(related="loan_id.amount_requested")
    amount = fields.Monetary(
        string="Amount proposed",
        compute="_compute_amount",
        store=True,
        readonly=False,
        help="What the group proposes to lend; at most the amount requested.",
    )
    opinion = fields.Selection(
        OPINIONS, string="Group's opinion", required=True, default="agree"
    )
    reason = fields.Char(
        help="Why the group agrees or disagrees (required to disagree)."
    )

    _sql_constraints = [
        (
            "review_loan_uniq",
            "unique(review_id, loan_id)",
            "An application appears once on a meeting's list.",
        ),
    ]

    @api.depends("loan_id")
    def _compute_amount(self):
        for line in self:
            line.amount = line.loan_id.amount_requested

    @api.constrains("loan_id", "review_id")
    def _check_loan_of_the_group(self):
        for line in self.sudo():
            if line.loan_id.savings_group_id != line.review_id.savings_group_id:
                raise ValidationError(
                    _(
                        "The application %(loan)s is not one of the savings group "
                        "%(group)s.",
                        loan=line.loan_id.name,
                        group=line.review_id.savings_group_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._rehab_check_vals_list(vals_list)
        model = self if self.env.su else self._workflow_clean_context()
        model._workflow_check_create(vals_list)
        model.env["rehab.group.review"].browse(
            [vals["review_id"] for vals in vals_list if vals.get("review_id")]
        )._check_open_for_lines()
        return super(RehabGroupReviewLine, model).create(vals_list)
