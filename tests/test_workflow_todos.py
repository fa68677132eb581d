from datetime import date

from freezegun import freeze_time

from odoo.tests import Form, new_test_user, tagged
from odoo.tools.translate import code_translations

from ..models.rehab_monthly_list import DRAW_UP as STEP_DRAW_UP
from ..tools.rehab_rules import agency_date
from .common_loan import LoanCase

STEP = "post_rehab_credit.mail_activity_type_step"


@tagged("post_install", "-at_install")
class TestWorkflowTodos(LoanCase):
    """Each step closes its to-do and opens one for the next step's users."""

    def tr(self, summary):
        """A to-do is written in its user's language: Vietnamese here."""
        self.assertEqual(self.police_user.lang, "vi_VN")
        translations = code_translations.get_python_translations(
            "post_rehab_credit", "vi_VN"
        )
        self.assertIn(summary, translations)
        return translations[summary]

    def todos(self, record):
        self.env.invalidate_all()
        return {
            (a.user_id.login, a.summary)
            for a in self.env["mail.activity"].search(
                [("res_model", "=", record._name), ("res_id", "=", record.id)]
            )
        }

    def test_list_chain(self):
        record = self.List.create(
            {"company_id": self.commune_a1.id, "month_date": "2027-01-01"}
        )
        record.action_fill()
        record._workflow_open_todo(
            self.police_user, "Draw up and submit the monthly list"
        )
        police, chairman, bank = self.police_user, self.chairman_user, self.vbsp_user
        record.with_user(police).action_submit()
        self.assertEqual(
            self.todos(record), {(chairman.login, self.tr("Confirm the monthly list"))}
        )
        wizard = Form(
            self.env["rehab.monthly.list.return"]
            .with_user(chairman)
            .with_context(default_list_id=record.id)
        )
        wizard.reason = "Thiếu người"
        wizard.save().action_return()
        self.assertEqual(
            self.todos(record),
            {(police.login, self.tr("Correct and submit the returned list"))},
        )
        record.with_user(police).action_submit()
        self.assertEqual(
            self.todos(record), {(chairman.login, self.tr("Confirm the monthly list"))}
        )
        Form(
            self.env["rehab.monthly.list.confirm"]
            .with_user(chairman)
            .with_context(default_list_id=record.id)
        ).save().action_confirm()
        self.assertEqual(
            self.todos(record),
            {(police.login, self.tr("Send the confirmed list to the bank"))},
        )
        record.with_user(police).action_send()
        self.assertEqual(
            self.todos(record), {(bank.login, self.tr("Receive the monthly list"))}
        )
        record.with_user(bank).action_receive()
        self.assertEqual(self.todos(record), set())
        # Done to-dos are kept as done, of the workflow's own type.
        done = (
            self.env["mail.message"]
            .search([("model", "=", record._name), ("res_id", "=", record.id)])
            .filtered("mail_activity_type_id")
        )
        # Drawn up, submitted, returned, submitted again, confirmed, sent.
        self.assertEqual(len(done), 6)
        self.assertEqual(done.mail_activity_type_id, self.env.ref(STEP))

    def test_loan_chain(self):
        bank, chairman, savings = self.vbsp_user, self.chairman_user, self.savings_user
        loan = self._application()
        self.assertEqual(
            self.todos(loan),
            {
                (
                    savings.login,
                    self.tr("Review the loan application in the savings group"),
                )
            },
        )
        self._wizard(
            "rehab.loan.review",
            loan,
            savings,
            meeting_date=date(2026, 5, 20),
            members_present=4,
            note="Cả tổ nhất trí",
        ).action_record()
        self.assertEqual(
            self.todos(loan),
            {(chairman.login, self.tr("Confirm the loan application for the commune"))},
        )
        with freeze_time(self.CONFIRM_DAY):
            loan.with_user(chairman).action_confirm_commune()
        self.assertEqual(
            self.todos(loan), {(bank.login, self.tr("Decide the loan application"))}
        )
        self._wizard(
            "rehab.loan.decide", loan, bank, decision_date=date(2026, 6, 1)
        ).action_decide()
        self.assertEqual(self.todos(loan), {(bank.login, self.tr("Disburse the loan"))})
        self._wizard(
            "rehab.loan.disburse", loan, bank, date=date(2026, 6, 1), amount=4_000_000
        ).action_disburse()
        self.assertEqual(
            self.todos(loan), {(bank.login, self.tr("Disburse the next tranche"))}
        )
        self._wizard(
            "rehab.loan.disburse", loan, bank, date=date(2026, 6, 2), amount=6_000_000
        ).action_disburse()
        self.assertEqual(loan.state, "repaying")
        self.assertEqual(self.todos(loan), set())
        loan.with_user(bank)._repay(agency_date(), 1_000_000)
        self.assertEqual(self.todos(loan), set())

    def test_report_todo_goes_to_its_writers_only(self):
        plan = self.env["rehab.plan"].create(
            {
                "name": "KH xã",
                "company_id": self.commune_a1.id,
                "recipient_id": self.police_a.id,
                "reporting_company_ids": [(6, 0, self.commune_a1.ids)],
                "deadline_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Báo cáo năm",
                            "period": "year",
                            "due_day": 20,
                            "due_month": 12,
                        },
                    )
                ],
            }
        )
        deadline = plan.deadline_ids
        report = self.env["rehab.report"]._ensure_reports(
            [(deadline, date(2026, 12, 20))]
        )
        self.assertEqual(
            self.todos(report),
            {(self.police_user.login, self.tr("Write the periodic report"))},
        )
        report.with_user(self.police_user).action_submit()
        self.assertEqual(
            self.todos(report),
            {
                (self.province_user.login, self.tr("Accept the periodic report")),
            },
        )
        report.with_user(self.province_user).action_reset_draft()
        self.assertEqual(
            self.todos(report),
            {
                (
                    self.police_user.login,
                    self.tr("Correct and submit the periodic report"),
                )
            },
        )
        report.with_user(self.police_user).action_submit()
        report.with_user(self.province_user).action_accept()
        self.assertEqual(self.todos(report), set())


