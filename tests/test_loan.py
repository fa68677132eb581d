import base64
import io
from datetime import date, timedelta

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, tagged
from odoo.tools import SQL

from .common import JsonRpcMixin, set_rule, xlsx_table
from .common_loan import LoanCase


@tagged("post_install", "-at_install")
class TestLoanFlow(LoanCase):
    def test_application_uses_the_slip(self):
        loan = self._application()
        self.assertEqual(loan.person_id, self.person_a1)
        self.assertEqual(loan.company_id, self.commune_a1)
        self.assertEqual(loan.vbsp_office_id, self.office_a)
        self.assertTrue(loan.name.startswith("KU/"))
        self.assertEqual(self.slip.state, "used")
        self.assertEqual(loan.borrower_name, "Hoàng Văn Sáng")
        # A used slip makes no second loan.
        with self.assertRaisesRegex(
            UserError, "cannot be used|taken only when it is «Valid»"
        ):
            self._application()

    def test_the_review_is_not_dated_before_the_application(self):
        loan = self._application(day="2026-05-20")
        self.assertEqual(loan.application_date, date(2026, 5, 20))
        self.assertEqual(loan.application_date, self.slip.used_date)
        values = {"members_present": 4, "note": "Cả tổ nhất trí"}
        review = self._wizard(
            "rehab.loan.review",
            loan,
            self.savings_user,
            meeting_date=date(2026, 5, 19),
            **values,
        )
        with self.assertRaisesRegex(
            UserError, "before the loan application of 20/05/2026"
        ):
            review.action_record()
        self.assertEqual(loan.state, "draft")
        self.assertFalse(loan.review_date)
        self._wizard(
            "rehab.loan.review",
            loan,
            self.savings_user,
            meeting_date=date(2026, 5, 20),
            **values,
        ).action_record()
        self.assertEqual(loan.state, "reviewed")
        self.assertEqual(loan.review_date, date(2026, 5, 20))

    def test_a_row_without_application_date_falls_back_to_its_creation(self):
        loan = self._application(day=None)
        loan.sudo().application_date = False
        created = loan._rehab_date(loan.create_date)
        with self.assertRaisesRegex(UserError, "before the loan application of"):
            self._wizard(
                "rehab.loan.review",
                loan,
                self.savings_user,
                meeting_date=created - timedelta(days=1),
                members_present=4,
                note="Cả tổ nhất trí",
            ).action_record()
        self.assertEqual(loan.state, "draft")

    def test_bank_makes_the_loan_from_the_slip(self):
        action = self.slip.with_user(self.vbsp_user).action_new_loan()
        self.assertEqual(action["res_model"], "rehab.loan")
        form = Form(
            self.Loan.with_user(self.vbsp_user).with_context(**action["context"])
        )
        self.assertEqual(form.person_id, self.person_a1)
        self.assertEqual(form.purpose, "production")
        self.assertEqual(form.amount_requested, 50_000_000)
        form.term_months = 12
        form.savings_group_id = self.group
        loan = form.save()
        self.assertEqual(loan.slip_id, self.slip)
        self.assertEqual(self.slip.state, "used")
        with self.assertRaisesRegex(
            UserError, "cannot be used|taken only when it is «Valid»"
        ):
            self.slip.with_user(self.vbsp_user).action_new_loan()

    def test_borrower_rules_hold_after_creation(self):
        loan = self._application()
        with (
            self.assertRaisesRegex(ValidationError, "purpose of establishments"),
            self.env.cr.savepoint(),
        ):
            loan.with_user(self.vbsp_user).write({"purpose": "expansion"})
        loan.invalidate_recordset()
        self.assertEqual(loan.purpose, "production")

    def test_whole_flow_to_closing(self):
        loan = self._approved()
        self.assertEqual(loan.state, "approved")
        self.assertEqual(loan.interest_rate, 6.6)
        self.assertEqual(loan.overdue_multiplier, 130)
        self.assertEqual(loan.review_members_present, 4)
        self.assertEqual(loan.confirmed_by_id, self.chairman_user)
        self._wizard(
            "rehab.loan.disburse",
            loan,
            self.vbsp_user,
            date=date(2026, 6, 1),
            amount=4_000_000,
        ).action_disburse()
        self.assertEqual(loan.state, "disbursing")
        self._wizard(
            "rehab.loan.disburse",
            loan,
            self.vbsp_user,
            date=date(2026, 6, 10),
            amount=6_000_000,
        ).action_disburse()
        self.assertEqual(loan.state, "repaying")
        self.assertEqual(loan.disbursed_amount, 10_000_000)
        self.assertEqual(len(loan.installment_ids), 12)
        self.assertEqual(sum(loan.installment_ids.mapped("principal")), 10_000_000)
        self.assertEqual(loan.installment_ids[0].interest, 55_000)
        # A decided loan changes only through its steps.
        with self.assertRaisesRegex(UserError, "it is frozen and changes only"):
            loan.with_user(self.vbsp_user).write({"amount_requested": 1})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            loan.sudo().unlink()
        with self.assertRaises(AccessError):
            loan.unlink()
        # Prepayment of everything due and all principal closes the loan.
        self._wizard(
            "rehab.loan.repay",
            loan,
            self.vbsp_user,
            date=date(2026, 7, 1),
            amount=10_055_000,
        ).action_post()
        self.assertEqual(loan.outstanding_principal, 0)
        self.assertEqual(loan.state, "closed")
        self.assertTrue(all(loan.installment_ids.mapped("is_paid")))

    def test_overpayment_is_refused(self):
        loan = self._disbursed()
        wizard = self._wizard(
            "rehab.loan.repay",
            loan,
            self.vbsp_user,
            date=date(2026, 7, 1),
            amount=20_000_000,
        )
        with self.assertRaisesRegex(UserError, "more than the loan owes"):
            wizard.action_post()
        self.assertFalse(loan.repayment_ids)

    def test_rejection_needs_a_reason(self):
        loan = self._application()
        self._reviewed_and_confirmed(loan)
        wizard = self._wizard(
            "rehab.loan.decide", loan, self.vbsp_user, decision="reject"
        )
        with self.assertRaisesRegex(UserError, "reason for rejecting"):
            wizard.action_decide()
        wizard.note = "Không có phương án sản xuất"
        wizard.action_decide()
        self.assertEqual(loan.state, "rejected")

    def test_group_refusal(self):
        loan = self._application()
        self._wizard(
            "rehab.loan.review",
            loan,
            self.savings_user,
            members_present=5,
            result="refused",
            note="Chưa có phương án",
        ).action_record()
        self.assertEqual(loan.state, "rejected")


