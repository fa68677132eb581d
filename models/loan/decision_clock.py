# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The bank's decision clock: from the day the loan file is complete."""

from odoo import _, api, fields, models
from odoo.tools.translate import LazyTranslate

from ...tools import rehab_rules
from ..rehab_workflow_mixin import STEP_ACTIVITY
from .rehab_loan import OPEN_STATES

_lt = LazyTranslate(__name__)


class RehabLoanDecisionClock(models.Model):
    _inherit = "rehab.loan"

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
        """Counted on the programme's calendar (rehab.public.holiday), with the
        working days of the rule in force on the day the file became complete
        (in the commune's province): one count a distinct number of days."""
        by_days = {}
        for loan in self:
            days = rehab_rules.params_from_env(
                self.env,
                day=loan.file_complete_date or None,
                province=loan.sudo().company_id or None,
            )["decision_working_days"]
            by_days.setdefault(days, []).append(loan)
        Holiday = self.env["rehab.public.holiday"]
        for days, loans in by_days.items():
            due = Holiday._add_working_days(
                [loan.file_complete_date for loan in loans], days
            )
            for loan in loans:
                loan.decision_due_date = due.get(loan.file_complete_date, False)

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
                    self._rehab_format_date(loan.decision_due_date),
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
        activities = self._workflow_sudo().activity_search([STEP_ACTIVITY])
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
