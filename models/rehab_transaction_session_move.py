# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Moving a planned transaction session to another day."""

from dateutil.relativedelta import relativedelta

from odoo import _, models
from odoo.exceptions import UserError

from ..tools import rehab_rules
from ..tools.guards import required_reason
from .loan import RUNNING_STATES
from .rehab_workflow_mixin import STEP_ACTIVITY


class RehabTransactionSession(models.Model):
    _inherit = "rehab.transaction.session"

    def _move_window(self):
        """The first and last day the session may be moved to: at most the
        settings' days from its day in the calendar, never a day past."""
        self.ensure_one()
        days = self._move_days()
        anchor = self.scheduled_date or self.date
        first = max(anchor - relativedelta(days=days), self._rehab_today())
        return first, anchor + relativedelta(days=days)

    def _move_days(self):
        """The days a session moves at most: the rule in force today for the
        province of the session's commune."""
        self.ensure_one()
        return rehab_rules.params_from_env(
            self.env, day=self._rehab_today(), province=self.sudo().company_id
        )["session_move_days"]

    def _day_off_note(self, day):
        """Why ``day`` is no working day (a Saturday, a Sunday, a public
        holiday), in the user's language; empty on a working day."""
        if not day:
            return ""
        Holiday = self.env["rehab.public.holiday"].sudo()
        holiday = Holiday.search([("date", "=", day)], limit=1)
        if holiday:
            return _(
                "%(day)s is a public holiday (%(name)s).",
                day=self._rehab_format_date(day),
                name=holiday.name,
            )
        if day.weekday() == 5:
            return _("%s is a Saturday.", self._rehab_format_date(day))
        if day.weekday() == 6:
            return _("%s is a Sunday.", self._rehab_format_date(day))
        return ""

    def _move(self, new_date, reason):
        """Move a planned session to another day (a holiday), with the reason.

        Within the settings' days of its day in the calendar and never to a
        day past (the agency's today); to a Saturday, a Sunday or a public
        holiday with a warning in the chatter, not refused.
        """
        session = self._workflow_start("move")
        session.ensure_one()
        reason = required_reason(
            self.env,
            reason,
            _("moving the session"),
            message=_("Give the reason for moving the session."),
        )
        self._check_move_date(new_date)
        old_date = session.date
        session._workflow_finish("move", {"date": new_date})
        moved = session._move_due_dates(old_date, new_date)
        # The team's to-dos fall due on the new day.
        session._workflow_sudo().activity_reschedule(
            [STEP_ACTIVITY], date_deadline=new_date
        )
        session._post_move_notes(old_date, new_date, reason, moved)
        # Its draft sheets show what falls due by the new day; the group
        # leaders' receipts follow the sessions.
        session._prepare_sheets()
        self.env["rehab.leader.receipt"]._relink_for_sessions(session)
        return True

    def _check_move_date(self, new_date):
        """Refuse ``new_date`` for the session: no date, its own date, a day
        past, the day of another session of its point, a day outside its
        window (part of the move; called as the user, not in sudo, so the
        other sessions are searched as before)."""
        self.ensure_one()
        if not new_date:
            raise UserError(_("Choose the new date of the session."))
        if new_date == self.date:
            raise UserError(
                _("The session is already on %s.", self._rehab_format_date(new_date))
            )
        if new_date < self._rehab_today():
            raise UserError(_("A session cannot be moved to a day already past."))
        clash = self.search_count(
            [
                ("point_id", "=", self.point_id.id),
                ("date", "=", new_date),
                ("id", "!=", self.id),
            ]
        )
        if clash:
            raise UserError(
                _(
                    "The transaction point already has a session on %s.",
                    self._rehab_format_date(new_date),
                )
            )
        first, last = self._move_window()
        if not first <= new_date <= last:
            raise UserError(
                _(
                    "The session of %(day)s in the calendar moves at most "
                    "%(days)s days from it: choose a day from %(first)s to "
                    "%(last)s.",
                    day=self._rehab_format_date(self.scheduled_date or self.date),
                    days=self._move_days(),
                    first=self._rehab_format_date(first),
                    last=self._rehab_format_date(last),
                )
            )

    def _post_move_notes(self, old_date, new_date, reason, moved):
        """The chatter's notes of the move: the reason (with a warning on a
        day off) and the instalments ``moved`` (part of the move)."""
        self.ensure_one()
        body = _(
            "Session moved from %(old)s to %(new)s: %(reason)s",
            old=self._rehab_format_date(old_date),
            new=self._rehab_format_date(new_date),
            reason=reason,
        )
        day_off = self._day_off_note(new_date)
        if day_off:
            body = "%s %s" % (body, _("Warning: %s", day_off))
        self.message_post(body=body)
        if moved:
            self.message_post(
                body=_(
                    "%(count)s unpaid instalments of %(loans)s loans of the commune "
                    "falling due on %(old)s now fall due on %(new)s.",
                    count=len(moved),
                    loans=len(moved.loan_id),
                    old=self._rehab_format_date(old_date),
                    new=self._rehab_format_date(new_date),
                )
            )

    def _move_due_dates(self, old_date, new_date):
        """The unpaid instalments of the commune's loans falling due on the
        session's old day follow it to the new day (part of the move).

        The borrowers pay at the session: what falls due on its day falls due
        on the day it is held. Only when the session is moved before its day
        has come: after it, the instalments have been overdue since, and the
        ledger is not rewritten (the due date the schedule gave follows too,
        so the figures as of a past day stay what they were). Returns the
        instalments moved.
        """
        self.ensure_one()
        if old_date < self._rehab_today():
            return self.env["rehab.loan.installment"]
        lines = (
            self.env["rehab.loan.installment"]
            .sudo()
            .search(
                [
                    ("loan_id.company_id", "=", self.company_id.id),
                    ("loan_id.vbsp_office_id", "=", self.vbsp_office_id.id),
                    ("loan_id.state", "in", RUNNING_STATES),
                    # Only the loans aligned to the session day: the others
                    # keep their own day (and a later tranche rebuilds them so).
                    ("loan_id.due_day", ">", 0),
                    ("due_date", "=", old_date),
                    ("is_paid", "=", False),
                ]
            )
        )
        on_schedule = lines.filtered(lambda line: line.original_due_date == old_date)
        on_schedule.write({"due_date": new_date, "original_due_date": new_date})
        (lines - on_schedule).write({"due_date": new_date})
        lines.loan_id._refresh_delinquency()
        return lines

    def action_open_move(self):
        return self._workflow_open_wizard(
            "rehab.transaction.session.move", _("Move the session")
        )
