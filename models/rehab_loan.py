# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from ..tools import loan_rules, rehab_rules
from ..tools.batching import iter_batches
from ..tools.roles import ADMIN, CHAIRMAN, SAVINGS, VBSP
from .rehab_workflow_mixin import Transition

_lt = LazyTranslate(__name__)
RECOVERY_ACTIVITY = "post_rehab_credit.mail_activity_type_recovery"

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
        "mail.thread",
        "mail.activity.mixin",
        "rehab.access.logged.mixin",
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
            ("draft",),
            "reviewed",
            (SAVINGS,),
            _lt("Group review"),
            todo=_lt("Confirm the loan application for the commune"),
            todo_group=CHAIRMAN,
        ),
        "review_refuse": Transition(
            ("draft",), "rejected", (SAVINGS,), _lt("Group review (refused)")
        ),
        "confirm": Transition(
            ("reviewed",),
            "confirmed",
            (CHAIRMAN,),
            _lt("Confirm (commune)"),
            todo=_lt("Decide the loan application"),
            todo_group=VBSP,
        ),
        "approve": Transition(
            ("confirmed",),
            "approved",
            (VBSP,),
            _lt("Decide: approve"),
            todo=_lt("Disburse the loan"),
            todo_group=VBSP,
        ),
        "reject": Transition(
            ("confirmed",), "rejected", (VBSP,), _lt("Decide: reject")
        ),
        "disburse": Transition(
            ("approved", "disbursing"),
            "disbursing",
            (VBSP,),
            _lt("Disburse"),
            todo=_lt("Disburse the next tranche"),
            todo_group=VBSP,
        ),
        "disburse_all": Transition(
            ("approved", "disbursing"), "repaying", (VBSP,), _lt("Disburse in full")
        ),
        "repay": Transition(RUNNING_STATES, None, (VBSP,), _lt("Post a repayment")),
        "reverse": Transition(
            RUNNING_STATES + ("closed",), None, (VBSP,), _lt("Reverse a repayment")
        ),
        "extend": Transition(RUNNING_STATES, None, (VBSP,), _lt("Extend")),
        "handle_risk": Transition(RUNNING_STATES, None, (VBSP,), _lt("Handle a risk")),
        "check_use": Transition(
            RUNNING_STATES, None, (SAVINGS, VBSP), _lt("Record a loan-use check")
        ),
        # Taken in-process by the steps above, never asked for directly.
        "close": Transition(("repaying",), "closed", (), _lt("Close")),
        "reopen": Transition(("closed",), "repaying", (), _lt("Reopen")),
        "write_off": Transition(RUNNING_STATES, "closed", (), _lt("Write off")),
        "overdue": Transition(RUNNING_STATES, None, (), _lt("Overdue run")),
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
    person_id = fields.Many2one(
        "rehab.person",
        compute="_compute_person_id",
        store=True,
        readonly=False,
        check_company=False,
        index=True,
    )
    establishment_id = fields.Many2one(
        "rehab.establishment", check_company=False, index=True, tracking=True
    )
    borrower_name = fields.Char(
        compute="_compute_borrower", store=True, string="Borrower"
    )
    company_id = fields.Many2one(
        "res.company",
        string="Commune",
        compute="_compute_borrower",
        store=True,
        index=True,
    )
    vbsp_office_id = fields.Many2one(
        "res.company",
        string="VBSP transaction office",
        compute="_compute_borrower",
        store=True,
        check_company=False,
        index=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    household_rep_name = fields.Char(
        string="Household representative (signs)",
        compute="_compute_household",
        store=True,
        readonly=False,
    )
    household_rep_relation = fields.Char(
        string="Relation", compute="_compute_household", store=True, readonly=False
    )
    household_rep_citizen_id = fields.Char(
        string="Representative's citizen ID",
        compute="_compute_household",
        store=True,
        readonly=False,
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
    review_date = fields.Date(string="Group meeting", readonly=True)
    review_members_present = fields.Integer(string="Members present", readonly=True)
    review_note = fields.Text(string="Group review", readonly=True)
    review_amount = fields.Monetary(
        string="Amount agreed by the group",
        readonly=True,
        help="What the savings group agreed to propose; the bank approves no more.",
    )
    confirmed_by_id = fields.Many2one("res.users", string="Confirmed by", readonly=True)
    confirmed_date = fields.Date(string="Confirmed on", readonly=True)
    # The bank's decision clock: from the day the file is complete.
    file_complete_date = fields.Date(
        string="File complete on",
        readonly=True,
        tracking=True,
        help="The day the loan file became complete: reviewed by the group, "
        "confirmed by the commune and, for a training loan, with the training "
        "institution's confirmation. The bank's decision clock starts then.",
    )
    file_missing = fields.Char(
        string="File incomplete",
        compute="_compute_file_missing",
        help="What the file still lacks before the bank's decision clock starts.",
    )
    decision_due_date = fields.Date(
        string="Decision due by",
        compute="_compute_decision_due_date",
        store=True,
        help="The bank decides by this day: the configured number of working "
        "days (Monday to Friday, less the public holidays) after the file is "
        "complete.",
    )
    is_decision_late = fields.Boolean(
        string="Decision late",
        compute="_compute_is_decision_late",
        store=True,
        index=True,
        help="The bank had not decided by the due day (refreshed every day).",
    )
    decision_date = fields.Date(readonly=True, tracking=True)
    decision_recorded_date = fields.Date(
        string="Decision recorded on",
        readonly=True,
        copy=False,
        help="The day the server recorded the bank's decision (its own clock, "
        "whatever date was typed): the decision clock judges lateness by it.",
    )
    decided_by_id = fields.Many2one("res.users", string="Decided by", readonly=True)
    decision_note = fields.Text(readonly=True)
    disbursement_ids = fields.One2many(
        "rehab.loan.disbursement", "loan_id", string="Disbursements"
    )
    installment_ids = fields.One2many(
        "rehab.loan.installment", "loan_id", string="Schedule"
    )
    repayment_ids = fields.One2many(
        "rehab.loan.repayment", "loan_id", string="Repayments"
    )
    reversal_ids = fields.One2many("rehab.loan.reversal", "loan_id", string="Reversals")
    extension_ids = fields.One2many(
        "rehab.loan.extension", "loan_id", string="Extensions"
    )
    risk_ids = fields.One2many("rehab.loan.risk", "loan_id", string="Risk handling")
    use_check_ids = fields.One2many(
        "rehab.loan.use.check", "loan_id", string="Loan-use checks"
    )
    last_check_date = fields.Date(
        string="Last use check", compute="_compute_last_check", store=True
    )
    last_check_finding = fields.Selection(
        USE_FINDINGS,
        string="Last finding",
        compute="_compute_last_check",
        store=True,
        index=True,
    )
    use_check_base_date = fields.Date(
        string="Use checked from",
        compute="_compute_last_check",
        store=True,
        index=True,
        help="The last use check, else the first disbursement: the period "
        "between checks runs from this day.",
    )
    use_check_due_date = fields.Date(
        string="Next use check by",
        compute="_compute_use_check_due",
        search="_search_use_check_due_date",
    )
    is_use_check_due = fields.Boolean(
        string="Use not checked",
        compute="_compute_use_check_due",
        search="_search_is_use_check_due",
        help="Disbursed and not checked within the configured period.",
    )
    use_recovery = fields.Boolean(
        string="Recovery (misused)",
        compute="_compute_use_recovery",
        store=True,
        index=True,
        help="The last use check found the loan misused: the transaction office "
        "recovers it through its repayments and risk handling.",
    )
    due_day = fields.Integer(
        string="Falls due on day",
        readonly=True,
        copy=False,
        help="The day of the month of the commune's transaction session, on "
        "which the instalments fall due (the month's last day when it has no "
        "such day), set at the first disbursement. Empty: the day of the month "
        "of the first disbursement (a loan of a commune without a transaction "
        "point, or disbursed before they were aligned).",
    )
    first_due_date = fields.Date(
        string="First instalment on",
        readonly=True,
        copy=False,
        help="The first transaction session at least the configured number of "
        "days after the first disbursement.",
    )
    risk_action = fields.Selection(
        [
            ("freeze", "Frozen"),
            ("write_off_interest", "Interest written off"),
            ("write_off_principal", "Principal written off"),
        ],
        readonly=True,
        tracking=True,
        index=True,
    )
    disbursed_amount = fields.Monetary(compute="_compute_amounts", store=True)
    outstanding_principal = fields.Monetary(compute="_compute_amounts", store=True)
    overdue_interest = fields.Monetary(compute="_compute_amounts", store=True)
    is_extended = fields.Boolean(
        compute="_compute_flags", store=True, string="Extended"
    )
    # The figures that move with the date: recomputed by their dependencies
    # (every step of the ledger) and, for the date, by the daily overdue run,
    # frozen loans included (see _delinquency_state).
    overdue_principal = fields.Monetary(compute="_compute_delinquency", store=True)
    days_past_due = fields.Integer(
        compute="_compute_delinquency", store=True, index=True
    )
    delinquency_bucket = fields.Selection(
        BUCKETS, compute="_compute_delinquency", store=True, index=True
    )
    is_overdue = fields.Boolean(compute="_compute_flags", store=True, index=True)
    par30_principal = fields.Monetary(
        string="Outstanding over 30 days past due",
        compute="_compute_delinquency",
        store=True,
    )

    # Borrower

    @api.depends("slip_id")
    def _compute_person_id(self):
        for loan in self:
            if loan.slip_id:
                loan.person_id = loan.slip_id.sudo().person_id

    @api.depends("borrower_type", "person_id", "establishment_id")
    def _compute_borrower(self):
        for loan in self:
            borrower = (
                loan.person_id
                if loan.borrower_type == "person"
                else loan.establishment_id
            ).sudo()
            loan.borrower_name = borrower.name
            loan.company_id = borrower.company_id
            loan.vbsp_office_id = borrower.company_id.vbsp_office_ids[:1]

    @api.depends("person_id")
    def _compute_household(self):
        for loan in self:
            person = loan.person_id.sudo()
            loan.household_rep_name = person.household_rep_name
            loan.household_rep_relation = person.household_rep_relation
            loan.household_rep_citizen_id = person.household_rep_citizen_id

    @api.depends(
        "disbursement_ids.amount",
        "installment_ids.principal_remaining",
        "installment_ids.overdue_interest_remaining",
    )
    def _compute_amounts(self):
        for loan in self:
            lines = loan.installment_ids
            loan.disbursed_amount = sum(loan.disbursement_ids.mapped("amount"))
            loan.outstanding_principal = sum(lines.mapped("principal_remaining"))
            loan.overdue_interest = sum(lines.mapped("overdue_interest_remaining"))

    @api.depends(
        "state",
        "outstanding_principal",
        "installment_ids.due_date",
        "installment_ids.is_paid",
        "installment_ids.principal_remaining",
    )
    def _compute_delinquency(self):
        today = self._rehab_today()
        for loan in self:
            loan.update(loan._delinquency_state(today))

    def _delinquency_state(self, day):
        """Overdue principal, days past due, bucket and PAR30 principal on ``day``.

        A frozen loan («khoanh nợ») keeps its schedule: these figures follow
        the date like any running loan's, since its principal is unpaid past
        its dates and at risk; only its overdue interest stops accruing while
        it is frozen (_accrue_overdue). A loan closed (repaid or written off)
        is past due no more.
        """
        self.ensure_one()
        due = self.installment_ids.filtered(lambda i: i.due_date and i.due_date < day)
        unpaid = due.filtered(lambda i: not i.is_paid)
        days = 0
        if unpaid and self.state in RUNNING_STATES:
            days = (day - min(unpaid.mapped("due_date"))).days
        return {
            "overdue_principal": sum(
                i.principal_remaining for i in due if i.principal_remaining > 0
            ),
            "days_past_due": days,
            "delinquency_bucket": loan_rules.delinquency_bucket(days),
            "par30_principal": self.outstanding_principal if days > 30 else 0,
        }

    @api.depends("extension_ids", "days_past_due")
    def _compute_flags(self):
        for loan in self:
            loan.is_extended = bool(loan.extension_ids)
            loan.is_overdue = loan.days_past_due > 0

    # The bank's decision clock

    @api.depends("state", "review_date", "confirmed_by_id", "purpose", "person_id")
    def _compute_file_missing(self):
        for loan in self:
            missing = loan._file_missing() if loan.state in OPEN_STATES else []
            loan.file_missing = ", ".join(missing) or False

    def _file_missing(self):
        """What the loan's file lacks for the bank to decide (texts).

        Complete: reviewed by the savings group, confirmed by the commune (every
        loan passes the commune's step before the bank's), and for a training
        loan the training institution's confirmation on the person's file
        (the facts the eligibility reads as "training confirmed").
        """
        self.ensure_one()
        missing = []
        if not self.review_date or self.state == "draft":
            missing.append(_("the group review"))
        if not self.confirmed_by_id:
            missing.append(_("the commune's confirmation"))
        if self.borrower_type == "person" and self.purpose == "training":
            person = self.person_id.sudo()
            if not person._eligibility_values()["training_confirmed"]:
                missing.append(_("the training institution's confirmation"))
        return missing

    @api.depends("file_complete_date")
    def _compute_decision_due_date(self):
        days = rehab_rules.params_from_env(self.env)["decision_working_days"]
        starts = [d for d in self.mapped("file_complete_date") if d]
        holidays = set()
        if starts:
            # Wide enough for Tết: a week and a half per working day.
            holidays = self.env["rehab.public.holiday"]._between(
                min(starts), max(starts) + relativedelta(days=11 * days + 15)
            )
        for loan in self:
            loan.decision_due_date = loan_rules.add_working_days(
                loan.file_complete_date, days, holidays
            )

    @api.depends(
        "state", "decision_due_date", "decision_date", "decision_recorded_date"
    )
    def _compute_is_decision_late(self):
        today = self._rehab_today()
        for loan in self:
            loan.is_decision_late = loan._decision_late_on(today)

    def _decision_late_on(self, day):
        """Past the due day without a decision on ``day``, or decided after it.

        A decision is judged on the day the server recorded it, not on the
        date typed on it: a decision recorded late stays late, however far
        back it is dated (older rows without the recorded day: their date).
        """
        due = self.decision_due_date
        if not due:
            return False
        if self.state == "confirmed":
            return day > due
        decided = self.decision_recorded_date or self.decision_date
        return bool(decided and decided > due)

    def _start_decision_clock(self, day=None):
        """Start the clock of the confirmed loans whose file is now complete.

        In-process, from the steps that complete a file (the commune's
        confirmation, a training confirmation added to the person's file).
        The bank officers' to-do «Decide the loan application» falls due on
        the decision's due day.
        """
        day = day or self._rehab_today()
        loans = self.sudo().filtered(
            lambda loan: (
                loan.state == "confirmed"
                and not loan.file_complete_date
                and not loan._file_missing()
            )
        )
        if not loans:
            return
        loans.write({"file_complete_date": day})
        loans._sync_decision_todos()
        for loan in loans:
            loan.message_post(
                body=_(
                    "The loan file is complete: the bank decides by %s.",
                    loan.decision_due_date.strftime("%d/%m/%Y"),
                )
            )

    @api.model
    def _start_decision_clock_of(self, people):
        """A person's file changed: start the clocks it completes."""
        self.sudo().search(
            [
                ("person_id", "in", people.ids),
                ("state", "=", "confirmed"),
                ("file_complete_date", "=", False),
            ]
        )._start_decision_clock()

    def _sync_decision_todos(self):
        """The bank officers' to-do on each loan is due on its decision day."""
        step = self.env.ref("post_rehab_credit.mail_activity_type_step")
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", step.id),
                ]
            )
        )
        for loan in self.sudo():
            mine = activities.filtered(lambda a, loan=loan: a.res_id == loan.id)
            if mine:
                mine.write({"date_deadline": loan.decision_due_date})
            else:
                loan._workflow_open_todo(
                    loan._bank_officers(),
                    _lt("Decide the loan application"),
                    deadline=loan.decision_due_date,
                )

    @api.model
    def _refresh_decision_due(self):
        """The working days or the holidays changed: the open clocks follow."""
        loans = self.sudo().search(
            [("state", "=", "confirmed"), ("file_complete_date", "!=", False)]
        )
        if not loans:
            return
        for name in ("decision_due_date", "is_decision_late"):
            self.env.add_to_compute(self._fields[name], loans)
        loans.flush_recordset(["decision_due_date", "is_decision_late"])
        loans._sync_decision_todos()

    @api.model
    def _cron_decision_clock(self):
        """Daily: the loans whose decision is late today (idempotent).

        Only the loans waiting for the bank's decision move with the date; a
        decided loan's flag follows its decision date.
        """
        today = self._rehab_today()
        loans = self.sudo().search(
            [("state", "=", "confirmed"), ("decision_due_date", "!=", False)]
        )
        changed = loans.filtered(
            lambda loan: loan.is_decision_late != loan._decision_late_on(today)
        )
        if changed:
            self.env.add_to_compute(self._fields["is_decision_late"], changed)
            changed.flush_recordset(["is_decision_late"])

    # Loan-use checks

    @api.depends("use_check_ids.date", "use_check_ids.finding", "disbursement_ids.date")
    def _compute_last_check(self):
        for loan in self:
            last = loan.use_check_ids.sorted(lambda c: (c.date, c.id))[-1:]
            first = min(loan.disbursement_ids.mapped("date"), default=False)
            loan.last_check_date = last.date
            loan.last_check_finding = last.finding
            loan.use_check_base_date = last.date or first

    @api.depends("use_check_base_date", "state")
    def _compute_use_check_due(self):
        months = rehab_rules.params_from_env(self.env)["use_check_months"]
        today = self._rehab_today()
        for loan in self:
            due = False
            if loan.use_check_base_date and loan.state in RUNNING_STATES:
                due = loan.use_check_base_date + relativedelta(months=months)
            loan.use_check_due_date = due
            loan.is_use_check_due = bool(due and today > due)

    def _use_check_cutoff(self):
        """Loans checked from this day or earlier are due for a check today."""
        months = rehab_rules.params_from_env(self.env)["use_check_months"]
        today = self._rehab_today()
        return today - relativedelta(months=months)

    def _search_is_use_check_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search the loans not checked with yes or no only."))
        due = [
            ("state", "in", RUNNING_STATES),
            ("use_check_base_date", "<", self._use_check_cutoff()),
        ]
        if (operator == "=") == value:
            return due
        return ["!", "&", *due]

    def _search_use_check_due_date(self, operator, value):
        """The due day is the base day plus the period: search on the base."""
        if operator not in ("<", "<=", ">", ">=", "="):
            raise UserError(_("Search the next use check by a date only."))
        months = rehab_rules.params_from_env(self.env)["use_check_months"]
        day = fields.Date.to_date(value) - relativedelta(months=months)
        return [
            ("state", "in", RUNNING_STATES),
            ("use_check_base_date", operator, day),
        ]

    @api.depends("last_check_finding", "state")
    def _compute_use_recovery(self):
        for loan in self:
            loan.use_recovery = (
                loan.last_check_finding == "misused" and loan.state in RUNNING_STATES
            )

    def _use_check_scope_error(self, checked_by):
        """Why the user may not record a check of ``checked_by`` on the loan."""
        self.ensure_one()
        user = self.env.user
        if user.has_group(ADMIN):
            return False
        if checked_by == "organisation":
            if user.has_group(SAVINGS) and (
                self.savings_group_id & user.rehab_savings_group_ids
            ):
                return False
            return _(
                "A check by the entrusted organisation is recorded by an officer "
                "of the loan's savings-and-loan group."
            )
        if checked_by == "bank":
            if user.has_group(VBSP) and (
                self.company_id & user.company_ids.served_commune_ids
            ):
                return False
            return _(
                "A check by the bank is recorded by an officer of the "
                "transaction office that serves the loan's commune."
            )
        return _("Say who checked: the entrusted organisation or the bank.")

    def _record_use_check(self, day, checked_by, finding, note):
        """Record a check of how the loan is used (append-only).

        The entrusted organisation (an officer of the loan's savings group) or
        the bank (an officer of the office serving the commune) checks a
        disbursed loan. A check is never changed or deleted: a correction is a
        new check. A misuse finding opens a recovery: a flag on the loan and a
        to-do for the office's bank officers; the money is recovered through
        the loan's repayments and risk handling.
        """
        self.ensure_one()
        loan = self._workflow_start("check_use")
        error = self._use_check_scope_error(checked_by)
        if error:
            raise AccessError(error)
        if finding not in dict(USE_FINDINGS):
            raise UserError(_("Give the finding of the check."))
        note = (note or "").strip()
        if finding != "as_planned" and not note:
            raise UserError(
                _("Write what the check found when the loan is not used as planned.")
            )
        if not day or day > self._rehab_today():
            raise UserError(_("A loan-use check cannot be dated in the future."))
        first = min(loan.disbursement_ids.mapped("date"), default=False)
        if first and day < first:
            raise UserError(
                _(
                    "A loan-use check cannot be dated before the first "
                    "disbursement of %s.",
                    first.strftime("%d/%m/%Y"),
                )
            )
        if loan.last_check_date and day < loan.last_check_date:
            raise UserError(
                _(
                    "The checks of a loan go forward: a check cannot be dated "
                    "before the last one (%s).",
                    loan.last_check_date.strftime("%d/%m/%Y"),
                )
            )
        check = loan.env["rehab.loan.use.check"].create(
            {
                "loan_id": loan.id,
                "date": day,
                "checked_by": checked_by,
                "organisation": loan.organisation
                if checked_by == "organisation"
                else False,
                "finding": finding,
                "note": note or False,
            }
        )
        recovery = loan.env["mail.activity"].search(
            [
                ("res_model", "=", loan._name),
                ("res_id", "=", loan.id),
                ("activity_type_id", "=", loan.env.ref(RECOVERY_ACTIVITY).id),
            ]
        )
        if finding == "misused":
            if not recovery:
                for user in loan._bank_officers():
                    loan.activity_schedule(
                        RECOVERY_ACTIVITY,
                        date_deadline=self._rehab_today(),
                        summary=loan._workflow_text(
                            _lt("Recover the misused loan"), user.lang
                        ),
                        user_id=user.id,
                    )
        elif recovery:
            # A later check finds the money in use again: the recovery ends.
            recovery.action_feedback(
                feedback=_("A later loan-use check found: %s.", check._finding_text())
            )
        loan.message_post(
            body=_(
                "Loan-use check of %(day)s by %(who)s: %(finding)s.",
                day=day.strftime("%d/%m/%Y"),
                who=check.checker_label,
                finding=check._finding_text(),
            )
        )
        return check

    # Application

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
                    "name": self.env["ir.sequence"].next_by_code("rehab.loan") or "/",
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

    def _workflow_todo_users(self, transition):
        if transition.todo_group == VBSP:
            return self._bank_officers()
        return super()._workflow_todo_users(transition)

    @api.model
    def _workflow_other_todos(self):
        return [
            (_lt("Review the loan application in the savings group"), ("draft",)),
            (_lt("Decide the loan application"), ("confirmed",)),
        ]

    @api.constrains(
        "borrower_type", "slip_id", "person_id", "establishment_id", "purpose"
    )
    def _check_borrower(self):
        for loan in self:
            if loan.borrower_type == "person":
                if not loan.slip_id:
                    raise ValidationError(
                        _("A loan to a person is made from a referral slip.")
                    )
                if loan.slip_id.person_id != loan.person_id:
                    raise ValidationError(_("The referral slip is for another person."))
                if loan.purpose == "expansion":
                    raise ValidationError(
                        _("Expanding production is a purpose of establishments.")
                    )
            elif not loan.establishment_id:
                raise ValidationError(_("Choose the establishment that borrows."))
            elif loan.purpose != "expansion":
                raise ValidationError(
                    _("An establishment borrows to expand production.")
                )

    @api.constrains("savings_group_id", "company_id")
    def _check_savings_group(self):
        for loan in self.sudo():
            group = loan.savings_group_id
            if group and group.company_id != loan.company_id:
                raise ValidationError(
                    _(
                        "The savings-and-loan group %(group)s is not one of "
                        "%(commune)s.",
                        group=group.name,
                        commune=loan.company_id.name,
                    )
                )

    @api.constrains("amount_requested", "slip_id")
    def _check_amount_on_slip(self):
        for loan in self:
            slip = loan.slip_id.sudo()
            if slip.amount and loan.amount_requested > slip.amount:
                raise ValidationError(
                    _(
                        "The application asks for %(asked)s đồng, more than the "
                        "%(slip)s đồng confirmed on the referral slip %(number)s.",
                        asked=loan_rules.format_vnd(loan.amount_requested),
                        slip=loan_rules.format_vnd(slip.amount),
                        number=slip.name,
                    )
                )

    @api.constrains("amount_requested", "term_months", "grace_months")
    def _check_application(self):
        """What is asked for is possible; the decision checks it all again."""
        params = rehab_rules.params_from_env(self.env)
        for loan in self:
            errors = []
            if loan.amount_requested <= 0:
                errors.append(_("The amount requested must be positive."))
            errors += loan._term_errors(loan.term_months, loan.grace_months, params)
            if errors:
                raise ValidationError("\n".join(errors))

    @api.constrains("household_rep_citizen_id")
    def _check_household_rep_citizen_id(self):
        for loan in self.sudo():
            self.env["rehab.person"]._check_representative_citizen_id(
                loan.household_rep_citizen_id, loan.borrower_name
            )

    # Rules of the programme

    def _term_errors(self, term_months, grace_months, params):
        errors = []
        if not 0 < term_months <= params["max_term_months"]:
            errors.append(
                _(
                    "The term must be between 1 and %s months.",
                    params["max_term_months"],
                )
            )
        if grace_months < 0:
            errors.append(_("The grace cannot be negative."))
        elif grace_months >= term_months:
            errors.append(_("The grace must be shorter than the term."))
        return errors

    def _training_months(self):
        person = self.person_id.sudo()
        if not (person.training_start and person.training_end):
            return 0
        delta = relativedelta(person.training_end, person.training_start)
        return delta.years * 12 + delta.months + (1 if delta.days else 0)

    def _check_rules(self, amount, term_months, grace_months, frequency, on_date):
        """Every rule of the programme on a decision; raises with a clear reason."""
        self.ensure_one()
        params = rehab_rules.params_from_env(self.env)
        errors = []
        if amount <= 0:
            errors.append(_("The approved amount must be positive."))
        errors += self._term_errors(term_months, grace_months, params)
        if term_months % frequency or grace_months % frequency:
            errors.append(_("Term and grace must be whole repayment periods."))
        if self.borrower_type == "person":
            errors += self._person_rule_errors(amount, on_date, params)
        else:
            errors += self._establishment_rule_errors(amount, params)
        if errors:
            raise ValidationError("\n".join(errors))

    def _person_rule_errors(self, amount, on_date, params):
        errors = []
        # The ceiling is for the person, whatever the number of loans.
        others = self.sudo().search(
            [
                ("person_id", "=", self.person_id.id),
                ("id", "!=", self.id),
                ("state", "in", ("approved",) + RUNNING_STATES),
            ]
        )
        # What the person owes, and what was approved but not paid out yet.
        owed = sum(
            loan.outstanding_principal + loan.amount_approved - loan.disbursed_amount
            for loan in others
        )
        if amount + owed > params["individual_ceiling"]:
            errors.append(
                _(
                    "A person may borrow at most %s đồng.",
                    loan_rules.format_vnd(params["individual_ceiling"]),
                )
            )
        eligible, reasons = self.person_id._eligible_on(on_date)
        if not eligible:
            errors.append(
                _(
                    "The person is not eligible on %(day)s: %(why)s",
                    day=on_date.strftime("%d/%m/%Y"),
                    why=reasons,
                )
            )
        if self.purpose == "training":
            person = self.person_id.sudo()
            if not person.training_confirmation:
                errors.append(
                    _("A training loan needs the training institution's confirmation.")
                )
            months = self._training_months()
            ceiling = months * params["training_amount_per_month"]
            if amount > ceiling:
                errors.append(
                    _(
                        "A training loan is at most %(per)s đồng a month of study "
                        "(%(months)s months).",
                        per=loan_rules.format_vnd(params["training_amount_per_month"]),
                        months=months,
                    )
                )
        return errors

    def _establishment_rule_errors(self, amount, params):
        errors = []
        establishment = self.establishment_id.sudo()
        if not establishment.is_eligible:
            errors.append(
                _(
                    "The establishment does not have %s %% of its workers after "
                    "rehab with a labour contract.",
                    params["establishment_min_share"],
                )
            )
        ceiling = params["establishment_ceiling"]
        if params["per_worker_ceiling"]:
            ceiling = min(
                ceiling,
                params["per_worker_ceiling"] * establishment.rehab_worker_count,
            )
        if amount > ceiling:
            errors.append(
                _(
                    "The establishment may borrow at most %s đồng.",
                    loan_rules.format_vnd(ceiling),
                )
            )
        return errors

    # Steps before the money

    def _review(self, agreed, meeting_date, members_present, note, amount=None):
        """The savings group's review of the application (its meeting)."""
        loan = self._workflow_start("review" if agreed else "review_refuse")
        loan.ensure_one()
        if not loan.savings_group_id:
            raise UserError(
                _("Choose the savings-and-loan group of the borrower first.")
            )
        if members_present <= 0:
            raise UserError(_("Give the number of members present at the meeting."))
        if members_present > loan.savings_group_id.member_count:
            raise UserError(_("More members present than the group has."))
        if meeting_date > self._rehab_today():
            raise UserError(_("The meeting cannot be in the future."))
        applied = loan._application_day()
        if applied and meeting_date < applied:
            raise UserError(
                _(
                    "The meeting cannot be dated before the loan application of %s.",
                    applied.strftime("%d/%m/%Y"),
                )
            )
        if not (note or "").strip():
            raise UserError(_("Write the minutes of the group meeting."))
        amount = loan.amount_requested if amount is None else amount
        if agreed and not 0 < amount <= loan.amount_requested:
            raise UserError(
                _(
                    "The group agrees to an amount between 1 and the %s đồng "
                    "requested.",
                    loan_rules.format_vnd(loan.amount_requested),
                )
            )
        loan._workflow_finish(
            "review" if agreed else "review_refuse",
            {
                "review_date": meeting_date,
                "review_members_present": members_present,
                "review_note": note,
                "review_amount": amount if agreed else 0,
            },
        )
        loan.message_post(
            body=_(
                "Group review on %(day)s, %(count)s members present: %(result)s.",
                day=meeting_date.strftime("%d/%m/%Y"),
                count=members_present,
                result=_("agreed to lend %s đồng", loan_rules.format_vnd(amount))
                if agreed
                else _("refused"),
            )
        )
        return True

    def _application_day(self):
        """The application's day; for older rows, the day it was created."""
        self.ensure_one()
        if self.application_date:
            return self.application_date
        if self.create_date:
            return self._rehab_date(self.create_date)
        return False

    def action_confirm_commune(self):
        loans = self._workflow_start("confirm")
        today = self._rehab_today()
        loans._workflow_finish(
            "confirm", {"confirmed_by_id": self.env.uid, "confirmed_date": today}
        )
        loans._start_decision_clock(today)
        return True

    def _decide(self, approve, day, note, *, amount=0, term=0, grace=0, frequency="1"):
        """The bank's decision on an application the commune confirmed."""
        loan = self._workflow_start("approve" if approve else "reject")
        loan.ensure_one()
        if day > self._rehab_today():
            raise UserError(_("The decision cannot be dated in the future."))
        loan._check_decision_day(day)
        # The day the server records the decision, by its own clock: the
        # decision clock judges by it, whatever date is typed.
        recorded = loan._rehab_today()
        if not approve:
            if not (note or "").strip():
                raise UserError(_("Give the reason for rejecting the loan."))
            loan._workflow_finish(
                "reject",
                {
                    "decision_date": day,
                    "decision_recorded_date": recorded,
                    "decided_by_id": self.env.uid,
                    "decision_note": note,
                },
            )
            return True
        agreed = min(loan.amount_requested, loan.review_amount or loan.amount_requested)
        if amount > agreed:
            raise UserError(
                _(
                    "The bank approves at most what was requested and agreed by the "
                    "group: %s đồng.",
                    loan_rules.format_vnd(agreed),
                )
            )
        loan._check_rules(amount, term, grace, int(frequency), day)
        rate = self.env["rehab.interest.rate"].sudo()._rate_on(day)
        loan._workflow_finish(
            "approve",
            {
                "amount_approved": amount,
                "term_months": term,
                "grace_months": grace,
                "frequency": frequency,
                "interest_rate": rate.annual_rate,
                "overdue_multiplier": rate.overdue_multiplier,
                "decision_date": day,
                "decision_recorded_date": recorded,
                "decided_by_id": self.env.uid,
                "decision_note": note,
            },
        )
        return True

    def _check_decision_day(self, day):
        """A decision is dated on or after every step it rests on: the group
        review, the commune's confirmation and the day the file became
        complete (for a training loan, the training institution's
        confirmation)."""
        self.ensure_one()
        steps = [
            (step_day, step)
            for step_day, step in (
                (self.review_date, _("the group review")),
                (self.confirmed_date, _("the commune's confirmation")),
                (self.file_complete_date, _("the completion of the loan file")),
            )
            if step_day and day < step_day
        ]
        if steps:
            # The latest of them is the one that bounds the date.
            step_day, step = max(steps, key=lambda item: item[0])
            raise UserError(
                _(
                    "The decision cannot be dated before %(step)s of %(day)s.",
                    step=step,
                    day=step_day.strftime("%d/%m/%Y"),
                )
            )

    def _open_wizard(self, model, title):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_loan_id": self.id},
        }

    def action_open_review(self):
        return self._open_wizard("rehab.loan.review", _("Group review"))

    def action_open_decide(self):
        return self._open_wizard("rehab.loan.decide", _("Decide the loan"))

    def action_open_disburse(self):
        return self._open_wizard("rehab.loan.disburse", _("Disburse"))

    def action_open_repay(self):
        return self._open_wizard("rehab.loan.repay", _("Post a repayment"))

    def action_open_reverse(self):
        return self._open_wizard("rehab.loan.reverse", _("Reverse a repayment"))

    def action_open_extend(self):
        return self._open_wizard("rehab.loan.extend", _("Extend the debt"))

    def action_open_risk(self):
        return self._open_wizard("rehab.loan.risk.handle", _("Handle a risk"))

    def action_open_use_check(self):
        return self._open_wizard("rehab.loan.check", _("Record a loan-use check"))

    # Money: every change is an entry of the ledger, made by a step

    def _transaction_point(self):
        """The transaction point where the borrowers of the loan's commune pay."""
        self.ensure_one()
        return (
            self.env["rehab.transaction.point"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("vbsp_office_id", "=", self.vbsp_office_id.id),
                ],
                limit=1,
            )
        )

    def _align_to_session(self, start):
        """At the first disbursement: the instalments fall due on the day of
        the commune's transaction session, the first at the first session at
        least the configured days after ``start`` (loan_rules.first_session_due).
        A commune without a transaction point keeps the disbursement's day."""
        self.ensure_one()
        point = self._transaction_point()
        if not point:
            return
        days = rehab_rules.params_from_env(self.env)["first_due_days"]
        self.write(
            {
                "due_day": point.session_day,
                "first_due_date": loan_rules.first_session_due(
                    start, point.session_day, days, int(self.frequency)
                ),
            }
        )

    def _moved_sessions(self):
        """{calendar day: day held} of the sessions of the loan's point moved."""
        self.ensure_one()
        if not self.due_day:
            return {}
        point = self._transaction_point()
        sessions = (
            self.env["rehab.transaction.session"]
            .sudo()
            .search(
                [
                    ("point_id", "=", point.id),
                    ("is_moved", "=", True),
                    ("scheduled_date", ">=", self.first_due_date),
                ]
            )
        )
        return {session.scheduled_date: session.date for session in sessions}

    def _build_schedule(self, start):
        """(Re)make the unpaid schedule over the principal disbursed so far.

        On the session day of the commune when the loan is aligned to it
        (due_day, first_due_date), with the sessions already moved.
        """
        self.ensure_one()
        self.installment_ids.unlink()
        rows = loan_rules.build_schedule(
            int(self.disbursed_amount),
            start,
            term_months=self.term_months,
            grace_months=self.grace_months,
            frequency=int(self.frequency),
            annual_rate=self.interest_rate,
            first_due=self.first_due_date or None,
            due_day=self.due_day or None,
            moved=self._moved_sessions(),
        )
        self.env["rehab.loan.installment"].create(
            [
                dict(row, loan_id=self.id, original_due_date=row["due_date"])
                for row in rows
            ]
        )

    def _check_capital(self, amount):
        """A disbursement leaves the province's capital available at zero or more.

        The figure is the capital position's own (capital entrusted less the
        outstanding principal). The province is locked so that two
        disbursements at once cannot both take the last of it.
        """
        self.ensure_one()
        province = self.company_id.sudo().province_id
        self.env.cr.execute(
            SQL("UPDATE res_company SET id = id WHERE id = %s", province.id)
        )
        self.env.flush_all()
        Position = self.env["rehab.capital.position"].sudo()
        # A database view: read it afresh, not from this transaction's cache.
        Position.invalidate_model()
        position = Position.search([("province_id", "=", province.id)])
        available = position.available
        if amount > available:
            raise UserError(
                _(
                    "The programme's capital available to lend in %(province)s is "
                    "%(available)s đồng: a disbursement of %(amount)s đồng would take "
                    "it below zero. The VBSP branch records the capital entrusted "
                    "first (menu «Capital»).",
                    province=province.name,
                    available=loan_rules.format_vnd(max(available, 0)),
                    amount=loan_rules.format_vnd(amount),
                )
            )

    def _disburse(self, day, amount, place=False):
        loan = self._workflow_start("disburse")
        loan.ensure_one()
        if amount <= 0:
            raise UserError(_("The amount disbursed must be positive."))
        if day > self._rehab_today():
            raise UserError(_("A disbursement cannot be dated in the future."))
        if loan.disbursed_amount + amount > loan.amount_approved:
            raise UserError(_("The disbursements would exceed the approved amount."))
        if loan.repayment_ids:
            raise UserError(_("A loan already in repayment takes no new tranche."))
        first = loan.disbursement_ids.sorted("date")[:1].date or day
        if day < first or day < loan.decision_date:
            raise UserError(
                _("A tranche cannot be dated before the decision or the first tranche.")
            )
        loan._check_capital(amount)
        if not loan.disbursement_ids:
            loan._align_to_session(day)
        loan.env["rehab.loan.disbursement"].create(
            {"loan_id": loan.id, "date": day, "amount": amount, "place": place}
        )
        loan._build_schedule(first)
        full = loan.disbursed_amount >= loan.amount_approved
        loan._workflow_finish("disburse_all" if full else "disburse")
        return True

    def _latest_entry_date(self):
        """The date of the last repayment standing or risk handling."""
        self.ensure_one()
        dates = self.repayment_ids.filtered(lambda r: not r.is_reversed).mapped(
            "date"
        ) + self.risk_ids.mapped("date")
        return max(dates) if dates else False

    def _accrue_overdue(self, day):
        """Accrue overdue interest up to ``day`` unless the debt is frozen."""
        if self.risk_action == "freeze":
            return
        self.installment_ids.filtered(
            lambda i: i.due_date < day and i.principal_remaining > 0
        )._accrue(day)

    def _owed_on(self, day):
        """What each instalment owes on ``day``, oldest first (loan_rules.owed_on):
        what a repayment on that day is shared over by loan_rules.allocate."""
        self.ensure_one()
        loan = self.sudo()
        return loan_rules.owed_on(
            day,
            loan.installment_ids.sorted("sequence")._owed_rows(),
            annual_rate=loan.interest_rate,
            overdue_multiplier=loan.overdue_multiplier,
            frozen=loan.risk_action == "freeze",
        )

    def _repay(self, day, amount):
        loan = self._workflow_start("repay")
        loan.ensure_one()
        if amount <= 0:
            raise UserError(_("The amount repaid must be positive."))
        if day > self._rehab_today():
            raise UserError(_("A repayment cannot be dated in the future."))
        if day < loan.disbursement_ids.sorted("date")[:1].date:
            raise UserError(_("A repayment cannot be dated before the disbursement."))
        latest = loan._latest_entry_date()
        if latest and day < latest:
            raise UserError(
                _(
                    "The ledger of the loan goes forward: a repayment cannot be "
                    "dated before its last entry (%s).",
                    latest.strftime("%d/%m/%Y"),
                )
            )
        loan._accrue_overdue(day)
        lines = loan.installment_ids.sorted("sequence")
        # The collection sheet's figures and the booking: one rule.
        allocations, left = loan_rules.allocate(int(amount), loan._owed_on(day))
        if left:
            raise UserError(
                _(
                    "The payment is %s đồng more than the loan owes.",
                    loan_rules.format_vnd(left),
                )
            )
        taken_lines = []
        for line, taken in zip(lines, allocations, strict=True):
            if any(taken.values()):
                line.write(
                    {
                        "overdue_interest_paid": line.overdue_interest_paid
                        + taken["overdue_interest"],
                        "interest_paid": line.interest_paid + taken["interest"],
                        "principal_paid": line.principal_paid + taken["principal"],
                    }
                )
                taken_lines.append((line, dict(taken, interest_waived=0)))
        waived = loan._waive_after_prepayment()
        allocation_vals = {line: taken for line, taken in taken_lines}
        for line, amount_waived in waived.items():
            allocation_vals.setdefault(
                line,
                {"overdue_interest": 0, "interest": 0, "principal": 0},
            )["interest_waived"] = amount_waived
        loan.env["rehab.loan.repayment"].create(
            {
                "loan_id": loan.id,
                "date": day,
                "amount": amount,
                "overdue_interest": sum(a["overdue_interest"] for a in allocations),
                "interest": sum(a["interest"] for a in allocations),
                "principal": sum(a["principal"] for a in allocations),
                "allocation_ids": [
                    (
                        0,
                        0,
                        dict(values, installment_id=line.id, loan_id=loan.id, date=day),
                    )
                    for line, values in allocation_vals.items()
                ],
            }
        )
        loan._close_if_paid()
        loan._refresh_delinquency()
        return True

    def _waive_after_prepayment(self):
        """Interest of periods not reached is not owed once the principal is paid.

        Returns {instalment: interest waived} for the repayment to record.
        """
        self.ensure_one()
        waived = {}
        if self.state == "repaying" and not self.outstanding_principal:
            for line in self.installment_ids.filtered(lambda i: i.interest_remaining):
                waived[line] = line.interest - line.interest_paid - line.interest_waived
                line.interest_waived = line.interest - line.interest_paid
        return waived

    def _close_if_paid(self):
        for loan in self:
            if (
                loan.state == "repaying"
                and not loan.outstanding_principal
                and not any(loan.installment_ids.mapped("overdue_interest_remaining"))
            ):
                loan._workflow_finish("close")

    def _reverse(self, repayment, reason):
        """Reverse a repayment posted by mistake: a new entry, with its reason.

        The original stays in the ledger; the instalments get back what it
        paid (and the interest its prepayment made not owed), the overdue
        interest missed since its date is accrued, and a loan it closed is
        open again. Only the latest repayment standing is reversed, and none
        before a risk handling: reverse the later ones first.
        """
        loan = self._workflow_start("reverse")
        loan.ensure_one()
        repayment = repayment.sudo()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason for reversing the repayment."))
        if repayment.loan_id != loan:
            raise UserError(_("The repayment is not one of this loan's."))
        if repayment.is_reversed:
            raise UserError(_("The repayment is already reversed."))
        # The order of the ledger: the entries' dates, then the order the
        # server recorded them in (one sequence across the ledger's tables).
        position = repayment._ledger_key()
        later = loan.repayment_ids.filtered(
            lambda r: not r.is_reversed and r._ledger_key() > position
        )
        if later:
            raise UserError(
                _(
                    "A later repayment stands (%s): reverse the later repayments "
                    "first.",
                    ", ".join(r.date.strftime("%d/%m/%Y") for r in later),
                )
            )
        if (
            loan.risk_ids.filtered(lambda r: r._ledger_key() > position)
            or loan.risk_action == "write_off_principal"
        ):
            raise UserError(
                _("A risk was handled after this repayment: it cannot be reversed.")
            )
        today = self._rehab_today()
        for allocation in repayment.allocation_ids:
            line = allocation.installment_id
            values = {
                "overdue_interest_paid": line.overdue_interest_paid
                - allocation.overdue_interest,
                "interest_paid": line.interest_paid - allocation.interest,
                "principal_paid": line.principal_paid - allocation.principal,
                "interest_waived": line.interest_waived - allocation.interest_waived,
            }
            # The principal counted paid since the repayment was overdue all
            # along: the overdue interest on it is accrued now.
            since = max(repayment.date, line.due_date)
            if allocation.principal and line.accrued_to and line.accrued_to > since:
                values["overdue_principal_days"] = (
                    line.overdue_principal_days
                    + allocation.principal * (line.accrued_to - since).days
                )
            line.write(values)
        loan.env["rehab.loan.reversal"].create(
            {
                "loan_id": loan.id,
                "repayment_id": repayment.id,
                "date": today,
                "amount": repayment.amount,
                "reason": reason,
            }
        )
        if loan.state == "closed":
            loan._workflow_finish("reopen")
        loan._accrue_overdue(today)
        loan._refresh_delinquency(today)
        loan.message_post(
            body=_(
                "Repayment of %(amount)s đồng on %(day)s reversed: %(reason)s",
                amount=loan_rules.format_vnd(repayment.amount),
                day=repayment.date.strftime("%d/%m/%Y"),
                reason=reason,
            )
        )
        return True

    def _extend(self, installments, months, reason):
        """Move unpaid instalments later (debt extension), within the limit."""
        loan = self._workflow_start("extend")
        loan.ensure_one()
        installments = installments.sudo()
        if not installments or installments.loan_id != loan:
            raise UserError(_("Choose the instalments of this loan to extend."))
        if installments.filtered("is_paid"):
            raise UserError(_("A paid instalment cannot be extended."))
        if not (reason or "").strip():
            raise UserError(_("Give the reason for the extension."))
        if months <= 0:
            raise UserError(_("The extension must be at least one month."))
        longest = rehab_rules.params_from_env(self.env)["max_extension_months"]
        # Every instalment is checked before any is moved.
        moves = []
        for line in installments.sorted("sequence"):
            new_date = line.due_date + relativedelta(months=months)
            if loan.due_day:
                # Still on the commune's transaction day (the 31st: month end).
                new_date = loan_rules.session_date(new_date, loan.due_day)
            limit = line.original_due_date + relativedelta(months=longest)
            if new_date > limit:
                raise UserError(
                    _(
                        "An instalment may be extended by at most %s months in all.",
                        longest,
                    )
                )
            moves.append((line, new_date))
        detail = []
        for line, new_date in moves:
            detail.append(
                "%s: %s → %s"
                % (
                    line.sequence,
                    line.due_date.strftime("%d/%m/%Y"),
                    new_date.strftime("%d/%m/%Y"),
                )
            )
            line.due_date = new_date
        today = self._rehab_today()
        loan.env["rehab.loan.extension"].create(
            {
                "loan_id": loan.id,
                "date": today,
                "months": months,
                "reason": reason.strip(),
                "detail": "\n".join(detail),
            }
        )
        loan.message_post(body=_("Debt extended: %s", "; ".join(detail)))
        loan._refresh_delinquency(today)
        return True

    def _handle_risk(self, day, cause, action, note):
        """Freeze the debt, or write off its interest or its principal."""
        loan = self._workflow_start("handle_risk")
        loan.ensure_one()
        if not (note or "").strip():
            raise UserError(_("Give the grounds of the risk handling."))
        if day > self._rehab_today():
            raise UserError(_("Risk handling cannot be dated in the future."))
        if day < min(loan.disbursement_ids.mapped("date")):
            raise UserError(_("Risk handling cannot be dated before the disbursement."))
        latest = loan._latest_entry_date()
        if latest and day < latest:
            raise UserError(
                _(
                    "The ledger of the loan goes forward: risk handling cannot be "
                    "dated before its last entry (%s).",
                    latest.strftime("%d/%m/%Y"),
                )
            )
        loan._accrue_overdue(day)
        unpaid = loan.installment_ids.filtered(lambda i: not i.is_paid)
        amount = 0
        if action == "write_off_interest":
            for line in unpaid:
                amount += line.interest_remaining + line.overdue_interest_remaining
                line.write(
                    {
                        "interest_waived": line.interest - line.interest_paid,
                        "overdue_interest_waived": line.overdue_interest
                        - line.overdue_interest_paid,
                    }
                )
        elif action == "write_off_principal":
            for line in unpaid:
                amount += line.principal_remaining
                line.write(
                    {
                        "principal_written_off": line.principal - line.principal_paid,
                        "interest_waived": line.interest - line.interest_paid,
                    }
                )
        loan.env["rehab.loan.risk"].create(
            {
                "loan_id": loan.id,
                "date": day,
                "cause": cause,
                "action": action,
                "amount": amount,
                "note": note.strip(),
            }
        )
        loan.write({"risk_action": action})
        if action == "write_off_principal":
            loan._workflow_finish("write_off")
        loan._refresh_delinquency()
        return True

    def _refresh_delinquency(self, day=None):
        """Recompute the figures that move with the date, where they moved.

        The stored computed fields of _compute_delinquency are recomputed by
        the ORM in bulk for the loans whose state on ``day`` (today) differs
        from what is stored: no write() per loan, so nothing the server
        derives reaches the audit trail, and a second run the same day writes
        nothing. In-process only (the overdue run, the settings).
        """
        day = day or self._rehab_today()
        loans = self.sudo()
        changed = loans.filtered(
            lambda loan: any(
                loan[name] != value
                for name, value in loan._delinquency_state(day).items()
            )
        )
        if changed:
            for name in DELINQUENCY_FIELDS:
                self.env.add_to_compute(self._fields[name], changed)
            changed.flush_recordset(list(DELINQUENCY_FIELDS))

    @api.model
    def _cron_overdue(self, batch_size=2000):
        """Daily: overdue instalments, days past due, bucket, overdue interest.

        Overdue interest is accrued as principal × days up to today, so a second
        run the same day adds nothing; it is not accrued on a frozen loan. The
        figures that move with the date (days past due, bucket, overdue and
        PAR30 principal) are refreshed for every loan behind, frozen ones
        included. Only the instalments overdue and the loans behind (today or
        yesterday) are read: the loans paid on time are not touched.
        """
        today = self._rehab_today()
        Installment = self.env["rehab.loan.installment"].sudo()
        overdue = [
            ("loan_id.state", "in", RUNNING_STATES),
            ("loan_id.risk_action", "!=", "freeze"),
            ("due_date", "<", today),
            ("principal_remaining", ">", 0),
        ]
        for batch in iter_batches(Installment, overdue, batch_size):
            batch._accrue(today)
        behind = Installment._read_group(
            [
                ("loan_id.state", "in", RUNNING_STATES),
                ("due_date", "<", today),
                ("is_paid", "=", False),
            ],
            ["loan_id"],
        )
        loan_ids = {loan.id for (loan,) in behind}
        loan_ids.update(
            self.sudo()
            .search(
                [
                    "|",
                    "|",
                    ("days_past_due", ">", 0),
                    ("overdue_principal", ">", 0),
                    ("par30_principal", ">", 0),
                ]
            )
            .ids
        )
        loans = self.sudo().browse(sorted(loan_ids))
        for start in range(0, len(loans), batch_size):
            batch = loans[start : start + batch_size]
            batch._refresh_delinquency(today)
            batch.flush_recordset()
            batch.invalidate_recordset()

    # Figures as of a past day

    def _figures_as_of(self, day):
        """{loan id: figures at the end of ``day``} recomputed from the ledger.

        Six queries whatever the number of loans: the loans, their schedules,
        disbursements, what each repayment paid (with the date of its
        reversal), extensions and risk handling. The loans not disbursed by
        ``day`` are left out. The arithmetic is loan_rules.figures_as_of.
        """
        if not self:
            return {}
        for model in (
            "rehab.loan",
            "rehab.loan.installment",
            "rehab.loan.disbursement",
            "rehab.loan.repayment",
            "rehab.loan.allocation",
            "rehab.loan.reversal",
            "rehab.loan.extension",
            "rehab.loan.risk",
        ):
            self.env[model].flush_model()
        ids = list(self.ids)
        cr = self.env.cr

        def rows(query):
            cr.execute(query)
            return cr.dictfetchall()

        loans = rows(
            SQL(
                """SELECT id, interest_rate::float8, overdue_multiplier::float8,
                          term_months, grace_months, frequency, due_day,
                          first_due_date
                     FROM rehab_loan WHERE id = ANY(%s)""",
                ids,
            )
        )
        ledger = {
            loan["id"]: {
                "installments": [],
                "disbursements": [],
                "payments": [],
                "extensions": [],
                "risks": [],
            }
            for loan in loans
        }
        for row in rows(
            SQL(
                """SELECT loan_id, sequence, principal::float8, interest::float8,
                          COALESCE(original_due_date, due_date) AS original_due_date
                     FROM rehab_loan_installment WHERE loan_id = ANY(%s)
                 ORDER BY loan_id, sequence""",
                ids,
            )
        ):
            ledger[row.pop("loan_id")]["installments"].append(row)
        for row in rows(
            SQL(
                """SELECT loan_id, date, amount::float8 FROM rehab_loan_disbursement
                    WHERE loan_id = ANY(%s)""",
                ids,
            )
        ):
            ledger[row["loan_id"]]["disbursements"].append((row["date"], row["amount"]))
        for row in rows(
            SQL(
                """SELECT repayment.loan_id, line.sequence, repayment.date,
                          reversal.date AS reversed_on,
                          COALESCE(allocation.principal, 0)::float8 AS principal,
                          COALESCE(allocation.interest, 0)::float8 AS interest,
                          COALESCE(allocation.overdue_interest, 0)::float8
                              AS overdue_interest,
                          COALESCE(allocation.interest_waived, 0)::float8
                              AS interest_waived
                     FROM rehab_loan_allocation allocation
                     JOIN rehab_loan_repayment repayment
                       ON repayment.id = allocation.repayment_id
                     JOIN rehab_loan_installment line
                       ON line.id = allocation.installment_id
                LEFT JOIN rehab_loan_reversal reversal
                       ON reversal.repayment_id = repayment.id
                    WHERE repayment.loan_id = ANY(%s)""",
                ids,
            )
        ):
            ledger[row.pop("loan_id")]["payments"].append(row)
        for row in rows(
            SQL(
                """SELECT loan_id, date, id, detail FROM rehab_loan_extension
                    WHERE loan_id = ANY(%s)""",
                ids,
            )
        ):
            ledger[row["loan_id"]]["extensions"].append(
                (row["date"], row["id"], row["detail"])
            )
        for row in rows(
            SQL(
                """SELECT loan_id, date, id, action FROM rehab_loan_risk
                    WHERE loan_id = ANY(%s)""",
                ids,
            )
        ):
            ledger[row["loan_id"]]["risks"].append(
                (row["date"], row["id"], row["action"])
            )
        figures = {}
        for loan in loans:
            loan["frequency"] = int(loan["frequency"] or 1)
            loan["interest_rate"] = loan["interest_rate"] or 0.0
            loan["overdue_multiplier"] = loan["overdue_multiplier"] or 0.0
            values = loan_rules.figures_as_of(day, loan, **ledger[loan["id"]])
            if values is not None:
                figures[loan["id"]] = values
        return figures