@tagged("post_install", "-at_install")
class TestLoanRules(LoanCase):
    def _decide(self, loan, **values):
        values.setdefault("decision_date", date(2026, 6, 1))
        return self._wizard("rehab.loan.decide", loan, self.vbsp_user, **values)

    def test_ceiling_per_person(self):
        # No more than the amount the commune confirmed on the slip.
        with (
            self.assertRaisesRegex(ValidationError, "more than the 50.000.000"),
            self.env.cr.savepoint(),
        ):
            self._application(amount=50_000_001)
        self.slip.amount = 250_000_000
        loan = self._application(amount=200_000_001)
        self._reviewed_and_confirmed(loan)
        with self.assertRaisesRegex(ValidationError, "at most 200.000.000"):
            self._decide(loan).action_decide()
        self._decide(loan, amount=200_000_000).action_decide()
        self.assertEqual(loan.state, "approved")

    def test_term(self):
        # The application is refused a term over 120 months too (see
        # test_bad_input_loan); the decision checks the term it approves.
        loan = self._application(term=120)
        self._reviewed_and_confirmed(loan)
        with self.assertRaisesRegex(ValidationError, "between 1 and 120 months"):
            self._decide(loan, term_months=121).action_decide()
        with self.assertRaisesRegex(ValidationError, "whole repayment periods"):
            self._decide(loan, term_months=10, frequency="3").action_decide()
        self._decide(loan, term_months=120).action_decide()

    def test_person_eligible_on_the_approval_date(self):
        loan = self._application()
        self._reviewed_and_confirmed(loan)
        # The person relapsed after the group review (20 May 2026).
        self.env["rehab.person.conduct"].create(
            {"person_id": self.person_a1.id, "kind": "relapse", "date": "2026-05-25"}
        )
        with self.assertRaisesRegex(ValidationError, "not eligible on 01/06/2026"):
            self._decide(loan, decision_date=date(2026, 6, 1)).action_decide()
        # Nor is a decision dated before the group review, to probe the past.
        with self.assertRaisesRegex(UserError, "before the group review"):
            self._decide(loan, decision_date=date(2024, 6, 1)).action_decide()

    def test_training_loan_needs_the_confirmation(self):
        loan = self._application(purpose="training", amount=12_000_000)
        self._reviewed_and_confirmed(loan)
        with self.assertRaisesRegex(
            ValidationError, "training institution's confirmation"
        ):
            self._decide(loan).action_decide()
        # The training institution's confirmation is filed on 25 May: the
        # file is complete then, and no decision is dated before it.
        with freeze_time("2026-05-25 09:00:00"):
            self.person_a1.write(
                {
                    "purpose": "training",
                    "training_institution": "Trường nghề",
                    "training_course": "May",
                    "training_start": "2026-06-01",
                    "training_end": "2026-08-31",
                    "training_confirmation": base64.b64encode(b"xac nhan"),
                }
            )
        self.assertEqual(loan.file_complete_date, date(2026, 5, 25))
        with self.assertRaisesRegex(
            UserError, "before the completion of the loan file of 25/05/2026"
        ):
            self._decide(loan, decision_date=date(2026, 5, 22)).action_decide()
        # Three months of study at 4,000,000 đồng a month.
        self._decide(loan).action_decide()
        self.assertEqual(loan.state, "approved")

    def test_training_amount_per_month(self):
        self.person_a1.write(
            {
                "training_institution": "Trường nghề",
                "training_course": "May",
                "training_start": "2026-06-01",
                "training_end": "2026-08-31",
                "training_confirmation": base64.b64encode(b"xac nhan"),
            }
        )
        loan = self._application(purpose="training", amount=12_000_001)
        self._reviewed_and_confirmed(loan)
        with self.assertRaisesRegex(ValidationError, "4.000.000 đồng a month"):
            self._decide(loan).action_decide()

    def test_establishment_needs_ten_percent(self):
        establishment = self.env["rehab.establishment"].create(
            {
                "name": "HTX vay vốn",
                "establishment_type": "cooperative",
                "company_id": self.commune_a1.id,
                "total_workers": 11,
                "worker_ids": [
                    (
                        0,
                        0,
                        {
                            "person_id": self.person_a1.id,
                            "contract_number": "1",
                            "contract_start": "2026-01-01",
                        },
                    )
                ],
            }
        )
        self.assertFalse(establishment.is_eligible)  # 1 of 11 is 9.09 %
        with freeze_time(self.APPLICATION_DAY):
            loan = self.Loan.with_user(self.vbsp_user).create(
                {
                    "borrower_type": "establishment",
                    "establishment_id": establishment.id,
                    "purpose": "expansion",
                    "amount_requested": 100_000_000,
                    "term_months": 24,
                    "savings_group_id": self.group.id,
                }
            )
        # No slip: the application is dated the day it was made.
        self.assertEqual(loan.application_date, date(2026, 5, 15))
        self._reviewed_and_confirmed(loan)
        with self.assertRaisesRegex(ValidationError, "10.0 % of its workers"):
            self._decide(loan).action_decide()
        establishment.total_workers = 10
        self._decide(loan).action_decide()
        self.assertEqual(loan.state, "approved")

    def test_an_establishment_borrows_to_expand(self):
        with self.assertRaisesRegex(ValidationError, "expand production"):
            self.Loan.create(
                {
                    "borrower_type": "establishment",
                    "establishment_id": self.env["rehab.establishment"]
                    .create(
                        {
                            "name": "X",
                            "establishment_type": "sme",
                            "company_id": self.commune_a1.id,
                        }
                    )
                    .id,
                    "purpose": "production",
                    "amount_requested": 1,
                }
            )
        with self.assertRaisesRegex(ValidationError, "from a referral slip"):
            self.Loan.create({"purpose": "production", "amount_requested": 1})

    def test_disbursement_limits(self):
        loan = self._approved(amount=10_000_000)
        wizard = self._wizard(
            "rehab.loan.disburse",
            loan,
            self.vbsp_user,
            date=date(2026, 6, 1),
            amount=10_000_001,
        )
        with self.assertRaisesRegex(UserError, "exceed the approved amount"):
            wizard.action_disburse()
        wizard.date = date(2026, 5, 1)
        wizard.amount = 1_000
        with self.assertRaisesRegex(UserError, "before the decision"):
            wizard.action_disburse()


