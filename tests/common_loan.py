"""Cases of the loan tests: a confirmed list and a slip, a savings group and
the province's capital; the year-end classification's portfolio."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import Form

from .common import MonthlyListCase


class LoanCase(MonthlyListCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Loan = cls.env["rehab.loan"]
        cls.group = cls.env["rehab.savings.group"].create(
            {
                "name": "Tổ TK&VV thử nghiệm",
                "company_id": cls.commune_a1.id,
                "organisation": "women",
                "officer_ids": [(6, 0, cls.savings_user.ids)],
                "member_ids": [(0, 0, {"name": "Thành viên %s" % i}) for i in range(5)],
            }
        )
        # VBSP capital of the province: a disbursement cannot overdraw it.
        cls.capital = cls.env["rehab.capital.allocation"].create(
            {
                "source": "vbsp",
                "decision_number": "01/QĐ-NHCS",
                "decision_date": "2026-01-02",
                "company_id": cls.branch_a.id,
                "amount": 1_000_000_000,
            }
        )

    def _class_fixtures(self):
        """The confirmed, sent list of commune A1 and a slip of its first
        person."""
        cls = type(self)
        cls.record = self._confirmed_list()
        cls.record.action_send()
        cls.line = cls.record.line_ids.filtered(
            lambda line: line.person_id == cls.person_a1
        )
        cls.slip = self.env["rehab.referral.slip"].create({"line_id": cls.line.id})

    # The day the tests' applications are made: before every fixed date
    # (group meeting, decision, tranche, repayment) the tests then use.
    APPLICATION_DAY = "2026-05-15"
    # The day the commune confirms them: the day of the group meeting.
    CONFIRM_DAY = "2026-05-20 09:00:00"

    def _application(self, day=APPLICATION_DAY, **values):
        form = Form(self.Loan.with_user(self.vbsp_user))
        form.slip_id = self.slip
        form.purpose = values.pop("purpose", "production")
        form.amount_requested = values.pop("amount", 10_000_000)
        form.term_months = values.pop("term", 12)
        form.savings_group_id = self.group
        if not day:
            return form.save()
        with freeze_time(day):
            return form.save()

    def _wizard(self, model, loan, user, **values):
        form = Form(
            self.env[model].with_user(user).with_context(default_loan_id=loan.id)
        )
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def _reviewed_and_confirmed(self, loan):
        self._wizard(
            "rehab.loan.review",
            loan,
            self.savings_user,
            meeting_date=date(2026, 5, 20),
            members_present=4,
            note="Cả tổ nhất trí",
        ).action_record()
        # The commune confirms on the day of the meeting (the decisions of
        # the tests are dated after it).
        with freeze_time(self.CONFIRM_DAY):
            loan.with_user(self.chairman_user).action_confirm_commune()

    def _approved(self, amount=10_000_000, **values):
        loan = self._application(amount=amount, **values)
        self._reviewed_and_confirmed(loan)
        self._wizard(
            "rehab.loan.decide",
            loan,
            self.vbsp_user,
            decision_date=date(2026, 6, 1),
            amount=amount,
        ).action_decide()
        return loan

    def _disbursed(self, amount=10_000_000):
        loan = self._approved(amount)
        self._wizard(
            "rehab.loan.disburse",
            loan,
            self.vbsp_user,
            date=date(2026, 6, 1),
            amount=amount,
        ).action_disburse()
        return loan


YEAR_END = date(2026, 12, 31)
LINE_FIELDS = (
    "purpose",
    "term_class",
    "status",
    "capital_source",
    "organisation",
    "savings_group_id",
    "commune_id",
    "ethnic_group",
    "loan_count",
    "outstanding_principal",
    "overdue_principal",
    "overdue_interest",
    "written_off_principal",
)


class ClassificationCase(LoanCase):
    def _year_end_portfolio(self):
        """Two loans at the end of 2026: one late and frozen, one current."""
        late = self._disbursed(10_000_000)
        line = self.record.line_ids - self.line
        self.slip = self.env["rehab.referral.slip"].create({"line_id": line.id})
        current = self._disbursed(30_000_000)
        with freeze_time("2026-09-01"):
            self._wizard(
                "rehab.loan.risk.handle",
                late,
                self.vbsp_user,
                date=date(2026, 9, 1),
                cause="illness",
                action="freeze",
                note="Ốm nặng",
            ).action_apply()
        for month in range(7, 13):
            day = date(2026, month, 1)
            with freeze_time(day):
                self._wizard(
                    "rehab.loan.repay",
                    current,
                    self.vbsp_user,
                    date=day,
                    amount=2_700_000,
                ).action_post()
        with freeze_time(YEAR_END):
            self.Loan._cron_overdue()
        return late, current

    def _classification(self):
        with freeze_time("2027-01-05"):
            form = Form(
                self.env["rehab.loan.classification"].with_user(self.vbsp_manager_user)
            )
            self.assertEqual(form.as_of_date, YEAR_END)
            self.assertEqual(form.province_id, self.province_a)
            record = form.save()
            record.action_build()
        return record

    def _values(self, lines):
        return sorted(
            (
                tuple(
                    line[name].id if name.endswith("_id") else line[name]
                    for name in LINE_FIELDS
                )
                for line in lines
            ),
            key=str,
        )
