import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import PREFIX, JsonRpcMixin, set_rule, xlsx_table
from .common_loan import LoanCase

JULY = date(2026, 7, 1)
AUGUST = date(2026, 8, 1)
FEE = "entrustment_fee_rate"
COMMISSION = "leader_commission_rate"


class FeeRateCase(LoanCase):
    """Loan A (10,000,000 đồng over 12 months at 6.6 %, Women's Union group
    of commune A1, province A), disbursed on 1 June 2026: instalment 1 due
    1 July, interest 10,000,000 × 0.55 % = 55,000, principal 833,333;
    instalment 2 due 1 August, interest on 9,166,667 = 50,417. The
    programme's rates (no province): fee 8 %, commission 15 %."""

    def _class_fixtures(self):
        cls = type(self)
        set_rule(self.env, FEE, 8)
        set_rule(self.env, COMMISSION, 15)
        cls.loan_a = self._disbursed(10_000_000)

    def _row(self, month, group=None, user=None):
        """The fee row of ``group`` (the Women's group) in ``month``, read
        afresh (the rows of a view have no stable id)."""
        self.env.invalidate_all()
        Fee = self.env["rehab.entrustment.fee"].with_user(user or self.vbsp_user)
        return Fee.search(
            [
                ("month", "=", month),
                ("savings_group_id", "=", (group or self.group).id),
            ]
        )

    def _statement(self, month, user=None):
        form = Form(
            self.env["rehab.entrustment.statement"].with_user(user or self.vbsp_user)
        )
        if not form.vbsp_office_id:
            form.vbsp_office_id = self.office_a
        form.month = month
        return form.save()

    def _assert_row(self, row, expected):
        """``expected``: interest, fee, fee rate, commission, commission rate."""
        interest, fee, fee_rate, commission, commission_rate = expected
        self.assertEqual(len(row), 1)
        self.assertAlmostEqual(row.interest_collected, interest, places=2)
        self.assertAlmostEqual(row.fee_amount, fee, places=2)
        self.assertAlmostEqual(row.fee_rate, fee_rate, places=2)
        self.assertAlmostEqual(row.commission_amount, commission, places=2)
        self.assertAlmostEqual(row.commission_rate, commission_rate, places=2)