@tagged("post_install", "-at_install")
class TestLoanOverdue(LoanCase):
    def test_cron_overdue_interest_by_hand(self):
        loan = self._disbursed()
        first = loan.installment_ids[0]
        self.assertEqual(first.due_date, date(2026, 7, 1))
        with freeze_time("2026-07-31"):
            self.Loan._cron_overdue()
            # 833,333 đồng 30 days overdue at 6.6 % × 130 %: 5,877 đồng.
            self.assertEqual(first.overdue_interest, 5_877)
            self.assertEqual(loan.days_past_due, 30)
            self.assertEqual(loan.delinquency_bucket, "1_30")
            self.assertEqual(loan.par30_principal, 0)
            self.assertTrue(loan.is_overdue)
            # A second run the same day changes nothing.
            self.Loan._cron_overdue()
            self.assertEqual(first.overdue_interest, 5_877)
        with freeze_time("2026-08-01"):
            self.Loan._cron_overdue()
            self.assertEqual(loan.days_past_due, 31)
            self.assertEqual(loan.delinquency_bucket, "31_90")
            self.assertEqual(loan.par30_principal, 10_000_000)

    def test_the_overdue_choice_probes_the_index_of_instalments_owed(self):
        """The partial index's condition is the one the overdue run states:
        kept off the tables' scans, PostgreSQL probes that index for it."""
        self._disbursed()
        query = self.Loan._search(self.Loan._overdue_domain(date(2026, 7, 31)))
        cr = self.env.cr
        cr.execute("SET LOCAL enable_seqscan = off")
        try:
            cr.execute(SQL("EXPLAIN %s", query.select()))
            plan = "\n".join(row[0] for row in cr.fetchall())
        finally:
            cr.execute("RESET enable_seqscan")
        self.assertIn("rehab_loan_installment_owed_index", plan)

    def test_daily_runs_equal_one_run(self):
        loan = self._disbursed()
        for day in range(2, 32):
            with freeze_time(date(2026, 7, day)):
                self.Loan._cron_overdue()
        with freeze_time("2026-07-31"):
            self.Loan._cron_overdue()
        self.assertEqual(loan.installment_ids[0].overdue_interest, 5_877)

    def test_repayment_allocation(self):
        loan = self._disbursed()
        with freeze_time("2026-07-31"):
            self.Loan._cron_overdue()
            self._wizard(
                "rehab.loan.repay",
                loan,
                self.vbsp_user,
                date=date(2026, 7, 31),
                amount=900_000,
            ).action_post()
        first, second = loan.installment_ids[:2]
        repayment = loan.repayment_ids
        self.assertEqual(repayment.overdue_interest, 5_877)
        self.assertEqual(repayment.interest, 55_000)
        self.assertEqual(first.principal_paid, 833_333)
        self.assertTrue(first.is_paid)
        # The rest prepays the principal of the next instalment.
        self.assertEqual(second.principal_paid, 900_000 - 5_877 - 55_000 - 833_333)
        self.assertEqual(repayment.principal, 900_000 - 5_877 - 55_000)
        self.assertEqual(loan.days_past_due, 0)
        self.assertEqual(loan.delinquency_bucket, "current")

    def test_extension(self):
        loan = self._disbursed()
        second = loan.installment_ids[1]
        wizard = self._wizard(
            "rehab.loan.extend", loan, self.vbsp_user, months=3, reason="Thiên tai"
        )
        wizard.installment_ids = second
        wizard.action_extend()
        self.assertEqual(second.due_date, date(2026, 11, 1))
        self.assertEqual(second.original_due_date, date(2026, 8, 1))
        self.assertTrue(loan.is_extended)
        self.assertIn("2: 01/08/2026 → 01/11/2026", loan.extension_ids.detail)
        too_long = self._wizard(
            "rehab.loan.extend", loan, self.vbsp_user, months=10, reason="Lần hai"
        )
        too_long.installment_ids = second
        with self.assertRaisesRegex(UserError, "at most 12 months"):
            too_long.action_extend()
        self.assertEqual(second.due_date, date(2026, 11, 1))

    def test_risk_freeze_stops_overdue_interest(self):
        loan = self._disbursed()
        with freeze_time("2026-07-11"):
            self.Loan._cron_overdue()
            self._wizard(
                "rehab.loan.risk.handle",
                loan,
                self.vbsp_user,
                date=date(2026, 7, 11),
                cause="illness",
                action="freeze",
                note="Ốm nặng, có xác nhận",
            ).action_apply()
        accrued = loan.installment_ids[0].overdue_interest
        with freeze_time("2026-08-11"):
            self.Loan._cron_overdue()
        self.assertEqual(loan.installment_ids[0].overdue_interest, accrued)
        self.assertEqual(loan.risk_action, "freeze")
        self.assertEqual(loan.risk_ids.cause, "illness")

    def test_risk_write_offs(self):
        loan = self._disbursed()
        with freeze_time("2026-07-31"):
            self.Loan._cron_overdue()
        self._wizard(
            "rehab.loan.risk.handle",
            loan,
            self.vbsp_user,
            date=date(2026, 7, 31),
            cause="disaster",
            action="write_off_interest",
            note="Lũ quét",
        ).action_apply()
        self.assertEqual(sum(loan.installment_ids.mapped("interest_remaining")), 0)
        self.assertEqual(loan.overdue_interest, 0)
        self.assertEqual(loan.outstanding_principal, 10_000_000)
        self._wizard(
            "rehab.loan.risk.handle",
            loan,
            self.vbsp_user,
            date=date(2026, 7, 31),
            cause="death",
            action="write_off_principal",
            note="Người vay qua đời",
        ).action_apply()
        self.assertEqual(loan.outstanding_principal, 0)
        self.assertEqual(loan.state, "closed")
        written_off = loan.risk_ids.filtered(
            lambda r: r.action == "write_off_principal"
        )
        self.assertEqual(written_off.amount, 10_000_000)

    def test_par30_by_commune_and_outputs(self):
        late = self._disbursed(10_000_000)
        # A second, current loan in the same commune.
        line = self.record.line_ids - self.line
        self.slip = self.env["rehab.referral.slip"].create({"line_id": line.id})
        current = self._disbursed(30_000_000)
        # The second loan's first instalments are extended: it is current.
        wizard = self._wizard(
            "rehab.loan.extend", current, self.vbsp_user, months=3, reason="Thiên tai"
        )
        wizard.installment_ids = current.installment_ids[:2]
        wizard.action_extend()
        with freeze_time("2026-08-10"):
            self.Loan._cron_overdue()
        self.assertEqual(current.days_past_due, 0)
        self.assertEqual(late.days_past_due, 40)
        # The view flushes what it reads (_depends): no flush by hand.
        par = self.env["rehab.loan.par"].search(
            [("company_id", "=", self.commune_a1.id)]
        )
        self.assertEqual(par.outstanding_principal, 40_000_000)
        self.assertEqual(par.par30_principal, 10_000_000)
        self.assertAlmostEqual(par.par30, 25.0)
        Report = self.env["ir.actions.report"]
        content, __ = Report._render_xlsx(
            "post_rehab_credit.action_report_loan_portfolio_xlsx",
            (late | current).ids,
            {},
        )
        rows = xlsx_table(openpyxl.load_workbook(io.BytesIO(content)).active)
        self.assertEqual(len(rows), 2)
        self.assertEqual({r[2] for r in rows}, {"Hoàng Văn Sáng", "Người thứ hai"})
        content, __ = Report._render_xlsx(
            "post_rehab_credit.action_report_loan_overdue_xlsx",
            (late | current).ids,
            {},
        )
        rows = xlsx_table(openpyxl.load_workbook(io.BytesIO(content)).active)
        self.assertEqual([r[0] for r in rows], [late.name])
        self.assertEqual(rows[0][10], 40)


