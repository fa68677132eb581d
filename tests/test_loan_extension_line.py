from datetime import date

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged
from odoo.tools import SQL

from .common import JsonRpcMixin
from .test_loan import LoanCase
from .test_loan_as_of import FIGURES


class ExtensionCase(LoanCase):
    def _cron(self, day):
        with freeze_time(day):
            self.Loan._cron_overdue()

    def _extended(self):
        """A loan behind since 1 July whose 2nd and 3rd instalments were
        moved three months later on 10 August."""
        loan = self._disbursed()
        self._cron(date(2026, 8, 9))
        with freeze_time("2026-08-10"):
            loan.with_user(self.vbsp_user)._extend(
                loan.installment_ids.sorted("sequence")[1:3], 3, "Lũ"
            )
        return loan


@tagged("post_install", "-at_install")
class TestExtensionLines(ExtensionCase):
    """The instalments an extension moved are its lines: the figures as of a
    past day read them, never the extension's text."""

    def _as_of(self, loan, day):
        figures = loan._figures_as_of(day)[loan.id]
        return {name: figures[name] for name in FIGURES}

    def _stored(self, loan, day):
        with freeze_time(day):
            loan.sudo()._compute_amounts()
            loan.sudo()._compute_delinquency()
            loan.flush_recordset()
            return {name: loan[name] for name in FIGURES}

    def test_the_extension_writes_what_it_moved(self):
        loan = self._disbursed()
        moved = loan.installment_ids.sorted("sequence")[1:3]
        before = [(line, line.sequence, line.due_date) for line in moved]
        with freeze_time("2026-08-10"):
            extension = loan.with_user(self.vbsp_user)._extend(moved, 3, "Lũ")
        self.assertEqual(extension, loan.extension_ids)
        self.assertEqual(
            [
                (line.installment_id, line.sequence, line.old_due_date)
                for line in extension.line_ids
            ],
            before,
        )
        self.assertEqual(
            extension.line_ids.mapped("new_due_date"),
            [date(2026, 11, 1), date(2026, 12, 1)],
        )
        self.assertEqual(
            moved.mapped("due_date"), [date(2026, 11, 1), date(2026, 12, 1)]
        )
        self.assertEqual(extension.line_ids.loan_id, loan)
        self.assertEqual(extension.line_ids.company_id, loan.company_id)
        self.assertEqual(set(extension.line_ids.mapped("date")), {date(2026, 8, 10)})

    def test_figures_as_of_across_an_extension(self):
        loan = self._disbursed()
        self._cron(date(2026, 8, 9))
        days = (date(2026, 7, 20), date(2026, 8, 9))
        before = {day: self._as_of(loan, day) for day in days}
        with freeze_time("2026-08-10"):
            loan.with_user(self.vbsp_user)._extend(
                loan.installment_ids.sorted("sequence")[1:3], 3, "Lũ"
            )
        self._cron(date(2026, 9, 5))
        # The past stands; today's figures from the ledger are the stored ones.
        for day in days:
            self.assertEqual(self._as_of(loan, day), before[day])
        today = self._as_of(loan, date(2026, 9, 5))
        self.assertEqual(today, self._stored(loan, date(2026, 9, 5)))
        # Only the first instalment is behind: the second and third moved.
        self.assertEqual(today["overdue_principal"], 833_333)
        # A database upgraded from before the lines: they are read from the
        # extension's text, and the figures are the same.
        self.env.flush_all()
        self.env.cr.execute(
            SQL("DELETE FROM rehab_loan_extension_line WHERE loan_id = %s", loan.id)
        )
        self.env.invalidate_all()
        lines = self.env["rehab.loan.extension"]._fill_lines_from_detail()
        self.assertEqual(lines.loan_id, loan)
        self.assertEqual(lines.mapped("sequence"), [2, 3])
        self.assertEqual(
            lines.mapped("installment_id"),
            loan.installment_ids.sorted("sequence")[1:3],
        )
        self.assertEqual(self._as_of(loan, date(2026, 9, 5)), today)
        for day in days:
            self.assertEqual(self._as_of(loan, day), before[day])
        # Once: the extensions with lines are left alone.
        self.assertFalse(self.env["rehab.loan.extension"]._fill_lines_from_detail())


@tagged("post_install", "-at_install")
class TestExtensionLinesOverRpc(JsonRpcMixin, HttpCase, ExtensionCase):
    """Nobody writes, deletes or makes an extension's line over RPC."""

    def test_no_role_changes_a_line(self):
        loan = self._extended()
        line = loan.extension_ids.line_ids[:1]
        kept = (line.sequence, line.old_due_date, line.new_due_date)
        Line = self.env["rehab.loan.extension.line"]
        count = Line.search_count([])
        users = (
            self.police_user,
            self.chairman_user,
            self.commune_officer_user,
            self.savings_user,
            self.vbsp_user,
            self.vbsp_manager_user,
            self.province_user,
            self.department_user,
            self.admin_user,
        )
        for user in users:
            with self.subTest(user=user.login):
                __, error = self.rpc(
                    user,
                    "rehab.loan.extension.line",
                    "write",
                    [line.id],
                    {"new_due_date": "2030-01-01", "sequence": 9},
                )
                self.assertTrue(error)
                __, error = self.rpc(
                    user, "rehab.loan.extension.line", "unlink", [line.id]
                )
                self.assertTrue(error)
                __, error = self.rpc(
                    user,
                    "rehab.loan.extension.line",
                    "create",
                    [
                        {
                            "extension_id": line.extension_id.id,
                            "loan_id": loan.id,
                            "date": "2026-08-10",
                            "sequence": 4,
                            "old_due_date": "2026-10-01",
                            "new_due_date": "2027-01-01",
                        }
                    ],
                )
                self.assertTrue(error)
                line.invalidate_recordset()
                self.assertTrue(line.exists())
                self.assertEqual(
                    (line.sequence, line.old_due_date, line.new_due_date), kept
                )
                self.assertEqual(Line.search_count([]), count)
