from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common_loan import LoanCase


@tagged("post_install", "-at_install")
class TestLoanLedger(LoanCase):
    """Money is an append-only ledger; the chain checks its own amounts."""

    def _repay(self, loan, day, amount):
        with freeze_time(day):
            self._wizard(
                "rehab.loan.repay", loan, self.vbsp_user, date=day, amount=amount
            ).action_post()

    def _reverse(self, loan, day, reason="Gõ nhầm số tiền", repayment=None):
        with freeze_time(day):
            form = Form(
                self.env["rehab.loan.reverse"]
                .with_user(self.vbsp_user)
                .with_context(default_loan_id=loan.id)
            )
            if repayment:
                form.repayment_id = repayment
            form.reason = reason
            form.save().action_reverse()

    def test_one_amount_for_each_loan_and_nothing_half_posted(self):
        loan = self._disbursed()
        bank = loan.with_user(self.vbsp_user)
        with freeze_time("2026-07-10"):
            for loans, amounts in (
                (bank + bank, [100_000, 100_000]),
                (bank, [100_000, 100_000]),
                (bank, []),
            ):
                with self.assertRaisesRegex(
                    UserError, "One amount is posted for each loan."
                ):
                    loans._repay_each(date(2026, 7, 10), amounts)
            # A payment refused: nothing booked, nothing posted.
            with self.assertRaisesRegex(UserError, "more than the loan owes"):
                bank._repay_each(date(2026, 7, 10), [10**12])
        self.assertFalse(loan.repayment_ids)
        self.assertFalse(any(loan.installment_ids.mapped("principal_paid")))

    def test_reversal_restores_the_balances_and_the_overdue_figures(self):
        loan = self._disbursed()
        first = loan.installment_ids[0]
        self.assertEqual(first.due_date, date(2026, 7, 1))
        with freeze_time("2026-07-10"):
            self.Loan._cron_overdue()
        # 400,000 đồng: the overdue interest, the interest, part of the principal.
        self._repay(loan, date(2026, 7, 10), 400_000)
        repayment = loan.repayment_ids
        self.assertEqual(repayment.interest, 55_000)
        self.assertTrue(0 < first.principal_paid < first.principal)
        for day in ("2026-07-20", "2026-08-10"):
            with freeze_time(day):
                self.Loan._cron_overdue()
        self._reverse(loan, date(2026, 8, 10))
        self.assertTrue(repayment.is_reversed)
        self.assertEqual(repayment.amount, 400_000, "the original entry stays")
        self.assertEqual(loan.reversal_ids.amount, 400_000)
        self.assertEqual(loan.reversal_ids.reason, "Gõ nhầm số tiền")
        self.assertEqual(
            (first.principal_paid, first.interest_paid, first.overdue_interest_paid),
            (0, 0, 0),
        )
        self.assertEqual(loan.outstanding_principal, 10_000_000)
        # As if the payment had never been made: 833,333 đồng overdue 40 days.
        self.assertEqual(first.overdue_principal_days, 833_333 * 40)
        self.assertEqual(loan.days_past_due, 40)
        self.assertEqual(loan.delinquency_bucket, "31_90")
        # The second instalment, due on 1 August, is overdue too.
        self.assertEqual(loan.overdue_principal, 2 * 833_333)
        # Reversed once only; a reversal needs its reason.
        with self.assertRaisesRegex(UserError, "already reversed"):
            self._reverse(loan, date(2026, 8, 10), repayment=repayment)

    def test_reverse_the_latest_first_and_reopen_a_closed_loan(self):
        loan = self._disbursed()
        self._repay(loan, date(2026, 6, 20), 1_000_000)
        # The ledger goes forward: nothing dated before its last entry.
        with self.assertRaisesRegex(UserError, "before its last entry"):
            loan.with_user(self.vbsp_user)._repay(date(2026, 6, 19), 1)
        self._repay(loan, date(2026, 6, 25), 9_000_000)
        self.assertEqual(loan.state, "closed")
        earlier, latest = loan.repayment_ids.sorted("date")
        with self.assertRaisesRegex(UserError, "reverse the later repayments first"):
            self._reverse(loan, date(2026, 6, 26), repayment=earlier)
        with self.assertRaisesRegex(UserError, "Give the reason"):
            loan.with_user(self.vbsp_user)._reverse(latest, "  ")
        self._reverse(loan, date(2026, 6, 26), repayment=latest)
        self.assertEqual(loan.state, "repaying")
        self.assertEqual(loan.outstanding_principal, 9_000_000)
        # The interest a prepayment made not owed is owed again.
        self.assertFalse(any(loan.installment_ids.mapped("interest_waived")))
        self._reverse(loan, date(2026, 6, 26), repayment=earlier)
        self.assertEqual(loan.outstanding_principal, 10_000_000)
        self.assertEqual(len(loan.repayment_ids), 2)
        self.assertEqual(len(loan.reversal_ids), 2)

    def test_only_the_bank_reverses(self):
        loan = self._disbursed()
        self._repay(loan, date(2026, 6, 20), 1_000_000)
        for user in (self.chairman_user, self.savings_user, self.province_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                loan.with_user(user)._reverse(loan.repayment_ids, "x")
        self.assertFalse(loan.repayment_ids.is_reversed)

    def test_entries_are_never_changed(self):
        loan = self._disbursed()
        self._repay(loan, date(2026, 6, 20), 1_000_000)
        entries = (
            loan.disbursement_ids,
            loan.repayment_ids,
            loan.repayment_ids.allocation_ids,
        )
        for entry in entries:
            for env_user in (self.vbsp_user, self.admin_user):
                with self.subTest(entry=entry._name, user=env_user.login):
                    with self.assertRaises(UserError):
                        entry.with_user(env_user).write({"date": date(2026, 6, 2)})
                    with self.assertRaises(UserError):
                        entry.with_user(env_user).unlink()
            # Not even in-process.
            with self.assertRaisesRegex(UserError, "never changed or deleted"):
                entry.sudo().write({"date": date(2026, 6, 2)})
            with self.assertRaisesRegex(UserError, "never changed or deleted"):
                entry.sudo().unlink()
        with self.assertRaisesRegex(UserError, "only through its steps"):
            loan.installment_ids[0].with_user(self.admin_user).write({"is_paid": True})

    def test_the_bank_approves_no_more_than_requested_and_agreed(self):
        loan = self._application(amount=8_000_000)
        review = self._wizard(
            "rehab.loan.review",
            loan,
            self.savings_user,
            meeting_date=date(2026, 5, 20),
            members_present=4,
            note="Tổ nhất trí cho vay 6 triệu",
            amount=9_000_000,
        )
        with self.assertRaisesRegex(UserError, "between 1 and the 8.000.000"):
            review.action_record()
        review.amount = 6_000_000
        review.action_record()
        self.assertEqual(loan.review_amount, 6_000_000)
        with freeze_time(self.CONFIRM_DAY):
            loan.with_user(self.chairman_user).action_confirm_commune()
        decide = self._wizard(
            "rehab.loan.decide", loan, self.vbsp_user, decision_date=date(2026, 6, 1)
        )
        self.assertEqual(decide.amount, 6_000_000)
        decide.amount = 6_000_001
        with self.assertRaisesRegex(UserError, "at most what was requested"):
            decide.action_decide()
        decide.amount = 6_000_000
        decide.action_decide()
        self.assertEqual(loan.amount_approved, 6_000_000)

    def test_a_disbursement_never_overdraws_the_capital(self):
        loan = self._approved(10_000_000)
        # Capital of the province: 1,000,000,000 đồng; leave 9,999,999 of it.
        self.capital.sudo().amount = 9_999_999
        wizard = self._wizard(
            "rehab.loan.disburse",
            loan,
            self.vbsp_user,
            date=date(2026, 6, 1),
            amount=10_000_000,
        )
        with self.assertRaisesRegex(UserError, "is 9.999.999 đồng"):
            wizard.action_disburse()
        self.assertFalse(loan.disbursement_ids)
        self.capital.sudo().amount = 10_000_000
        wizard.action_disburse()
        self.env.flush_all()
        position = self.env["rehab.capital.position"].search(
            [("province_id", "=", self.province_a.id)]
        )
        self.assertEqual(position.available, 0)