@tagged("post_install", "-at_install")
class TestFeeRatesDated(FeeRateCase):
    def test_a_rate_changed_today_leaves_the_past_and_the_issued_alone(self):
        vbsp = self.vbsp_user
        # 1 July: instalment 1 on its day, 55,000 of interest.
        self.loan_a.with_user(vbsp)._repay(JULY, 888_333)
        with freeze_time("2026-08-10 03:00:00"):
            statement = self._statement(date(2026, 7, 20))
            statement.action_issue()
            issued = statement.issue_id
            self.assertTrue(issued)
            # The administrator of province A raises the fee to 12 % from
            # today for the province.
            new_rate = (
                self.env["rehab.rule.value"]
                .with_user(self.admin_user)
                .create(
                    {
                        "key": FEE,
                        "value": 12,
                        "province_id": self.province_a.id,
                        "date_from": "2026-08-10",
                        "legal_number": "15/QĐ-UBND",
                        "legal_date": "2026-08-01",
                    }
                )
            )
            # 10 August (today): instalment 2, nine days late: overdue
            # interest 833,333 × 9 × 6.6 % × 130 % / 365 = 1,763, interest
            # 50,417: 52,180 collected at the new rate.
            self.loan_a.with_user(vbsp)._repay(date(2026, 8, 10), 1_000_000)
        # July as it was: 55,000 × 8 % = 4,400; × 15 % = 8,250.
        self._assert_row(self._row(JULY), (55_000, 4_400, 8, 8_250, 15))
        # August from today: 52,180 × 12 % = 6,261.60; commission unchanged
        # 52,180 × 15 % = 7,827.
        self._assert_row(self._row(AUGUST), (52_180, 6_261.60, 12, 7_827, 15))
        # The issued statement of July: the figures and the versions of its day.
        self.assertEqual(len(issued.line_ids), 1)
        self._assert_row(issued.line_ids, (55_000, 4_400, 8, 8_250, 15))
        self.assertEqual(issued.fee_amount, 4_400)
        self.assertEqual(issued.issued_by_id, vbsp)
        versions = issued.rule_set_id.sudo().version_ids
        self.assertEqual(set(versions.mapped("key")), {FEE, COMMISSION})
        self.assertNotIn(new_rate, versions)
        self.assertEqual(issued.rule_set_id._params()[FEE], 8)

    def test_the_issued_statement_keeps_its_figures(self):
        self.loan_a.with_user(self.vbsp_user)._repay(JULY, 888_333)
        with freeze_time("2026-08-03"):
            statement = self._statement(JULY)
            statement.action_issue()
        issued = statement.issue_id
        # A correction entered afterwards from 1 July (only the superuser
        # dates a rule in the past): July's live figures move to 20 %
        # (55,000 × 20 % = 11,000), the issued statement does not.
        set_rule(self.env, FEE, 20, day=JULY, province=self.province_a)
        self._assert_row(self._row(JULY), (55_000, 11_000, 20, 8_250, 15))
        self.env.invalidate_all()
        self._assert_row(issued.line_ids, (55_000, 4_400, 8, 8_250, 15))
        # The statement shows and prints the issued figures.
        self.assertEqual(statement._rows(), issued.line_ids)
        action = statement.action_open_by_organisation()
        self.assertEqual(action["res_model"], "rehab.entrustment.statement.issue.line")
        self.assertEqual(
            self.env[action["res_model"]]
            .with_user(self.vbsp_user)
            .search(action["domain"])
            .mapped("fee_amount"),
            [4_400],
        )
        Report = self.env["ir.actions.report"].with_user(self.vbsp_user)
        content, __ = Report._render_xlsx(
            "post_rehab_credit.action_report_entrustment_statement_xlsx",
            statement.ids,
            {},
        )
        by_org, by_leader = openpyxl.load_workbook(io.BytesIO(content)).worksheets
        self.assertEqual(xlsx_table(by_org)[-1], ("Tổng", None, 55_000, 4_400))
        self.assertEqual(xlsx_table(by_leader)[-1][4:], (55_000, 8_250))
        # The live figures of a month not issued are read as they are.
        self.assertFalse(self._statement(AUGUST).issue_id)

    def test_a_rate_change_in_the_middle_of_a_month(self):
        vbsp = self.vbsp_user
        # 1 July: 55,000 on the day, all interest of instalment 1.
        first = self.loan_a.with_user(vbsp)._repay(JULY, 55_000)
        # From 16 July the province's fee is 12 %.
        set_rule(self.env, FEE, 12, day=date(2026, 7, 16), province=self.province_a)
        # 16 July: 100,000, the principal 833,333 fifteen days late: overdue
        # interest 833,333 × 15 × 6.6 % × 130 % / 365 = 2,938.36 → 2,938,
        # then principal.
        second = self.loan_a.with_user(vbsp)._repay(date(2026, 7, 16), 100_000)
        self.assertEqual((first.interest, first.overdue_interest), (55_000, 0))
        self.assertEqual((second.interest, second.overdue_interest), (0, 2_938))
        # Each day's interest at its day's rate: 55,000 × 8 % + 2,938 × 12 %
        # = 4,400 + 352.56 = 4,752.56; the rate shown is weighted by the
        # interest: 4,752.56 × 100 / 57,938 = 8.2028… → 8.20 (not the
        # average of 8 and 12). The commission did not change: 15 %,
        # 57,938 × 15 % = 8,690.70.
        self._assert_row(self._row(JULY), (57_938, 4_752.56, 8.20, 8_690.70, 15))
        # Issued, the statement records both versions of the fee.
        with freeze_time("2026-08-03"):
            statement = self._statement(JULY)
            statement.action_issue()
        versions = statement.issue_id.rule_set_id.sudo().version_ids
        self.assertEqual(
            sorted(versions.filtered(lambda v: v.key == FEE).mapped("value")),
            [8, 12],
        )

    def test_two_provinces_each_their_rate(self):
        # Province A decides 9 %, province B 5 %; the programme's 8 % is
        # no province's.
        set_rule(self.env, FEE, 9, day=date(2026, 5, 1), province=self.province_a)
        set_rule(self.env, FEE, 5, day=date(2026, 5, 1), province=self.province_b)
        loan_b, group_b, vbsp_b = self._loan_in_province_b()
        self.loan_a.with_user(self.vbsp_user)._repay(JULY, 888_333)
        loan_b.with_user(vbsp_b)._repay(JULY, 888_333)
        # Both 55,000 of interest: A 55,000 × 9 % = 4,950, B 55,000 × 5 %
        # = 2,750; the commission, no province's own, 15 %: 8,250 each.
        self._assert_row(self._row(JULY), (55_000, 4_950, 9, 8_250, 15))
        self._assert_row(
            self._row(JULY, group_b, vbsp_b),
            (55_000, 2_750, 5, 8_250, 15),
        )

    def _loan_in_province_b(self):
        """Loan B: the same loan as A, to the person of commune B1 (province
        B), in a Women's group there, by transaction office B."""
        env = self.env

        def user(login, role, company):
            return new_test_user(
                env,
                login=login,
                groups="base.group_user,%s%s" % (PREFIX, role),
                company_id=company.id,
                company_ids=[(6, 0, company.ids)],
            )

        branch_b = env["res.company"].create(
            {
                "name": "Test VBSP branch B",
                "agency_type": "vbsp_branch",
                "parent_id": self.province_b.id,
            }
        )
        env["rehab.capital.allocation"].create(
            {
                "source": "vbsp",
                "decision_number": "02/QĐ-NHCS",
                "decision_date": "2026-01-02",
                "company_id": branch_b.id,
                "amount": 1_000_000_000,
            }
        )
        chairman_b = user("t_fee_chairman_b1", "commune_chairman", self.commune_b1)
        savings_b = user("t_fee_savings_b1", "savings_group_officer", self.commune_b1)
        vbsp_b = user("t_fee_vbsp_b", "vbsp_officer", self.office_b)
        record = self._list(self.commune_b1)
        record.with_user(self.police_b_user).action_submit()
        Form(
            env["rehab.monthly.list.confirm"]
            .with_user(chairman_b)
            .with_context(default_list_id=record.id)
        ).save().action_confirm()
        record.action_send()
        line = record.line_ids.filtered(lambda line: line.person_id == self.person_b1)
        slip = env["rehab.referral.slip"].create({"line_id": line.id})
        group_b = env["rehab.savings.group"].create(
            {
                "name": "Tổ TK&VV xã B1",
                "company_id": self.commune_b1.id,
                "organisation": "women",
                "officer_ids": [(6, 0, savings_b.ids)],
                "member_ids": [(0, 0, {"name": "Thành viên %s" % i}) for i in range(5)],
            }
        )
        with freeze_time(self.APPLICATION_DAY):
            form = Form(self.Loan.with_user(vbsp_b))
            form.slip_id = slip
            form.purpose = "production"
            form.amount_requested = 10_000_000
            form.term_months = 12
            form.savings_group_id = group_b
            loan = form.save()
        self._wizard(
            "rehab.loan.review",
            loan,
            savings_b,
            meeting_date=date(2026, 5, 20),
            members_present=4,
            note="Cả tổ nhất trí",
        ).action_record()
        with freeze_time(self.CONFIRM_DAY):
            loan.with_user(chairman_b).action_confirm_commune()
        self._wizard(
            "rehab.loan.decide",
            loan,
            vbsp_b,
            decision_date=date(2026, 6, 1),
            amount=10_000_000,
        ).action_decide()
        self._wizard(
            "rehab.loan.disburse",
            loan,
            vbsp_b,
            date=date(2026, 6, 1),
            amount=10_000_000,
        ).action_disburse()
        return loan, group_b, vbsp_b

    def test_only_a_month_over_is_issued_by_its_office(self):
        self.loan_a.with_user(self.vbsp_user)._repay(JULY, 888_333)
        with freeze_time("2026-07-31 10:00:00"):
            # The month not over yet, nor a month to come.
            for month in (JULY, AUGUST):
                with self.assertRaisesRegex(UserError, "once the month is over"):
                    self._statement(month).action_issue()
        with freeze_time("2026-08-01 01:00:00"):
            # A savings-group officer sees the statement but does not issue it.
            with self.assertRaises(AccessError):
                self._statement(JULY, self.savings_user).action_issue()
            self.assertFalse(self._statement(JULY).issue_id)
            # The branch manager of the province does.
            self._statement(JULY, self.vbsp_manager_user).action_issue()
            with self.assertRaisesRegex(UserError, "issued once"):
                self._statement(JULY).action_issue()
        issued = self._statement(JULY).issue_id
        self.assertEqual(issued.issued_by_id, self.vbsp_manager_user)
        # Who reads it: the office's VBSP officer and the province's roles;
        # the group's officer reads its lines only; the commune does not.
        Issue = self.env["rehab.entrustment.statement.issue"]
        for reader in (self.vbsp_user, self.province_user, self.admin_user):
            self.assertEqual(Issue.with_user(reader).search([]), issued)
        self.assertEqual(
            issued.line_ids.with_user(self.savings_user).search([]), issued.line_ids
        )
        with self.assertRaises(AccessError):
            Issue.with_user(self.police_user).search([])


