# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common_loan import LoanCase


@tagged("post_install", "-at_install")
class TestLedgerReconciliation(LoanCase):
    def setUp(self):
        super().setUp()
        # The to-dos on loans before the test (the demo's): only new ones count.
        self.before = self._todos(self.env["rehab.loan"].search([]))

    def _todos(self, loans):
        """The to-dos on the loans, whatever the language of their summary."""
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "rehab.loan"),
                ("res_id", "in", loans.ids),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("mail.mail_activity_data_todo").id,
                ),
            ]
        ) - getattr(self, "before", self.env["mail.activity"])

    def test_a_clean_ledger_raises_nothing(self):
        loan = self._disbursed()
        with freeze_time("2026-07-20"):
            self.Loan._cron_overdue()
            self._wizard(
                "rehab.loan.repay",
                loan,
                self.vbsp_user,
                date=date(2026, 7, 20),
                amount=2_000_000,
            ).action_post()
        Recon = self.env["rehab.loan.reconciliation"]
        breaks, totals = Recon._breaks()
        self.assertNotIn(loan.id, breaks)
        self.assertFalse(breaks, "the demo's ledger and this one agree")
        self.assertEqual(
            totals["outstanding"],
            totals["disbursed"] - totals["repaid"] - totals["written_off"],
        )
        self.assertFalse(Recon._cron_reconcile())
        self.assertFalse(self._todos(self.Loan.search([])))

    def test_a_break_is_reported_to_the_administrators(self):
        loan = self._disbursed()
        other = self.Loan.search([("id", "!=", loan.id)])
        first = loan.installment_ids[0]
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE rehab_loan_installment SET principal_paid = 1000 WHERE id = %s",
            [first.id],
        )
        self.env.invalidate_all()
        Recon = self.env["rehab.loan.reconciliation"]
        self.assertEqual(Recon._cron_reconcile(), loan)
        todos = self._todos(loan)
        self.assertIn(self.admin_user, todos.user_id)
        self.assertFalse(self._todos(other))
        for todo in todos:
            self.assertIn(loan.name, todo.summary)
            self.assertEqual(todo.res_name, loan.name)
            text = todo.summary + str(todo.note)
            for private in (
                self.person_a1.name,
                self.person_a1.citizen_id,
                self.person_a1.rehab_facility,
            ):
                self.assertNotIn(private, text)
        self.assertIn("1", str(todos[0].note))
        # The check mends nothing, and reports a break once.
        self.assertEqual(first.principal_paid, 1000)
        Recon._cron_reconcile()
        self.assertEqual(self._todos(loan), todos)

    def test_a_fixed_number_of_queries(self):
        Recon = self.env["rehab.loan.reconciliation"]
        self._disbursed()
        self.env.flush_all()
        cr = self.env.cr
        before = cr.sql_log_count
        Recon._breaks()
        one = cr.sql_log_count - before
        line = self.record.line_ids - self.line
        self.slip = self.env["rehab.referral.slip"].create({"line_id": line.id})
        self._disbursed(20_000_000)
        self.env.flush_all()
        before = cr.sql_log_count
        Recon._breaks()
        self.assertEqual(cr.sql_log_count - before, one)