@tagged("post_install", "-at_install")
class TestLoanAccess(LoanCase):
    def test_roles(self):
        loan = self._application()
        # Commune roles read their commune's loans and change nothing.
        for user in (self.police_user, self.chairman_user, self.commune_officer_user):
            self.assertEqual(self.Loan.with_user(user).search([]), loan, user.login)
        with self.assertRaises(AccessError):
            loan.with_user(self.police_user).write({"amount_requested": 5})
        # The savings-group officer sees the loans of their groups and reviews.
        self.assertEqual(self.Loan.with_user(self.savings_user).search([]), loan)
        with self.assertRaises(AccessError):
            self._wizard(
                "rehab.loan.review", loan, self.police_user, members_present=3, note="x"
            )
        # Only the bank decides.
        self._reviewed_and_confirmed(loan)
        with self.assertRaises(AccessError):
            self._wizard("rehab.loan.decide", loan, self.chairman_user)
        # An office serving other communes sees nothing, nor does another province.
        other_office = self.env["res.company"].create(
            {
                "name": "PGD khác",
                "agency_type": "vbsp_office",
                "parent_id": self.province_a.id,
                "served_commune_ids": [(6, 0, self.commune_a3.ids)],
            }
        )
        other_officer = self.vbsp_user.copy(
            {
                "login": "t_vbsp_other",
                "company_id": other_office.id,
                "company_ids": [(6, 0, other_office.ids)],
            }
        )
        self.assertFalse(self.Loan.with_user(other_officer).search([]))
        self.assertFalse(self.Loan.with_user(self.police_b_user).search([]))
        self.assertEqual(self.Loan.with_user(self.province_user).search([]), loan)


