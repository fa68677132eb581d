# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The reporting calendar: each plan's reports made ahead, the late ones marked."""

from datetime import timedelta

from odoo import api, models

from .rehab_report import FOLLOW_UP, WRITE
from .rehab_workflow_mixin import STEP_ACTIVITY


class RehabReportCalendar(models.Model):
    _inherit = "rehab.report"

    @api.model
    def _cron_reporting_calendar(self):
        """Daily: the reports of each plan's calendar, ten days ahead; late ones.

        A report is made once per agency and period (a database constraint), so a
        second run the same day makes nothing; deadlines of the next year are
        looked at too, so that a January deadline is met across the year end.
        """
        today = self._rehab_today()
        deadlines = (
            self.env["rehab.plan.deadline"]
            .sudo()
            .search([("plan_id.active", "=", True)])
        )
        due_dates = []
        for deadline in deadlines:
            for year in (today.year, today.year + 1):
                due = deadline._due_in(year)
                if due - timedelta(days=deadline.lead_days) <= today <= due:
                    due_dates.append((deadline, due))
        reports = self._ensure_reports(due_dates)
        self.sudo()._mark_late(today)
        return reports

    @api.model
    def _ensure_reports(self, due_dates):
        """The report of every reporting agency for each (deadline, due date).

        Makes only those that do not exist yet, with an activity for the agency.
        """
        Report = self.sudo()
        deadlines = self.env["rehab.plan.deadline"].browse(
            {deadline.id for deadline, __ in due_dates}
        )
        existing = {
            (r.deadline_id.id, r.company_id.id, r.period_end)
            for r in Report.search([("deadline_id", "in", deadlines.ids)])
        }
        todo = []
        for deadline, due in due_dates:
            start, end = deadline._period_of(due)
            for company in deadline.plan_id.reporting_company_ids:
                key = (deadline.id, company.id, end)
                if key in existing:
                    continue
                existing.add(key)
                todo.append(
                    {
                        "plan_id": deadline.plan_id.id,
                        "deadline_id": deadline.id,
                        "company_id": company.id,
                        "period": deadline.period,
                        "period_start": start,
                        "period_end": end,
                        "due_date": due,
                    }
                )
        reports = Report.create(todo)
        for report in reports:
            report._workflow_open_todo(
                report._writers(),
                WRITE,
                deadline=report.due_date,
            )
        reports._supersede_older_drafts()
        return reports

    def _supersede_older_drafts(self):
        """A new report of a plan replaces the agency's unwritten earlier ones.

        A later report of the same plan that covers an earlier one's period
        (the annual report the first half) reports on it: the earlier report
        still in draft is no longer written, and its to-dos (write, follow up)
        are removed; it stays in the history, late. A report submitted still
        waits for its acceptance.
        """
        if not self:
            return
        older = self.search(
            [
                ("plan_id", "in", self.plan_id.ids),
                ("company_id", "in", self.company_id.ids),
                ("state", "=", "draft"),
                ("period_end", "<", max(self.mapped("period_end"))),
            ]
        )
        older = older.filtered(
            lambda o: any(
                n.plan_id == o.plan_id
                and n.company_id == o.company_id
                and n.period_start <= o.period_start
                and n.period_end > o.period_end
                for n in self
            )
        )
        older._workflow_sudo().activity_unlink([STEP_ACTIVITY])

    def _mark_late(self, today):
        late = self.search(
            [("due_date", "<", today), ("state", "=", "draft"), ("is_late", "=", False)]
        )
        late.write({"is_late": True})
        for report in late:
            if report.recipient_id:
                report._workflow_open_todo(
                    report._acceptors(),
                    FOLLOW_UP,
                    deadline=report.due_date,
                )
