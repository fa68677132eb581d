# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The calendar of the transaction sessions: the daily run that plans them."""

from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.tools.translate import LazyTranslate

from ..tools import loan_rules, locks
from ..tools.batching import PROVINCE_PATH, batch_records, dispatch
from .rehab_transaction_session import PREPARE

_lt = LazyTranslate(__name__)


class RehabTransactionSession(models.Model):
    _inherit = "rehab.transaction.session"

    # The calendar

    @api.model
    def _cron_plan_sessions(self, batch_size=500):
        """Daily: this month's and next month's session of every transaction point.

        One job per province and batch of points, for the agency's day of
        the run (tools/batching.dispatch). A session is made once per point
        and month (a session moved by hand into another month stays that
        month's), never on a day already past; a second run the same day
        makes nothing. Each new session gives its team (else the office's
        VBSP officers) a to-do due on its day.
        """
        points = self.env["rehab.transaction.point"].sudo()
        dispatch(
            self.sudo(),
            "_job_plan_sessions",
            self._rehab_today(),
            records=points,
            domain=[("active", "=", True)],
            province_path=PROVINCE_PATH,
            size=batch_size,
            label=_lt("Planning of the transaction sessions"),
        )

    def _job_plan_sessions(self, day, province_id, first_id, last_id):
        """One batch of points: their sessions as planned on ``day``."""
        points = batch_records(
            self.env["rehab.transaction.point"].sudo(),
            [("active", "=", True)],
            PROVINCE_PATH,
            (province_id, first_id, last_id),
        )
        # The same batch's job of another run at once: it waits for this
        # one, then runs again on its sessions (tools/locks.py); a session
        # is not made twice.
        locks.lock_rows(self.env.cr, "rehab_transaction_point", points.ids)
        self.sudo()._plan_sessions(points, day)

    @api.model
    def _plan_sessions(self, points, today=None):
        today = today or self._rehab_today()
        this_month = today.replace(day=1)
        months = [this_month, this_month + relativedelta(months=1)]
        existing = {
            (session.point_id.id, session.period_month)
            for session in self.with_context(active_test=False).search(
                [("point_id", "in", points.ids), ("period_month", "in", months)]
            )
        }
        values = []
        for point in points:
            for month in months:
                day = loan_rules.session_date(month, point.session_day)
                if (point.id, month) in existing or day < today:
                    continue
                values.append(
                    {
                        "point_id": point.id,
                        "period_month": month,
                        "date": day,
                        "scheduled_date": day,
                        "place": point.name,
                        "leader_id": point.leader_id.id,
                        "controller_id": point.controller_id.id,
                        "teller_id": point.teller_id.id,
                    }
                )
        sessions = self.create(values)
        for session in sessions:
            session._workflow_open_todo(
                session._team_leader_users(),
                PREPARE,
                deadline=session.date,
            )
        return sessions
