"""The case of the transaction session tests: a transaction office's point in
commune A1, its team of three and loans to collect."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import Form, new_test_user

from .common_loan import LoanCase

PREFIX = "post_rehab_credit."


class SessionCase(LoanCase):
    """A transaction office's point in commune A1 and a team of three."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.third_a1 = cls.Person.create(
            cls.person_vals(
                cls.commune_a1, name="Người thứ ba", citizen_id="020090900004"
            )
        )

        def officer(login, name, office):
            return new_test_user(
                cls.env,
                login=login,
                name=name,
                groups="base.group_user,%sgroup_vbsp_officer" % PREFIX,
                company_id=office.id,
                company_ids=[(6, 0, office.ids)],
            )

        cls.leader = cls.vbsp_user
        cls.controller = officer("t_vbsp_controller_a", "Kiểm soát A", cls.office_a)
        cls.teller = officer("t_vbsp_teller_a", "Giao dịch viên A", cls.office_a)
        cls.other_officer = officer("t_vbsp_other_a", "Cán bộ khác A", cls.office_a)
        cls.officer_b = officer("t_vbsp_b", "Cán bộ B", cls.office_b)
        cls.Point = cls.env["rehab.transaction.point"]
        cls.Session = cls.env["rehab.transaction.session"]
        cls.Receipt = cls.env["rehab.leader.receipt"]
        cls.group.leader_name = "Lò Thị Tổ Trưởng"
        cls.point = cls._make_point(15)

    @classmethod
    def _make_point(cls, day, commune=None):
        return cls.Point.with_user(cls.vbsp_user).create(
            {
                "name": "Trụ sở UBND xã A1",
                "vbsp_office_id": cls.office_a.id,
                "company_id": (commune or cls.commune_a1).id,
                "session_day": day,
                "leader_id": cls.leader.id,
                "controller_id": cls.controller.id,
                "teller_id": cls.teller.id,
            }
        )

    # Loans

    def _slip_for(self, person):
        line = self.record.line_ids.filtered(lambda line: line.person_id == person)
        slip = self.env["rehab.referral.slip"].search(
            [("line_id", "=", line.id), ("state", "=", "valid")]
        )
        return slip or self.env["rehab.referral.slip"].create({"line_id": line.id})

    def _loan(self, person, disbursed=date(2026, 6, 15), amount=10_000_000):
        self.slip = self._slip_for(person)
        loan = self._approved(amount)
        self._wizard(
            "rehab.loan.disburse",
            loan,
            self.vbsp_user,
            date=disbursed,
            amount=amount,
        ).action_disburse()
        return loan

    def _repay(self, loan, day, amount):
        with freeze_time(day):
            self._wizard(
                "rehab.loan.repay", loan, self.vbsp_user, date=day, amount=amount
            ).action_post()

    # The group of three made once for the class (before the first test's
    # savepoint) when every test of a case starts from it.
    GROUP_OF_THREE_ONCE = False
    THREE = ("on_time", "late", "prepaying")

    def _class_fixtures(self):
        if self.GROUP_OF_THREE_ONCE:
            self._group_of_three()
            cls = type(self)
            for name in self.THREE:
                setattr(cls, name, self.__dict__.pop(name))
            # The last loan's slip: not left on the first test alone.
            self.__dict__.pop("slip", None)
            cls._three_made = True

    def _group_of_three(self):
        """On time, late and prepaying, instalments due on the 15th.

        10,000,000 đồng over 12 months at 6.6 %, disbursed on 15 June:
        833,333 đồng of principal a month; interest 55,000 đồng in July and
        50,417 đồng in August (9,166,667 × 0.55 %). On 15 July the on-time
        member pays July's instalment (888,333), the prepaying member that
        and 1,000,000 more (833,333 of August's principal and 166,667 of
        September's), the late member nothing.
        """
        if type(self).__dict__.get("_three_made"):
            return
        self.on_time = self._loan(self.person_a1)
        self.late = self._loan(self.second_a1)
        self.prepaying = self._loan(self.third_a1)
        self._repay(self.on_time, date(2026, 7, 15), 888_333)
        self._repay(self.prepaying, date(2026, 7, 15), 1_888_333)

    def _session(self, month="2026-08-01", day=date(2026, 8, 15)):
        with freeze_time(month):
            self.Session._cron_plan_sessions()
        return self.Session.search(
            [("point_id", "=", self.point.id), ("date", "=", day)]
        )

    def _open(self, session, day="2026-08-15"):
        with freeze_time(day):
            session.with_user(self.leader).action_open()
        return session.sheet_ids.filtered(lambda s: s.savings_group_id == self.group)

    def _type(self, sheet, user, amounts=None, cash=None):
        """The sheet's form as ``user``: amounts {loan: paid}, the cash."""
        form = Form(sheet.with_user(user))
        for index, line in enumerate(sheet.line_ids):
            if amounts and line.loan_id in amounts:
                with form.line_ids.edit(index) as row:
                    row.amount_paid = amounts[line.loan_id]
        if cash is not None:
            form.cash_counted = cash
        return form.save()

    def _line(self, sheet, loan):
        return sheet.line_ids.filtered(lambda line: line.loan_id == loan)

    def _paid(self, loan):
        self.env.invalidate_all()
        return [
            (i.sequence, i.principal_paid, i.interest_paid, i.overdue_interest_paid)
            for i in loan.installment_ids
        ]

    def _ledger(self, loans):
        """Everything a repayment wrote, loan by loan."""
        self.env.invalidate_all()
        figures = {}
        for loan in loans:
            figures[loan.id] = {
                "state": loan.state,
                "outstanding": loan.outstanding_principal,
                "overdue_interest": loan.overdue_interest,
                "days_past_due": loan.days_past_due,
                "repayments": [
                    (r.date, r.amount, r.overdue_interest, r.interest, r.principal)
                    for r in loan.repayment_ids.sorted("id")
                ],
                "allocations": sorted(
                    (
                        a.installment_id.sequence,
                        a.overdue_interest,
                        a.interest,
                        a.principal,
                        a.interest_waived,
                    )
                    for a in loan.repayment_ids.allocation_ids
                ),
                "installments": [
                    (
                        i.sequence,
                        i.principal_paid,
                        i.interest_paid,
                        i.overdue_interest_paid,
                        i.interest_waived,
                        i.overdue_principal_days,
                        i.accrued_to,
                        i.is_paid,
                    )
                    for i in loan.installment_ids
                ],
            }
        return figures

    def _ready(self):
        self._group_of_three()
        self.session = self._session()
        with freeze_time("2026-08-01"):
            self.receipt = self.Receipt.with_user(self.savings_user).create(
                {"loan_id": self.late.id, "amount": 55_000}
            )
        return self._open(self.session)
