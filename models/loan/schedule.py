# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The repayment schedule, on the days of the commune's transaction sessions."""

from odoo import fields, models

from ...tools import loan_rules


class RehabLoanSchedule(models.Model):
    _inherit = "rehab.loan"

    installment_ids = fields.One2many(
        "rehab.loan.installment", "loan_id", string="Schedule"
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
    # The rule versions the schedule was made under (the first
    # disbursement's day, the commune's province): set by the step only.
    schedule_rule_set_id = fields.Many2one(
        "rehab.rule.set",
        string="Rules applied to the schedule",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The values of the programme's rules in force on the day of the "
        "first disbursement, in the commune's province, when the repayment "
        "schedule was made.",
    )

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
        A commune without a transaction point keeps the disbursement's day.

        The rules in force on ``start`` in the commune's province are recorded
        with the schedule (schedule_rule_set_id)."""
        self.ensure_one()
        rule_set, params = self._rules_on(start)
        point = self._transaction_point()
        if not point:
            self.write({"schedule_rule_set_id": rule_set.id})
            return
        days = params["first_due_days"]
        self.write(
            {
                "schedule_rule_set_id": rule_set.id,
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