@tagged("post_install", "-at_install")
class TestTodoRecipients(LoanCase):
    """A to-do goes to the user whose step it is, once; the previous closes.

    The transaction office has a team of three; its leader at the commune is
    the loan's VBSP officer. The programme administrator, who holds every
    role, gets no to-do of another role's work.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def officer(login):
            return new_test_user(
                cls.env,
                login=login,
                groups="base.group_user,post_rehab_credit.group_vbsp_officer",
                company_id=cls.office_a.id,
                company_ids=[(6, 0, cls.office_a.ids)],
            )

        cls.controller = officer("t_vbsp_controller_a")
        cls.teller = officer("t_vbsp_teller_a")
        # The administrator works in every agency of the province, as in the demo.
        agencies = cls.env["res.company"].search(
            [("province_id", "=", cls.province_a.id)]
        )
        cls.admin_user.company_ids = [(4, agency.id) for agency in agencies]
        cls.admins = cls.admin_user | cls.env.ref("base.user_admin")
        cls.admins.company_ids = [(4, agency.id) for agency in agencies]
        cls.point = cls.env["rehab.transaction.point"].create(
            {
                "name": "Trụ sở UBND xã A1",
                "vbsp_office_id": cls.office_a.id,
                "company_id": cls.commune_a1.id,
                "session_day": 10,
                "leader_id": cls.vbsp_user.id,
                "controller_id": cls.controller.id,
                "teller_id": cls.teller.id,
            }
        )

    def holders(self, record):
        """The logins holding an open to-do on the record, one per to-do."""
        self.env.invalidate_all()
        activities = self.env["mail.activity"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)]
        )
        self.assertFalse(record._workflow_stale_todos())
        return sorted(activities.user_id.mapped("login")) + (
            ["(twice)"] if len(activities) != len(activities.user_id) else []
        )

    def assertHolds(self, record, user):
        self.assertEqual(self.holders(record), [user.login])

    def assertAdminsHoldNothing(self):
        self.assertFalse(
            self.env["mail.activity"].search([("user_id", "in", self.admins.ids)])
        )

    def test_list_chain_to_the_users_of_each_step(self):
        record = self.List.create(
            {"company_id": self.commune_a1.id, "month_date": "2027-01-01"}
        )
        record.action_fill()
        record._workflow_open_todo(self.police_user, STEP_DRAW_UP)
        # Opened twice, held once.
        record._workflow_open_todo(self.police_user, STEP_DRAW_UP)
        self.assertHolds(record, self.police_user)
        record.with_user(self.police_user).action_submit()
        self.assertHolds(record, self.chairman_user)
        Form(
            self.env["rehab.monthly.list.confirm"]
            .with_user(self.chairman_user)
            .with_context(default_list_id=record.id)
        ).save().action_confirm()
        self.assertHolds(record, self.police_user)
        record.with_user(self.police_user).action_send()
        # The officer who serves the commune, not the office's whole team.
        self.assertHolds(record, self.vbsp_user)
        record.with_user(self.vbsp_user).action_receive()
        self.assertEqual(self.holders(record), [])
        # The slip: nobody's to-do, the borrower brings it to the bank.
        line = record.line_ids.filtered(lambda x: x.person_id == self.second_a1)
        line.with_user(self.chairman_user).action_issue_slip()
        self.assertEqual(self.holders(record), [])
        self.assertAdminsHoldNothing()

    def test_loan_chain_to_the_users_of_each_step(self):
        loan = self._application()
        self.assertHolds(loan, self.savings_user)
        self._wizard(
            "rehab.loan.review",
            loan,
            self.savings_user,
            meeting_date=date(2026, 5, 20),
            members_present=4,
            note="Cả tổ nhất trí",
        ).action_record()
        self.assertHolds(loan, self.chairman_user)
        # Confirmed before the decision's day (a decision rests on it).
        with freeze_time(self.CONFIRM_DAY):
            loan.with_user(self.chairman_user).action_confirm_commune()
        self.assertHolds(loan, self.vbsp_user)
        self._wizard(
            "rehab.loan.decide", loan, self.vbsp_user, decision_date=date(2026, 6, 1)
        ).action_decide()
        self.assertHolds(loan, self.vbsp_user)
        self._wizard(
            "rehab.loan.disburse",
            loan,
            self.vbsp_user,
            date=date(2026, 6, 1),
            amount=4_000_000,
        ).action_disburse()
        self.assertHolds(loan, self.vbsp_user)
        self._wizard(
            "rehab.loan.disburse",
            loan,
            self.vbsp_user,
            date=date(2026, 6, 2),
            amount=6_000_000,
        ).action_disburse()
        self.assertEqual(self.holders(loan), [])
        # A misuse found: the recovery is the loan's officer's, once.
        with freeze_time("2026-06-10 03:00"):
            loan.with_user(self.vbsp_user)._record_use_check(
                date(2026, 6, 10), "bank", "misused", "Mua xe máy cá nhân"
            )
        self.assertHolds(loan, self.vbsp_user)
        team = self.controller | self.teller
        self.assertFalse(
            self.env["mail.activity"].search([("user_id", "in", team.ids)])
        )
        self.assertAdminsHoldNothing()

    def test_without_a_point_the_office_officers(self):
        self.point.leader_id = False
        loan = self._application()
        self._reviewed_and_confirmed(loan)
        self.assertEqual(
            self.holders(loan),
            sorted((self.vbsp_user | self.controller | self.teller).mapped("login")),
        )
        self.assertAdminsHoldNothing()

    @freeze_time("2026-07-10 03:00")
    def test_session_steps_to_its_leader(self):
        self.point.with_user(self.vbsp_user).action_plan_sessions()
        sessions = self.env["rehab.transaction.session"].search(
            [("point_id", "=", self.point.id)], order="date"
        )
        days = [date(2026, 7, 10), date(2026, 8, 10)]
        self.assertEqual(sessions.mapped("date"), days)
        for session in sessions:
            self.assertHolds(session, self.vbsp_user)
        sessions[0].with_user(self.vbsp_user).action_open()
        self.assertHolds(sessions[0], self.vbsp_user)
        # A new leader of the next session takes its to-do over.
        sessions[1].with_user(self.vbsp_user).write(
            {"leader_id": self.teller.id, "teller_id": self.vbsp_user.id}
        )
        self.assertHolds(sessions[1], self.teller)
        sessions[0].with_user(self.vbsp_user).action_close()
        self.assertEqual(self.holders(sessions[0]), [])
        self.assertAdminsHoldNothing()

    def test_late_list_chased_up_by_the_province_police_only(self):
        month = date(2027, 1, 1)
        record = self.List._create_lists(self.commune_a1, month)
        self.assertHolds(record, self.police_user)
        self.List._mark_late(month)
        self.assertEqual(
            self.holders(record),
            sorted([self.police_user.login, self.province_user.login]),
        )
        self.assertAdminsHoldNothing()
        record.with_user(self.police_user).action_submit()
        # Submitted: the chase-up is done with the police's own to-do.
        self.assertHolds(record, self.chairman_user)

    def test_the_next_month_replaces_an_unsubmitted_list(self):
        january = self.List._create_lists(self.commune_a1, date(2027, 1, 1))
        self.List._mark_late(date(2027, 1, 1))
        self.assertTrue(self.holders(january))
        february = self.List._create_lists(self.commune_a1, date(2027, 2, 1))
        self.assertEqual(self.holders(january), [])
        self.assertHolds(february, self.police_user)
        self.assertEqual(january.state, "draft")

    def test_the_annual_report_replaces_an_unwritten_half_year(self):
        plan = self.env["rehab.plan"].create(
            {
                "name": "KH xã",
                "company_id": self.commune_a1.id,
                "recipient_id": self.police_a.id,
                "reporting_company_ids": [(6, 0, self.commune_a1.ids)],
                "deadline_ids": [
                    (0, 0, {"name": name, "period": period, "due_day": 20, **due})
                    for name, period, due in (
                        ("Sáu tháng", "half", {"due_month": 6}),
                        ("Năm", "year", {"due_month": 12}),
                    )
                ],
            }
        )
        half, year = plan.deadline_ids.sorted("due_month")
        Report = self.env["rehab.report"]
        first = Report._ensure_reports([(half, date(2026, 6, 20))])
        Report._mark_late(date(2026, 6, 21))
        self.assertEqual(
            self.holders(first),
            sorted([self.police_user.login, self.province_user.login]),
        )
        self.assertAdminsHoldNothing()
        annual = Report._ensure_reports([(year, date(2026, 12, 20))])
        # The annual report, cumulative from January, reports on the first half.
        self.assertEqual(self.holders(first), [])
        self.assertEqual(first.state, "draft")
        self.assertHolds(annual, self.police_user)

    def test_a_clients_context_does_not_skip_the_todos(self):
        record = self.List._create_lists(self.commune_a1, date(2027, 1, 1))
        record.with_user(self.police_user).with_context(
            mail_activity_automation_skip=True, mail_activity_quick_update=True
        ).action_submit()
        self.assertHolds(record, self.chairman_user)
        # Nor their «assigned to you» mail: the chairman is told.
        self.assertEqual(self.assigned_mails(record, self.chairman_user), 1)

    def test_the_runs_open_their_todos_quietly(self):
        record = self.List._create_lists(self.commune_a1, date(2027, 1, 1))
        self.assertHolds(record, self.police_user)
        self.List._mark_late(date(2027, 1, 1))
        self.assertTrue(record.is_late)
        self.assertIn(self.province_user.login, self.holders(record))
        # In their to-dos, with no «assigned to you» mail each.
        self.assertEqual(self.assigned_mails(record, self.police_user), 0)
        self.assertEqual(self.assigned_mails(record, self.province_user), 0)

    def assigned_mails(self, record, user):
        """The «assigned to you» notifications ``user`` got on ``record``."""
        return self.env["mail.message"].search_count(
            [
                ("model", "=", record._name),
                ("res_id", "=", record.id),
                ("message_type", "=", "user_notification"),
                ("partner_ids", "in", user.partner_id.ids),
            ]
        )