@tagged("post_install", "-at_install")
class TestIssuedStatementOverRpc(JsonRpcMixin, HttpCase, FeeRateCase):
    """The server refuses, whatever the client sends (today is after July)."""

    def _issue_over_rpc(self, user, office=None):
        wizard, error = self.rpc(
            user,
            "rehab.entrustment.statement",
            "create",
            {"vbsp_office_id": (office or self.office_a).id, "month": "2026-07-01"},
            context={},
        )
        if error:
            return error
        __, error = self.rpc(
            user, "rehab.entrustment.statement", "action_issue", [wizard], context={}
        )
        return error

    def test_issuing_and_the_issued_statement_over_rpc(self):
        self.loan_a.with_user(self.vbsp_user)._repay(JULY, 888_333)
        Issue = self.env["rehab.entrustment.statement.issue"].sudo()
        office_b_user = new_test_user(
            self.env,
            login="t_fee_vbsp_b_rpc",
            groups="base.group_user,post_rehab_credit.group_vbsp_officer",
            company_id=self.office_b.id,
            company_ids=[(6, 0, self.office_b.ids)],
        )
        self.assertTrue(self._issue_over_rpc(self.police_user))
        self.assertIn(
            "issued by its VBSP officers", self._issue_over_rpc(office_b_user)
        )
        self.assertFalse(Issue.search([]))
        # Nobody creates one directly, even with the figures of their liking.
        __, error = self.rpc(
            self.vbsp_user,
            "rehab.entrustment.statement.issue",
            "create",
            {"company_id": self.office_a.id, "month": "2026-07-01"},
        )
        self.assertTrue(error)
        self.assertFalse(self._issue_over_rpc(self.vbsp_user))
        issued = Issue.search([])
        self.assertEqual(len(issued), 1)
        self.assertIn("issued once", self._issue_over_rpc(self.vbsp_user))
        # Never changed, never deleted, header or lines.
        for user in (self.vbsp_user, self.admin_user):
            for model, record in (
                ("rehab.entrustment.statement.issue", issued),
                ("rehab.entrustment.statement.issue.line", issued.line_ids),
            ):
                __, error = self.rpc(
                    user, model, "write", record.ids, {"fee_amount": 1}
                )
                self.assertTrue(error)
                __, error = self.rpc(user, model, "unlink", record.ids)
                self.assertTrue(error)
        self.env.invalidate_all()
        self.assertEqual(issued.fee_amount, 4_400)
        self.assertEqual(issued.line_ids.fee_amount, 4_400)
        # Another office's officer does not read it.
        __, error = self.rpc(
            office_b_user,
            "rehab.entrustment.statement.issue",
            "read",
            issued.ids,
            ["fee_amount"],
        )
        self.assertTrue(error)
