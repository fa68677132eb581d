# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The loan: its workflow and its terms."""

from odoo import api, fields, models
from odoo.tools.translate import LazyTranslate

from ...tools.roles import CHAIRMAN, SAVINGS, VBSP
from ..rehab_workflow_mixin import Transition

_lt = LazyTranslate(__name__)

LOAN_PURPOSES = [
    ("training", "Vocational training"),
    ("production", "Production, business and jobs"),
    ("expansion", "Expanding production (establishment)"),
]
OPEN_STATES = ("draft", "reviewed", "confirmed")
RUNNING_STATES = ("disbursing", "repaying")
BUCKETS = [
    ("current", "Current"),
    ("1_30", "1–30 days"),
    ("31_90", "31–90 days"),
    ("91_180", "91–180 days"),
    ("over_180", "Over 180 days"),
]
DELINQUENCY_FIELDS = (
    "overdue_principal",
    "days_past_due",
    "delinquency_bucket",
    "par30_principal",
)
USE_FINDINGS = [
    ("as_planned", "Used as planned"),
    ("partly", "Partly used as planned"),
    ("misused", "Misused"),
]


class RehabLoan(models.Model):
    _name = "rehab.loan"
    _description = "Loan to a person after rehab or an establishment"
    # The workflow first: it sees every write and post before mail does.
    _inherit = [
        "rehab.workflow.mixin",
        "rehab.mail.mixin",
        "mail.activity.mixin",
        "rehab.access.logged.mixin",
        "rehab.base.mixin",
    ]
    # Read by a user: written to the access log (rehab.access.log), as the
    # same ID on the person.
    _rehab_logged_fields = ("household_rep_citizen_id",)
    _order = "id desc"
    _check_company_auto = True
    # The bank edits the application until the group reviews it; after that
    # only the steps below change a loan.
    _workflow_open_states = ("draft",)
    _workflow_fixed_fields = frozenset(
        {"slip_id", "borrower_type", "person_id", "establishment_id"}
    )
    _workflow = {
        "review": Transition(
            sources=("draft",),
            target="reviewed",
            groups=(SAVINGS,),
            label=_lt("Group review"),
            todo=_lt("Confirm the loan application for the commune"),
            todo_group=CHAIRMAN,
        ),
        "review_refuse": Transition(
            sources=("draft",),
            target="rejected",
            groups=(SAVINGS,),
            label=_lt("Group review (refused)"),
        ),
        "confirm": Transition(
            sources=("reviewed",),
            target="confirmed",
            groups=(CHAIRMAN,),
            label=_lt("Confirm (commune)"),
            todo=_lt("Decide the loan application"),
            todo_users="_bank_officers",
        ),
        "approve": Transition(
            sources=("confirmed",),
            target="approved",
            groups=(VBSP,),
            label=_lt("Decide: approve"),
            todo=_lt("Disburse the loan"),
            todo_users="_bank_officers",
        ),
        "reject": Transition(
            sources=("confirmed",),
            target="rejected",
            groups=(VBSP,),
            label=_lt("Decide: reject"),
        ),
        "disburse": Transition(
            sources=("approved", "disbursing"),
            target="disbursing",
            groups=(VBSP,),
            label=_lt("Disburse"),
            todo=_lt("Disburse the next tranche"),
            todo_users="_bank_officers",
        ),
        "disburse_all": Transition(
            sources=("approved", "disbursing"),
            target="repaying",
            groups=(VBSP,),
            label=_lt("Disburse in full"),
        ),
        "repay": Transition(
            sources=RUNNING_STATES,
            target=None,
            groups=(VBSP,),
            label=_lt("Post a repayment"),
        ),
        "reverse": Transition(
            sources=RUNNING_STATES + ("closed",),
            target=None,
            groups=(VBSP,),
            label=_lt("Reverse a repayment"),
        ),
        "extend": Transition(
            sources=RUNNING_STATES, target=None, groups=(VBSP,), label=_lt("Extend")
        ),
        "handle_risk": Transition(
            sources=RUNNING_STATES,
            target=None,
            groups=(VBSP,),
            label=_lt("Handle a risk"),
        ),
        "check_use": Transition(
            sources=RUNNING_STATES,
            target=None,
            groups=(SAVINGS, VBSP),
            label=_lt("Record a loan-use check"),
        ),
        # Taken in-process by the steps above, never asked for directly.
        "close": Transition(
            sources=("repaying",), target="closed", groups=(), label=_lt("Close")
        ),
        "reopen": Transition(
            sources=("closed",), target="repaying", groups=(), label=_lt("Reopen")
        ),
        "write_off": Transition(
            sources=RUNNING_STATES, target="closed", groups=(), label=_lt("Write off")
        ),
        "overdue": Transition(
            sources=RUNNING_STATES, target=None, groups=(), label=_lt("Overdue run")
        ),
    }

    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    borrower_type = fields.Selection(
        [("person", "Person after rehab"), ("establishment", "Establishment")],
        required=True,
        default="person",
        tracking=True,
    )
    slip_id = fields.Many2one(
        "rehab.referral.slip",
        string="Referral slip",
        check_company=False,
        domain="[('state', '=', 'valid')]",
        tracking=True,
    )
    purpose = fields.Selection(LOAN_PURPOSES, required=True, tracking=True, index=True)
    amount_requested = fields.Monetary(required=True, tracking=True)
    amount_approved = fields.Monetary(readonly=True, tracking=True)
    term_months = fields.Integer(string="Term (months)", default=36, tracking=True)
    grace_months = fields.Integer(string="Grace (months)", default=0)
    frequency = fields.Selection(
        [("1", "Monthly"), ("3", "Quarterly")],
        string="Repayment frequency",
        default="1",
        required=True,
    )
    savings_group_id = fields.Many2one(
        "rehab.savings.group", string="Savings-and-loan group", tracking=True
    )
    organisation = fields.Selection(
        related="savings_group_id.organisation", store=True, string="Organisation"
    )
    # Rates of each loan: neither summed nor averaged when loans are grouped.
    interest_rate = fields.Float(
        string="Annual rate (%)", digits=(5, 3), readonly=True, aggregator=None
    )
    overdue_multiplier = fields.Float(
        string="Overdue rate (%)", digits=(5, 1), readonly=True, aggregator=None
    )
    state = fields.Selection(
        [
            ("draft", "Application"),
            ("reviewed", "Reviewed by the group"),
            ("confirmed", "Confirmed by the commune"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("disbursing", "Partly disbursed"),
            ("repaying", "Repaying"),
            ("closed", "Closed"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    application_date = fields.Date(
        string="Application date",
        readonly=True,
        copy=False,
        tracking=True,
        help="The day the bank made the application (from the referral slip "
        "for a person). Set by the server; the group review cannot be older.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # The borrower is checked by its constraint within super().create():
        # a refused application uses up neither the slip nor a number.
        loans = super().create(vals_list)
        for loan in loans:
            if loan.slip_id:
                loan.slip_id._use()
            loan.sudo().write(
                {
                    # Numbered by the agency's year, whatever date a client's
                    # context (ir_sequence_date) names.
                    "name": self.env["ir.sequence"].next_by_code(
                        "rehab.loan", sequence_date=self._rehab_today()
                    )
                    or "/",
                    "application_date": loan.slip_id.used_date or self._rehab_today(),
                }
            )
            loan._workflow_open_todo(
                loan._savings_officers(),
                _lt("Review the loan application in the savings group"),
            )
        return loans

    def _savings_officers(self):
        """The officers of the loan's savings group, else of its commune."""
        self.ensure_one()
        officers = self.savings_group_id.sudo().officer_ids.filtered(
            lambda user: user.active and user.has_group(SAVINGS)
        )
        return officers or self.company_id._programme_users(SAVINGS)

    def _bank_officers(self):
        """The loan's VBSP officer: the one who serves its commune at its office."""
        self.ensure_one()
        return self.env["rehab.transaction.point"]._office_officers(
            self.vbsp_office_id, self.company_id
        )

    @api.model
    def _workflow_other_todos(self):
        return [
            (_lt("Review the loan application in the savings group"), ("draft",)),
            (_lt("Decide the loan application"), ("confirmed",)),
        ]