@tagged("post_install", "-at_install")
class TestListedApart(LoanCase):
    """Who already borrows, on the next monthly list."""

    def test_at_the_ceiling_and_under_recovery_are_listed_apart(self):
        set_rule(self.env, "individual_ceiling", 10_000_000)
        # Overdue loans are left to the next test: the ceiling and misuse here.
        set_rule(self.env, "new_loan_overdue_days", 0)
        self._disbursed(10_000_000)
        # The second person borrows 4,000,000 đồng and is found misusing it.
        line = self.record.line_ids.filtered(
            lambda line: line.person_id == self.second_a1
        )
        self.slip = self.env["rehab.referral.slip"].create({"line_id": line.id})
        misused = self._approved(4_000_000)
        self._wizard(
            "rehab.loan.disburse",
            misused,
            self.vbsp_user,
            date=date(2026, 6, 1),
            amount=4_000_000,
        ).action_disburse()
        with freeze_time("2026-08-03"):
            self._wizard(
                "rehab.loan.check",
                misused,
                self.savings_user,
                date=date(2026, 8, 3),
                finding="misused",
                note="Dùng tiền vay để mua xe máy",
            ).action_record()
        self.assertTrue(misused.use_recovery)

        record = self._list(month="2027-01-01")
        lines = {line.person_id: line for line in record.line_ids}
        first, second = lines[self.person_a1], lines[self.second_a1]
        self.assertEqual(
            (first.programme_owed, first.room_left, first.no_new_loan),
            (10_000_000, 0, "ceiling"),
        )
        self.assertEqual(
            (second.programme_owed, second.room_left, second.no_new_loan),
            (4_000_000, 6_000_000, "recovery"),
        )
        self.assertEqual(record.apart_line_ids, first | second)
        self.assertFalse(record.included_line_ids)
        self.assertEqual((record.line_count, record.included_count), (2, 0))
        self.assertEqual(record.amount_total, 0)

        record.with_user(self.police_user).action_submit()
        Form(
            self.env["rehab.monthly.list.confirm"]
            .with_user(self.chairman_user)
            .with_context(default_list_id=record.id)
        ).save().action_confirm()
        self.assertEqual(record.state, "confirmed")
        Slip = self.env["rehab.referral.slip"]
        count = Slip.search_count([])
        for line, why in ((first, "At the ceiling"), (second, "misuse")):
            with self.assertRaisesRegex(UserError, "cannot take a new loan.*%s" % why):
                line.with_user(self.police_user).action_issue_slip()
            # Refused by the slip itself, whoever makes it.
            with self.assertRaisesRegex(UserError, "cannot take a new loan"):
                Slip.sudo().create({"line_id": line.id})
        self.assertEqual(Slip.search_count([]), count)

    def test_a_loan_overdue_keeps_from_a_new_one_by_the_setting(self):
        loan = self._disbursed(10_000_000)
        # Due on 1 July, unpaid: 30 days overdue on 31 July.
        with freeze_time("2026-07-31"):
            self.Loan._cron_overdue()
        self.assertEqual(loan.days_past_due, 30)
        record = self._list(month="2027-01-01")
        line = record.line_ids.filtered(lambda line: line.person_id == self.person_a1)
        self.assertEqual(line.no_new_loan, "overdue")
        self.assertEqual(line.days_overdue, 30)
        self.assertEqual(line.room_left, 200_000_000 - 10_000_000)
        # More days than the loan is overdue: listed with the room left.
        set_rule(self.env, "new_loan_overdue_days", 31)
        record.action_refresh_lines()
        self.assertFalse(line.no_new_loan)
        self.assertIn(line, record.included_line_ids)


