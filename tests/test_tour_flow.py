from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTourFlow(HttpCase):
    """The programme's main flow in the web client, three users in turn.

    The commune police register an eligible person and submit the month's
    list; the chairman confirms it through the wizard, issues and prints the
    referral slip and sends the list to the bank; the VBSP officer checks the
    slip's QR page, opens the slip, receives the list and makes the loan
    application from the slip.
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
        # What the scheduled action does on the 1st: the month's draft list,
        # for the month the commune is in (its users' time zone).
        cls.month = fields.Date.context_today(cls.police.with_user(cls.police))
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
        self.assertEqual(
            slip.used_date, fields.Date.context_today(slip.with_user(self.banker))
        )
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
