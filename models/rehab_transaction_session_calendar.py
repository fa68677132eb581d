# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The calendar of the transaction sessions: the daily run that plans them."""

from dateutil.relativedelta import relativedelta

from odoo import api, models

from ..tools import loan_rules
from ..tools.batching import iter_batches
from .rehab_transaction_session import PREPARE


class RehabTransactionSession(models.Model):
    _inherit = "rehab.transaction.session"

    # The calendar

    @api.model
    def _cron_plan_sessions(self, batch_size=500):
        """Daily: this month's and next month's session of every transaction point.

        A session is made once per point and month (a session moved by hand
        into another month stays that month's), never on a day already past;
        a second run the same day makes nothing. Each new session gives its
        team (else the office's VBSP officers) a to-do due on its day.
        """
        Point = self.env["rehab.transaction.point"].sudo()
        for batch in iter_batches(Point, [("active", "=", True)], batch_size):
            self.sudo()._plan_sessions(batch)

    @api.model
    def _plan_sessions(self, points):
        today = self._rehab_today()
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