@tagged("post_install", "-at_install")
class TestListedApartOverRpc(JsonRpcMixin, HttpCase, LoanCase):
    def test_no_slip_over_rpc_for_a_borrower_at_the_ceiling(self):
        set_rule(self.env, "individual_ceiling", 10000000)
        set_rule(self.env, "new_loan_overdue_days", 0)
        self._disbursed(10_000_000)
        record = self._list(month="2027-01-01")
        record.with_user(self.police_user).action_submit()
        Form(
            self.env["rehab.monthly.list.confirm"]
            .with_user(self.chairman_user)
            .with_context(default_list_id=record.id)
        ).save().action_confirm()
        line = record.line_ids.filtered(lambda x: x.person_id == self.person_a1)
        self.assertEqual(line.no_new_loan, "ceiling")
        Slip = self.env["rehab.referral.slip"]
        count = Slip.search_count([])
        for user in (self.police_user, self.chairman_user):
            __, error = self.rpc(
                user,
                "rehab.monthly.list.line",
                "action_issue_slip",
                [line.id],
                context={},
            )
            self.assertIn("cannot take a new loan", error or "")
        __, error = self.rpc(
            self.police_user, "rehab.referral.slip", "create", [{"line_id": line.id}]
        )
        self.assertTrue(error)
        self.assertEqual(Slip.search_count([]), count)
