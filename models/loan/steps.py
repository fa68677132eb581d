# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Steps before the money: group review, commune's confirmation, bank's decision."""

from odoo import _, fields, models
from odoo.exceptions import UserError

from ...tools.guards import check_entry_date, required_reason


class RehabLoanSteps(models.Model):
    _inherit = "rehab.loan"

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
    # The rule versions the bank approved under (the decision's day, the
    # commune's province): set by the step only.
    decision_rule_set_id = fields.Many2one(
        "rehab.rule.set",
        string="Rules applied to the decision",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The values of the programme's rules (ceilings, longest term, "
        "eligibility) in force on the day of the bank's decision, in the "
        "commune's province.",
    )

    def _review(self, agreed, meeting_date, members_present, note, amount=None):
        """The savings group's review of the application (its meeting)."""
        loan = self._workflow_start("review" if agreed else "review_refuse")
        loan.ensure_one()
        loan._check_meeting(meeting_date, members_present)
        if not (note or "").strip():
            raise UserError(_("Write the minutes of the group meeting."))
        amount = loan.amount_requested if amount is None else amount
        if agreed and not 0 < amount <= loan.amount_requested:
            raise UserError(
                _(
                    "The group agrees to an amount between 1 and the %s đồng "
                    "requested.",
                    self._rehab_format_amount(loan.amount_requested),
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
                day=self._rehab_format_date(meeting_date),
                count=members_present,
                result=_("agreed to lend %s đồng", self._rehab_format_amount(amount))
                if agreed
                else _("refused"),
            )
        )
        return True

    def _check_meeting(self, meeting_date, members_present):
        """The group's meeting: of the loan's savings group, with members
        present, dated from the application to today."""
        if not self.savings_group_id:
            raise UserError(
                _("Choose the savings-and-loan group of the borrower first.")
            )
        if members_present <= 0:
            raise UserError(_("Give the number of members present at the meeting."))
        if members_present > self.savings_group_id.member_count:
            raise UserError(_("More members present than the group has."))
        applied = self._application_day()
        applied_text = applied and self._rehab_format_date(applied)
        check_entry_date(
            self.env,
            meeting_date,
            _("The meeting"),
            applied,
            _("the loan application of %s", applied_text),
            future=_("The meeting cannot be in the future."),
            before=_(
                "The meeting cannot be dated before the loan application of %s.",
                applied_text,
            ),
        )

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
        loan._check_decision_day(day)
        # The day the server records the decision, by its own clock: the
        # decision clock judges by it, whatever date is typed.
        decision = {
            "decision_date": day,
            "decision_recorded_date": loan._rehab_today(),
            "decided_by_id": self.env.uid,
            "decision_note": note,
        }
        if not approve:
            required_reason(self.env, note, _("rejecting the loan"))
            loan._workflow_finish("reject", decision)
            return True
        loan._approve(decision, amount, term, grace, frequency)
        return True

    def _approve(self, decision, amount, term, grace, frequency):
        """Approve within the amount agreed and the programme's rules, at the
        rate in force on the decision's day."""
        day = decision["decision_date"]
        agreed = min(self.amount_requested, self.review_amount or self.amount_requested)
        if amount > agreed:
            raise UserError(
                _(
                    "The bank approves at most what was requested and agreed by the "
                    "group: %s đồng.",
                    self._rehab_format_amount(agreed),
                )
            )
        # The rules in force on the decision's day, recorded with it.
        rule_set, params = self._rules_on(day)
        self._check_rules(amount, term, grace, int(frequency), day, params=params)
        rate = self.env["rehab.interest.rate"].sudo()._rate_on(day)
        self._workflow_finish(
            "approve",
            {
                "decision_rule_set_id": rule_set.id,
                "amount_approved": amount,
                "term_months": term,
                "grace_months": grace,
                "frequency": frequency,
                "interest_rate": rate.annual_rate,
                "overdue_multiplier": rate.overdue_multiplier,
                **decision,
            },
        )

    def _check_decision_day(self, day):
        """A decision is dated by today at the latest, and on or after every
        step it rests on: the group review, the commune's confirmation and the
        day the file became complete (for a training loan, the training
        institution's confirmation)."""
        self.ensure_one()
        steps = [
            (step_day, step)
            for step_day, step in (
                (self.review_date, _("the group review")),
                (self.confirmed_date, _("the commune's confirmation")),
                (self.file_complete_date, _("the completion of the loan file")),
            )
            if step_day
        ]
        # The latest of them is the one that bounds the date.
        step_day, step = max(steps, key=lambda item: item[0], default=(False, ""))
        check_entry_date(
            self.env,
            day,
            _("The decision"),
            step_day,
            step,
            before=_(
                "The decision cannot be dated before %(step)s of %(day)s.",
                step=step,
                day=step_day and self._rehab_format_date(step_day),
            ),
        )

    def action_open_review(self):
        return self._workflow_open_wizard("rehab.loan.review", _("Group review"))

    def action_open_decide(self):
        return self._workflow_open_wizard("rehab.loan.decide", _("Decide the loan"))

    def action_open_disburse(self):
        return self._workflow_open_wizard("rehab.loan.disburse", _("Disburse"))

    def action_open_repay(self):
        return self._workflow_open_wizard("rehab.loan.repay", _("Post a repayment"))

    def action_open_reverse(self):
        return self._workflow_open_wizard(
            "rehab.loan.reverse", _("Reverse a repayment")
        )

    def action_open_extend(self):
        return self._workflow_open_wizard("rehab.loan.extend", _("Extend the debt"))

    def action_open_risk(self):
        return self._workflow_open_wizard("rehab.loan.risk.handle", _("Handle a risk"))

    def action_open_use_check(self):
        return self._workflow_open_wizard(
            "rehab.loan.check", _("Record a loan-use check")
        )
