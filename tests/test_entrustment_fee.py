import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import set_rule, xlsx_heading, xlsx_table
from .common_loan import LoanCase

JULY = date(2026, 7, 1)
AUGUST = date(2026, 8, 1)


@tagged("post_install", "-at_install")
class TestEntrustmentFee(LoanCase):
    """The fees and commissions of a month, against a hand computation.

    Loan A (10,000,000 đồng over 12 months at 6.6 %, Women's Union group):
    instalment 1 due 1 July: interest 10,000,000 × 0.55 % = 55,000, principal
    10,000,000 // 12 = 833,333; instalment 2 due 1 August: interest on
    9,166,667 = 50,416.67 → 50,417. Loan B (20,000,000 đồng, Farmers' Union
    group): instalment 1 interest 110,000, principal 1,666,666.

    - 1 July: A pays 888,333 (55,000 interest), B pays 1,776,666 (110,000).
    - 5 August: B's July repayment is reversed (typed for the wrong person).
    - 10 August: A pays 1,000,000, nine days late on instalment 2: overdue
      interest 833,333 × 9 days × 6.6 % × 130 % / 365 = 1,763.01 → 1,763,
      then interest 50,417, then principal.

    July: Women 55,000, Farmers 110,000. August: Women 1,763 + 50,417 =
    52,180; Farmers −110,000 (the reversal counts in its own month, July
    does not move). Fee 8 %, commission 15 %.
    """

    def _class_fixtures(self):
        cls = type(self)
        set_rule(self.env, "entrustment_fee_rate", 8)
        set_rule(self.env, "leader_commission_rate", 15)
        self.group.leader_name = "Lò Thị Hoa"
        cls.farmers_officer = new_test_user(
            self.env,
            login="t_savings_farmers",
            groups="base.group_user,post_rehab_credit.group_savings_group_officer",
            company_id=self.commune_a1.id,
            company_ids=[(6, 0, self.commune_a1.ids)],
        )
        cls.farmers = self.env["rehab.savings.group"].create(
            {
                "name": "Tổ TK&VV Hội Nông dân",
                "company_id": self.commune_a1.id,
                "organisation": "farmers",
                "leader_name": "Hà Văn Sơn",
                "officer_ids": [(6, 0, self.farmers_officer.ids)],
                "member_ids": [(0, 0, {"name": "Thành viên %s" % i}) for i in range(5)],
            }
        )
        cls.loan_a = self._disbursed(10_000_000)
        line = self.record.line_ids - self.line
        action = line.with_user(self.police_user).action_issue_slip()
        cls.slip = self.env["rehab.referral.slip"].browse(action["res_id"])
        cls.loan_b = self._application(amount=20_000_000)
        self.loan_b.with_user(self.vbsp_user).savings_group_id = self.farmers
        self._wizard(
            "rehab.loan.review",
            self.loan_b,
            self.farmers_officer,
            meeting_date=date(2026, 5, 20),
            members_present=4,
            note="Cả tổ nhất trí",
        ).action_record()
        with freeze_time(self.CONFIRM_DAY):
            self.loan_b.with_user(self.chairman_user).action_confirm_commune()
        self._wizard(
            "rehab.loan.decide",
            self.loan_b,
            self.vbsp_user,
            decision_date=date(2026, 6, 1),
            amount=20_000_000,
        ).action_decide()
        self._wizard(
            "rehab.loan.disburse",
            self.loan_b,
            self.vbsp_user,
            date=date(2026, 6, 1),
            amount=20_000_000,
        ).action_disburse()
        vbsp = self.vbsp_user
        self.loan_a.with_user(vbsp)._repay(date(2026, 7, 1), 888_333)
        self.loan_b.with_user(vbsp)._repay(date(2026, 7, 1), 1_776_666)
        with freeze_time("2026-08-05"):
            self.loan_b.with_user(vbsp)._reverse(
                self.loan_b.repayment_ids, "Nhập nhầm người nộp"
            )
        self.loan_a.with_user(vbsp)._repay(date(2026, 8, 10), 1_000_000)

    def _rows(self, user=None, month=None):
        Fee = self.env["rehab.entrustment.fee"].with_user(user or self.vbsp_user)
        domain = [("company_id", "=", self.commune_a1.id)]
        if month:
            domain.append(("month", "=", month))
        return {
            (row.month, row.savings_group_id.sudo().name): row
            for row in Fee.search(domain)
        }

    def test_the_ledger_is_read_by_hand(self):
        # The parts each repayment paid, as the hand computation says.
        august = self.loan_a.repayment_ids.filtered(lambda r: r.date.month == 8)
        self.assertEqual(august.overdue_interest, 1_763)
        self.assertEqual(august.interest, 50_417)
        self.assertEqual(self.loan_b.repayment_ids.interest, 110_000)

    def test_fees_and_commissions_by_group_and_month(self):
        rows = self._rows()
        women, farmers = self.group.name, self.farmers.name
        expected = {
            (JULY, women): (55_000, 4_400, 8_250),
            (JULY, farmers): (110_000, 8_800, 16_500),
            (AUGUST, women): (52_180, 4_174.4, 7_827),
            (AUGUST, farmers): (-110_000, -8_800, -16_500),
        }
        self.assertEqual(set(rows), set(expected))
        for key, (interest, fee, commission) in expected.items():
            row = rows[key]
            self.assertAlmostEqual(row.interest_collected, interest, places=2)
            self.assertAlmostEqual(row.fee_amount, fee, places=2)
            self.assertAlmostEqual(row.commission_amount, commission, places=2)
            self.assertEqual(row.vbsp_office_id, self.office_a)
        self.assertEqual(rows[(JULY, women)].organisation, "women")
        self.assertEqual(rows[(JULY, women)].leader_name, "Lò Thị Hoa")
        self.assertEqual(rows[(JULY, farmers)].leader_name, "Hà Văn Sơn")
        # Grouped by organisation, a sum: the rate times all the interest.
        Fee = self.env["rehab.entrustment.fee"].with_user(self.vbsp_user)
        groups = Fee.read_group(
            [("month", "=", JULY)],
            ["interest_collected:sum", "fee_amount:sum"],
            ["organisation"],
        )
        totals = {g["organisation"]: g for g in groups}
        self.assertEqual(totals["women"]["interest_collected"], 55_000)
        self.assertEqual(totals["farmers"]["fee_amount"], 8_800)
        month = Fee.read_group(
            [("month", "=", JULY)], ["interest_collected:sum", "fee_amount:sum"], []
        )[0]
        self.assertEqual(month["interest_collected"], 165_000)
        self.assertEqual(month["fee_amount"], 13_200)

    def test_a_past_month_does_not_move(self):
        before = {k: r.interest_collected for k, r in self._rows(month=JULY).items()}
        with freeze_time("2026-09-02"):
            self.loan_a.with_user(self.vbsp_user)._reverse(
                self.loan_a.repayment_ids.filtered(lambda r: r.date.month == 8),
                "Sai số tiền",
            )
        self.env.invalidate_all()
        after = {k: r.interest_collected for k, r in self._rows(month=JULY).items()}
        self.assertEqual(before, after)
        september = self._rows(month=date(2026, 9, 1))
        self.assertEqual(
            september[(date(2026, 9, 1), self.group.name)].interest_collected, -52_180
        )

    def test_the_rates_are_settings(self):
        # The programme's default rates (every province without its own),
        # from today: the national administrator's.
        settings = Form(
            self.env["rehab.settings"]
            .with_user(self.national_admin_user)
            .with_context(default_rule_province_id=False)
        )
        settings.rehab_entrustment_fee_rate = 10
        settings.rehab_leader_commission_rate = 20
        settings.rule_legal_number = "15/QĐ-NHCS"
        settings.save().execute()
        # From today: July's fees keep July's rates (8 % and 15 % of 55,000).
        row = self._rows(month=JULY)[(JULY, self.group.name)]
        self.assertAlmostEqual(row.fee_amount, 4_400)
        self.assertAlmostEqual(row.commission_amount, 8_250)
        version = self.env["rehab.rule.value"].search(
            [
                ("key", "=", "entrustment_fee_rate"),
                ("province_id", "=", False),
                ("legal_number", "=", "15/QĐ-NHCS"),
            ]
        )
        self.assertEqual(version.value, 10)
        self.assertEqual(version.date_from, version._rehab_today())
        settings = Form(self.env["rehab.settings"].with_user(self.admin_user))
        settings.rehab_entrustment_fee_rate = 101
        settings.rule_legal_number = "16/QĐ-NHCS"
        with self.assertRaisesRegex(Exception, "between 0 and 100"):
            settings.save().execute()

    def test_who_reads_the_fees(self):
        # The group's officer: their group only.
        self.assertEqual(
            {name for __, name in self._rows(self.savings_user)}, {self.group.name}
        )
        self.assertEqual(len(self._rows(self.province_user)), 4)
        self.assertEqual(len(self._rows(self.admin_user)), 4)
        office_b_user = new_test_user(
            self.env,
            login="t_vbsp_fee_b",
            groups="base.group_user,post_rehab_credit.group_vbsp_officer",
            company_id=self.office_b.id,
            company_ids=[(6, 0, self.office_b.ids)],
        )
        self.assertFalse(self._rows(office_b_user))
        for user in (self.police_user, self.chairman_user, self.department_user):
            with self.assertRaises(AccessError):
                self.env["rehab.entrustment.fee"].with_user(user).search([])

    def test_the_monthly_statement(self):
        form = Form(self.env["rehab.entrustment.statement"].with_user(self.vbsp_user))
        self.assertEqual(form.vbsp_office_id, self.office_a)
        form.month = date(2026, 7, 15)
        statement = form.save()
        action = statement.action_open_by_organisation()
        self.assertEqual(action["res_model"], "rehab.entrustment.fee")
        self.assertIn(("month", "=", JULY), action["domain"])
        self.assertEqual(action["context"]["group_by"], ["company_id", "organisation"])
        self.assertEqual(
            statement.action_open_by_leader()["context"]["group_by"],
            ["company_id", "savings_group_id"],
        )
        Report = self.env["ir.actions.report"].with_user(self.vbsp_user)
        content, kind = Report._render_xlsx(
            "post_rehab_credit.action_report_entrustment_statement_xlsx",
            statement.ids,
            {},
        )
        self.assertEqual(kind, "xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content))
        by_org, by_leader = book.worksheets
        # In the official layout, in Vietnamese whatever the user's language.
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", xlsx_heading(by_org))
        rows = xlsx_table(by_org)
        self.assertEqual(
            rows,
            [
                ("Test commune A1", "Hội Nông dân", 110_000, 8_800),
                ("Test commune A1", "Hội Liên hiệp Phụ nữ", 55_000, 4_400),
                ("Tổng", None, 165_000, 13_200),
            ],
        )
        rows = xlsx_table(by_leader)
        self.assertIn(
            (
                "Test commune A1",
                self.group.name,
                "Hội Liên hiệp Phụ nữ",
                "Lò Thị Hoa",
                55_000,
                8_250,
            ),
            rows,
        )
        self.assertEqual(rows[-1][4:], (165_000, 24_750))
        # A month without interest: nothing to print, said plainly.
        statement.month = date(2026, 10, 1)
        with self.assertRaisesRegex(UserError, "nothing to print"):
            statement.action_print_xlsx()
        # Another user does not read this statement.
        with self.assertRaises(AccessError):
            statement.with_user(self.savings_user).read(["month"])
