import io
from datetime import date
from unittest.mock import patch

import openpyxl
from freezegun import freeze_time

from odoo.tests import Form, tagged

from ..reports import rehab_loan_portfolio_xlsx
from .common import xlsx_heading, xlsx_table
from .common_loan import LoanCase

FIGURES = (
    "outstanding_principal",
    "overdue_principal",
    "overdue_interest",
    "days_past_due",
    "delinquency_bucket",
    "par30_principal",
)


@tagged("post_install", "-at_install")
class TestLoanAsOf(LoanCase):
    """Figures as of a past day come from the ledger, not today's loan."""

    def _at(self, day, function, *args):
        with freeze_time(day):
            return function(*args)

    def _cron(self, day):
        self._at(day, self.Loan._cron_overdue)

    def _repay(self, loan, day, amount):
        with freeze_time(day):
            self._wizard(
                "rehab.loan.repay", loan, self.vbsp_user, date=day, amount=amount
            ).action_post()

    def _stored(self, loan, day):
        """The stored figures as the steps and the daily run leave them on ``day``."""
        with freeze_time(day):
            loan.sudo()._compute_amounts()
            loan.sudo()._compute_delinquency()
            loan.flush_recordset()
            return {name: loan[name] for name in FIGURES}

    def _as_of(self, loan, day):
        figures = loan._figures_as_of(day)[loan.id]
        return {name: figures[name] for name in FIGURES}

    def test_past_figures_stay_and_today_equals_stored(self):
        loan = self._disbursed()
        self.assertFalse(loan._figures_as_of(date(2026, 5, 31)))
        self._cron(date(2026, 7, 10))
        self._cron(date(2026, 7, 20))
        july = self._as_of(loan, date(2026, 7, 20))
        self.assertEqual(july, self._stored(loan, date(2026, 7, 20)))
        self.assertEqual(july["days_past_due"], 19)
        self.assertEqual(july["outstanding_principal"], 10_000_000)
        # A repayment, later reversed; the figures in between count it.
        self._repay(loan, date(2026, 7, 25), 400_000)
        self._cron(date(2026, 8, 2))
        august = self._as_of(loan, date(2026, 8, 2))
        self.assertEqual(august, self._stored(loan, date(2026, 8, 2)))
        self.assertLess(august["outstanding_principal"], 10_000_000)
        self._cron(date(2026, 8, 5))
        with freeze_time("2026-08-05"):
            form = Form(
                self.env["rehab.loan.reverse"]
                .with_user(self.vbsp_user)
                .with_context(default_loan_id=loan.id)
            )
            form.reason = "Gõ nhầm số tiền"
            form.save().action_reverse()
        self.assertEqual(
            self._as_of(loan, date(2026, 8, 5)), self._stored(loan, date(2026, 8, 5))
        )
        # An extension moves the second and third instalments from its date on.
        self._cron(date(2026, 8, 9))
        with freeze_time("2026-08-10"):
            wizard = self._wizard(
                "rehab.loan.extend", loan, self.vbsp_user, months=3, reason="Lũ"
            )
            wizard.installment_ids = loan.installment_ids.sorted("sequence")[1:3]
            wizard.action_extend()
        self._cron(date(2026, 8, 10))
        self._repay(loan, date(2026, 8, 20), 1_000_000)
        for action, day in (
            ("write_off_interest", date(2026, 8, 25)),
            ("freeze", date(2026, 9, 1)),
        ):
            with freeze_time(day):
                self._wizard(
                    "rehab.loan.risk.handle",
                    loan,
                    self.vbsp_user,
                    date=day,
                    cause="disaster",
                    action=action,
                    note="Lũ quét",
                ).action_apply()
        self._cron(date(2026, 9, 30))
        # The past stands as it stood.
        self.assertEqual(self._as_of(loan, date(2026, 7, 20)), july)
        self.assertEqual(self._as_of(loan, date(2026, 8, 2)), august)
        # Today's figures from the ledger are today's stored ones.
        today = self._as_of(loan, date(2026, 9, 30))
        self.assertEqual(today, self._stored(loan, date(2026, 9, 30)))
        figures = loan._figures_as_of(date(2026, 9, 30))[loan.id]
        self.assertEqual(figures["status"], "frozen")
        self.assertEqual(
            loan._figures_as_of(date(2026, 8, 2))[loan.id]["status"], "overdue"
        )

    def test_written_off_and_repaid_loans(self):
        late = self._disbursed()
        self._cron(date(2026, 7, 31))
        with freeze_time("2026-07-31"):
            self._wizard(
                "rehab.loan.risk.handle",
                late,
                self.vbsp_user,
                date=date(2026, 7, 31),
                cause="death",
                action="write_off_principal",
                note="Người vay qua đời",
            ).action_apply()
        line = self.record.line_ids - self.line
        self.slip = self.env["rehab.referral.slip"].create({"line_id": line.id})
        paid = self._disbursed(30_000_000)
        self._repay(paid, date(2026, 6, 20), 30_000_000)
        self._cron(date(2026, 8, 1))
        figures = (late | paid)._figures_as_of(date(2026, 8, 1))
        self.assertEqual(figures[late.id]["status"], "written_off")
        self.assertEqual(figures[late.id]["written_off_principal"], 10_000_000)
        self.assertEqual(figures[paid.id]["status"], "closed")
        for loan in late | paid:
            self.assertEqual(
                self._as_of(loan, date(2026, 8, 1)),
                self._stored(loan, date(2026, 8, 1)),
            )
        before = (late | paid)._figures_as_of(date(2026, 6, 15))
        self.assertEqual(before[late.id]["status"], "current")
        self.assertEqual(before[paid.id]["outstanding_principal"], 30_000_000)

    def test_a_fixed_number_of_queries(self):
        loans = self._disbursed()
        line = self.record.line_ids - self.line
        self.slip = self.env["rehab.referral.slip"].create({"line_id": line.id})
        loans |= self._disbursed(30_000_000)
        self._repay(loans[0], date(2026, 7, 5), 500_000)
        self.env.flush_all()
        with self.assertQueryCount(6):
            loans._figures_as_of(date(2026, 7, 10))
        with self.assertQueryCount(6):
            loans[:1]._figures_as_of(date(2026, 7, 10))

    def test_wizard_prints_the_portfolio_as_of_a_day(self):
        loan = self._disbursed()
        self._cron(date(2026, 7, 20))
        self._repay(loan, date(2026, 8, 5), 2_000_000)
        with freeze_time("2026-08-06"):
            form = Form(self.env["rehab.loan.as.of"].with_user(self.vbsp_user))
            self.assertEqual(form.as_of_date, date(2026, 8, 6))
            form.as_of_date = date(2026, 7, 20)
            wizard = form.save()
            action = wizard.action_print_portfolio()
        self.assertEqual(action["data"], {"as_of": "2026-07-20"})
        self.assertEqual(action["context"]["active_ids"], loan.ids)
        Report = self.env["ir.actions.report"].with_user(self.vbsp_user)
        for xmlid in ("loan_portfolio_xlsx", "loan_overdue_xlsx"):
            content, __ = Report.with_context(active_model="rehab.loan")._render_xlsx(
                "post_rehab_credit.action_report_%s" % xmlid,
                loan.ids,
                action["data"],
            )
            sheet = openpyxl.load_workbook(io.BytesIO(content)).active
            self.assertIn("20/07/2026", " ".join(xlsx_heading(sheet)))
            rows = xlsx_table(sheet)
            self.assertEqual(len(rows), 1)
            self.assertEqual(rows[0][7], 10_000_000)
            self.assertEqual(rows[0][10], 19)
        with freeze_time("2026-08-06"):
            action = wizard.action_open_par()
        par = (
            self.env["rehab.loan.par.as.of"]
            .with_user(self.vbsp_user)
            .search(action["domain"])
        )
        self.assertEqual(par.company_id, self.commune_a1)
        self.assertEqual(par.outstanding_principal, 10_000_000)
        self.assertEqual(par.par30_principal, 0)
        self.assertEqual(par.loan_count, 1)

    def test_the_portfolio_is_read_a_chunk_at_a_time(self):
        """A nation's portfolio is read a few loans at a time (CHUNK), each
        chunk dropped from the cache, and written row by row: the portfolio
        and the overdue register are the same sheets, heading and closing
        included, every loan once, in order, today and as of a past day."""
        loans = self._disbursed()
        line = self.record.line_ids - self.line
        self.slip = self.env["rehab.referral.slip"].create({"line_id": line.id})
        loans |= self._disbursed(30_000_000)
        self._cron(date(2026, 7, 20))
        Report = self.env["ir.actions.report"].with_user(self.vbsp_user)

        def sheets():
            found = {}
            for xmlid in ("loan_portfolio_xlsx", "loan_overdue_xlsx"):
                for data in ({}, {"as_of": "2026-07-20"}):
                    content, __ = Report.with_context(
                        active_model="rehab.loan"
                    )._render_xlsx(
                        "post_rehab_credit.action_report_%s" % xmlid, loans.ids, data
                    )
                    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
                    found[xmlid, bool(data)] = (
                        [[cell.value for cell in row] for row in sheet.iter_rows()],
                        xlsx_table(sheet),
                    )
            return found

        whole = sheets()
        with patch.object(rehab_loan_portfolio_xlsx, "CHUNK", 1):
            chunked = sheets()
        self.assertEqual(chunked, whole)
        for (xmlid, as_of), (__, table) in whole.items():
            self.assertEqual([row[0] for row in table], loans.mapped("name"), xmlid)
            self.assertEqual([row[5] for row in table], [10_000_000, 30_000_000])
            if as_of:
                # Behind since the first instalment (1 July) on 20 July.
                self.assertEqual([row[10] for row in table], [19, 19])
