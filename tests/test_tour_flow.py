from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from ..tools.loan_rules import format_vnd


@tagged("post_install", "-at_install")
class TestTourFlow(HttpCase):
    """The programme's main flow in the web client, three users in turn.

    The commune police register an eligible person and submit the month's
    list; the chairman confirms it through the wizard, issues and prints the
    referral slip and sends the list to the bank; the VBSP officer checks the
    slip's QR page, opens the slip, receives the list and makes the loan
    application from the slip.
    Then the commune's transaction day, the transaction team in turn: the
    leader opens the session, the teller types what a borrower paid on the
    group's collection sheet, the controller enters the cash counted, the
    teller posts the group and the leader closes the session.
    The tours are in static/tests/tours/post_rehab_credit_flow_tour.js.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        cls.province = Company.create(
            {
                "name": "Tỉnh Nà Thác (thử nghiệm)",
                "agency_type": "province_committee",
                "admin_code": "TF",
                "currency_id": cls.env.ref("base.VND").id,
            }
        )
        cls.commune = Company.create(
            {
                "name": "Xã Nà Thác",
                "agency_type": "commune",
                "parent_id": cls.province.id,
                "admin_code": "TF01",
            }
        )
        cls.office = Company.create(
            {
                "name": "Phòng giao dịch NHCSXH Nà Thác",
                "agency_type": "vbsp_office",
                "parent_id": cls.province.id,
                "served_commune_ids": [(6, 0, cls.commune.ids)],
            }
        )

        def user(login, name, group, company):
            return new_test_user(
                cls.env,
                login=login,
                password=login,
                name=name,
                email="%s@example.com" % login,
                groups="base.group_user,post_rehab_credit.%s" % group,
                company_id=company.id,
                company_ids=[(6, 0, company.ids)],
                lang="vi_VN",
                tz="Asia/Ho_Chi_Minh",
            )

        cls.police = user(
            "flow_police", "Hà Văn Công", "group_commune_police", cls.commune
        )
        cls.chairman = user(
            "flow_chairman", "Nông Văn Chủ", "group_commune_chairman", cls.commune
        )
        cls.banker = user(
            "flow_banker", "Hoàng Thị Ngân", "group_vbsp_officer", cls.office
        )
        # The transaction team of the office: three VBSP officers.
        cls.leader = user(
            "flow_leader", "Đinh Văn Trưởng", "group_vbsp_officer", cls.office
        )
        cls.controller = user(
            "flow_controller", "Lương Thị Soát", "group_vbsp_officer", cls.office
        )
        cls.teller = user(
            "flow_teller", "Vi Thị Giao", "group_vbsp_officer", cls.office
        )
        # What the scheduled action does on the 1st: the month's draft list,
        # for the month the commune is in (its users' time zone).
        cls.month = cls.police.with_user(cls.police)._rehab_today()
        cls.month = cls.month.replace(day=1)
        cls.monthly_list = cls.env["rehab.monthly.list"]._create_lists(
            cls.commune, cls.month
        )

    def test_main_flow(self):
        self.assertFalse(self.monthly_list.line_ids)

        # 1. Commune police: register, fill the list, submit.
        self.start_tour(
            "/odoo", "post_rehab_credit_flow_police_register", login="flow_police"
        )
        person = self.env["rehab.person"].search([("citizen_id", "=", "020092005678")])
        self.assertEqual(person.name, "Lộc Văn Thành")
        self.assertEqual(person.company_id, self.commune)
        self.assertTrue(person.is_eligible, person.eligibility_reasons)
        self.assertEqual(self.monthly_list.state, "submitted")
        self.assertEqual(self.monthly_list.submitted_by_id, self.police)

        # 2. Chairman: confirm through the wizard, issue and print the slip,
        # send the list to the bank.
        self.start_tour(
            "/odoo",
            "post_rehab_credit_flow_chairman_confirm",
            login="flow_chairman",
        )
        self.assertEqual(self.monthly_list.confirmed_by_id, self.chairman)
        slip = self.env["rehab.referral.slip"].search([("person_id", "=", person.id)])
        self.assertEqual(len(slip), 1)
        self.assertEqual(slip.state, "valid")
        self.assertTrue(slip.name.startswith("TF01/"))
        self.assertEqual(slip.create_uid, self.chairman)
        self.assertEqual(self.monthly_list.state, "sent")

        # 3. VBSP officer: from the QR page to the loan application.
        self.start_tour(
            "/rehab/slip/%s" % slip._token(),
            "post_rehab_credit_flow_bank_loan",
            login="flow_banker",
        )

        # The end state.
        self.env.invalidate_all()
        line = self.monthly_list.line_ids
        self.assertEqual(line.person_id, person)
        self.assertFalse(line.excluded)
        self.assertTrue(line.was_eligible)
        self.assertEqual(self.monthly_list.state, "received")
        self.assertEqual(self.monthly_list.received_by_id, self.banker)
        self.assertEqual(self.monthly_list.vbsp_office_id, self.office)
        loan = self.env["rehab.loan"].search([("slip_id", "=", slip.id)])
        self.assertEqual(len(loan), 1)
        self.assertEqual(loan.create_uid, self.banker)
        self.assertEqual(loan.borrower_type, "person")
        self.assertEqual(loan.person_id, person)
        self.assertEqual(loan.borrower_name, "Lộc Văn Thành")
        self.assertEqual(loan.company_id, self.commune)
        self.assertEqual(loan.vbsp_office_id, self.office)
        self.assertEqual(loan.purpose, "production")
        self.assertEqual(loan.amount_requested, 50_000_000)
        self.assertEqual(loan.term_months, 36)
        self.assertEqual(loan.state, "draft")
        self.assertTrue(loan.name.startswith("KU/"))
        self.assertEqual(slip.state, "used")
        self.assertEqual(slip.used_date, slip.with_user(self.banker)._rehab_today())
        # The slip the chairman printed renders, with the person on it.
        html = (
            self.env["ir.actions.report"]
            .with_user(self.chairman)
            ._render_qweb_html(
                "post_rehab_credit.action_report_referral_slip", slip.ids
            )[0]
            .decode()
        )
        self.assertIn("Lộc Văn Thành", html)
        self.assertIn(slip.name, html)
        self.assertIn("020092005678", html)

    # The commune's transaction day

    def _group_with_dues(self, today):
        """A savings group of two borrowers whose loans, disbursed a month
        ago, have their first instalment falling due today."""
        Company = self.env["res.company"]
        branch = Company.create(
            {
                "name": "Chi nhánh NHCSXH tỉnh Nà Thác",
                "agency_type": "vbsp_branch",
                "parent_id": self.province.id,
            }
        )
        self.env["rehab.capital.allocation"].create(
            {
                "source": "vbsp",
                "decision_number": "07/QĐ-NHCS",
                "decision_date": today - relativedelta(months=3),
                "company_id": branch.id,
                "amount": 500_000_000,
            }
        )
        group = self.env["rehab.savings.group"].create(
            {
                "name": "Tổ TK&VV bản Nà Thác",
                "company_id": self.commune.id,
                "organisation": "women",
                "village": "Bản Nà Thác",
                "leader_name": "Hà Thị Tổ",
                "member_ids": [
                    (0, 0, {"name": "Lò Văn Pấng"}),
                    (0, 0, {"name": "Vi Thị Mai"}),
                ],
            }
        )
        disbursed = today - relativedelta(months=1)
        # The steps before the money are not this tour's subject: made here
        # on the day of the disbursement (07:00 in Vietnam).
        with freeze_time(disbursed):
            people = self.env["rehab.person"].create(
                [
                    {
                        "name": name,
                        "citizen_id": citizen_id,
                        "birth_date": birth,
                        "gender": gender,
                        "company_id": self.commune.id,
                        "village": "Bản Nà Thác",
                        "rehab_route": "voluntary",
                        "rehab_facility": "Cơ sở cai nghiện ma túy tỉnh",
                        "completion_date": disbursed - relativedelta(months=8),
                        "decision_number": number,
                        "decision_date": disbursed - relativedelta(months=7),
                        "purpose": "production",
                        "amount_needed": 10_000_000,
                    }
                    for name, citizen_id, birth, gender, number in (
                        ("Lò Văn Pấng", "020091001234", "1991-03-02", "male", "3/QĐ"),
                        ("Vi Thị Mai", "020194004321", "1994-10-20", "female", "4/QĐ"),
                    )
                ]
            )
            self.assertTrue(all(people.mapped("is_eligible")))
            monthly_list = self.env["rehab.monthly.list"]._create_lists(
                self.commune, disbursed.replace(day=1)
            )
            self.assertEqual(monthly_list.line_ids.person_id, people)
            monthly_list.with_user(self.police).action_submit()
            Form(
                self.env["rehab.monthly.list.confirm"]
                .with_user(self.chairman)
                .with_context(default_list_id=monthly_list.id)
            ).save().action_confirm()
            monthly_list.with_user(self.chairman).action_send()
            slips = self.env["rehab.referral.slip"].create(
                [{"line_id": line.id} for line in monthly_list.line_ids]
            )
            loans = self.env["rehab.loan"].create(
                [
                    {
                        "slip_id": slip.id,
                        "purpose": "production",
                        "amount_requested": 10_000_000,
                        "term_months": 12,
                        "savings_group_id": group.id,
                    }
                    for slip in slips
                ]
            )
            loans.write(
                {
                    "state": "approved",
                    "amount_approved": 10_000_000,
                    "review_amount": 10_000_000,
                    "interest_rate": 6.6,
                    "overdue_multiplier": 130,
                    "decision_date": disbursed,
                }
            )
            for loan in loans:
                loan.with_user(self.banker)._disburse(disbursed, 10_000_000)
        return group, {loan.borrower_name: loan for loan in loans}

    def _sessions_planned_by_the_point(self, today):
        """The office's transaction point meets the commune on today's day of
        the month; its button plans this month's session (today) and the
        next month's."""
        point = (
            self.env["rehab.transaction.point"]
            .with_user(self.leader)
            .create(
                {
                    "name": "Trụ sở UBND xã Nà Thác",
                    "vbsp_office_id": self.office.id,
                    "company_id": self.commune.id,
                    "session_day": today.day,
                    "leader_id": self.leader.id,
                    "controller_id": self.controller.id,
                    "teller_id": self.teller.id,
                }
            )
        )
        point.with_user(self.leader).action_plan_sessions()
        sessions = self.env["rehab.transaction.session"].search(
            [("point_id", "=", point.id)], order="date"
        )
        self.assertEqual(len(sessions), 2)
        self.assertEqual(sessions[0].date, today)
        self.assertEqual(set(sessions.mapped("state")), {"planned"})
        self.assertFalse(sessions.sheet_ids)
        return sessions

    def _tour(self, name, login):
        self.start_tour(
            "/odoo", "post_rehab_credit_flow_session_%s" % name, login=login
        )
        # The tour's requests wrote through the same transaction: read afresh.
        self.env.invalidate_all()

    def test_transaction_session(self):
        # Today in Vietnam, where the team works (the users' time zone).
        today = self.leader.with_user(self.leader)._rehab_today()
        group, loans = self._group_with_dues(today)
        pang, mai = loans["Lò Văn Pấng"], loans["Vi Thị Mai"]
        sessions = self._sessions_planned_by_the_point(today)
        session = sessions[0]

        # 1. The team leader opens the session: the group's sheet is made.
        self._tour("open", "flow_leader")
        self.assertEqual(session.state, "open")
        self.assertEqual(session.opened_by_id, self.leader)
        sheet = session.sheet_ids
        self.assertEqual(sheet.savings_group_id, group)
        self.assertEqual(sheet.line_ids.loan_id, pang | mai)
        lines = {line.loan_id: line for line in sheet.line_ids}
        # Each owes at least the first instalment: 833,333 đồng of principal
        # and 55,000 of interest (10,000,000 × 0.55 %).
        pang_due = lines[pang].due_total
        self.assertGreaterEqual(pang_due, 888_333)
        self.assertGreaterEqual(lines[mai].due_total, 888_333)

        # 2. The teller types what Vi Thị Mai paid: 500,000 đồng.
        self._tour("type", "flow_teller")
        self.assertEqual(lines[mai].amount_paid, 500_000)
        self.assertTrue(lines[mai].differs)
        self.assertEqual(lines[pang].amount_paid, pang_due)
        self.assertEqual(sheet.amount_total, pang_due + 500_000)
        self.assertFalse(sheet.counted_by_id)

        # 3. The controller enters the cash counted.
        self._tour("count", "flow_controller")
        self.assertEqual(sheet.counted_by_id, self.controller)
        self.assertEqual(sheet.cash_counted, pang_due + 500_000)
        self.assertEqual(sheet.state, "draft")
        self.assertFalse((pang | mai).repayment_ids)

        # 4. The teller posts the group: one repayment a loan, dated today.
        self._tour("post", "flow_teller")
        self.assertEqual(sheet.state, "posted")
        self.assertEqual(sheet.posted_by_id, self.teller)
        for loan, amount in ((pang, pang_due), (mai, 500_000)):
            repayment = loan.repayment_ids
            self.assertEqual(len(repayment), 1, loan.borrower_name)
            self.assertEqual(
                (repayment.date, repayment.amount, repayment.create_uid),
                (today, amount, self.teller),
            )
            self.assertEqual(lines[loan].repayment_id, repayment)
        # Paid in full, Lò Văn Pấng owes nothing of his first instalment.
        self.assertTrue(pang.installment_ids.sorted("sequence")[0].is_paid)
        self.assertFalse(mai.installment_ids.sorted("sequence")[0].is_paid)

        # 5. The team leader closes the session, which locks it.
        self._tour("close", "flow_leader")
        self.assertEqual(session.state, "closed")
        self.assertEqual(session.closed_by_id, self.leader)
        self.assertEqual(session.amount_posted, pang_due + 500_000)
        self.assertEqual(session.cash_counted, session.amount_posted)
        self.assertEqual(sessions[1].state, "planned")
        with self.assertRaises(UserError):
            session.with_user(self.leader).write({"place": "Nhà văn hóa"})
        with self.assertRaises(UserError):
            lines[mai].with_user(self.teller).write({"amount_paid": 1})
        # The session's report, as the leader prints it.
        html = (
            self.env["ir.actions.report"]
            .with_user(self.leader)
            ._render_qweb_html(
                "post_rehab_credit.action_report_transaction_session", session.ids
            )[0]
            .decode()
        )
        self.assertIn("Tổ TK&amp;VV bản Nà Thác", html)
        self.assertIn(format_vnd(session.amount_posted), html)
