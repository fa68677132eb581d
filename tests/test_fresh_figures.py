# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common_loan import LoanCase


@tagged("post_install", "-at_install")
class TestNoStaleValue(LoanCase):
    """After each kind of change, what is stored is what a fresh computation
    gives, and the reporting views read it at once."""

    def assertFresh(self, loans):
        """Every stored computed field of the loans and their schedules equals
        its recomputation now."""
        self.env.flush_all()
        self.env.invalidate_all()
        loans = loans.sudo()
        for model_name, records in (
            ("rehab.loan", loans),
            ("rehab.loan.installment", loans.installment_ids),
        ):
            model = self.env[model_name].sudo()
            names = [
                name
                for name, field in model._fields.items()
                if field.store and field.compute and not field.related
            ]
            stored = {record.id: record.read(names)[0] for record in records}
            for name in names:
                self.env.add_to_compute(model._fields[name], records)
            fresh = {record.id: record.read(names)[0] for record in records}
            self.assertEqual(stored, fresh, model_name)

    def _cron(self, day):
        with freeze_time(day):
            self.Loan._cron_overdue()

    def _repay(self, loan, day, amount):
        with freeze_time(day):
            self._wizard(
                "rehab.loan.repay", loan, self.vbsp_user, date=day, amount=amount
            ).action_post()

    def _risk(self, loan, day, action):
        with freeze_time(day):
            self._wizard(
                "rehab.loan.risk.handle",
                loan,
                self.vbsp_user,
                date=day,
                cause="illness",
                action=action,
                note="Có xác nhận của xã",
            ).action_apply()

    def test_repayment_and_reversal(self):
        loan = self._disbursed()
        self._cron("2026-07-20")
        self._repay(loan, date(2026, 7, 20), 400_000)
        with freeze_time("2026-07-20"):
            self.assertFresh(loan)
        self._cron("2026-08-10")
        with freeze_time("2026-08-10"):
            form = Form(
                self.env["rehab.loan.reverse"]
                .with_user(self.vbsp_user)
                .with_context(default_loan_id=loan.id)
            )
            form.reason = "Gõ nhầm số tiền"
            form.save().action_reverse()
            self.assertEqual(loan.days_past_due, 40)
            self.assertEqual(loan.par30_principal, loan.outstanding_principal)
            self.assertFresh(loan)

    def test_extension(self):
        loan = self._disbursed()
        self._cron("2026-07-20")
        self.assertEqual(loan.days_past_due, 19)
        self.assertEqual(loan.overdue_principal, 833_333)
        with freeze_time("2026-07-20"):
            wizard = self._wizard(
                "rehab.loan.extend", loan, self.vbsp_user, months=3, reason="Lũ"
            )
            wizard.installment_ids = loan.installment_ids[0]
            wizard.action_extend()
            self.assertEqual(loan.days_past_due, 0)
            self.assertEqual(loan.overdue_principal, 0)
            self.assertFresh(loan)

    def test_a_frozen_loan_follows_the_date_without_interest(self):
        loan = self._disbursed()
        self._cron("2026-07-11")
        self._risk(loan, date(2026, 7, 11), "freeze")
        with freeze_time("2026-07-11"):
            self.assertFresh(loan)
        interest = loan.overdue_interest
        self._cron("2026-08-11")
        # Days past due, bucket, overdue and PAR30 principal move with the
        # date; the overdue interest does not accrue while frozen.
        self.assertEqual(loan.days_past_due, 41)
        self.assertEqual(loan.delinquency_bucket, "31_90")
        self.assertEqual(loan.overdue_principal, 2 * 833_333)
        self.assertEqual(loan.par30_principal, 10_000_000)
        self.assertEqual(loan.overdue_interest, interest)
        with freeze_time("2026-08-11"):
            self.assertFresh(loan)
            # A second run the same day writes nothing.
            before = loan.write_date
            self.Loan._cron_overdue()
            loan.invalidate_recordset()
            self.assertEqual(loan.write_date, before)

    def test_write_off(self):
        loan = self._disbursed()
        self._cron("2026-08-10")
        self.assertEqual(loan.par30_principal, 10_000_000)
        self._risk(loan, date(2026, 8, 10), "write_off_principal")
        self.assertEqual(loan.state, "closed")
        self.assertEqual(
            (loan.days_past_due, loan.overdue_principal, loan.par30_principal),
            (0, 0, 0),
        )
        with freeze_time("2026-08-10"):
            self.assertFresh(loan)

    def test_views_read_a_write_at_once(self):
        loan = self._disbursed()
        Par = self.env["rehab.loan.par"]
        Position = self.env["rehab.capital.position"]
        Coverage = self.env["rehab.coverage"]
        self._cron("2026-08-10")
        self._repay(loan, date(2026, 8, 10), 3_000_000)
        # No flush by hand: each view flushes what it reads (_depends).
        par = Par.search([("company_id", "=", self.commune_a1.id)])
        loans = self.Loan.search(
            [
                ("company_id", "=", self.commune_a1.id),
                ("state", "in", ("disbursing", "repaying")),
            ]
        )
        self.assertEqual(
            par.outstanding_principal, sum(loans.mapped("outstanding_principal"))
        )
        self.assertEqual(par.par30_principal, sum(loans.mapped("par30_principal")))
        self.assertEqual(par.overdue_principal, sum(loans.mapped("overdue_principal")))
        self._risk(loan, date(2026, 8, 10), "write_off_principal")
        position = Position.search([("province_id", "=", self.province_a.id)])
        province_loans = self.Loan.search(
            [("company_id.province_id", "=", self.province_a.id)]
        )
        self.assertEqual(
            position.outstanding, sum(province_loans.mapped("outstanding_principal"))
        )
        self.assertEqual(
            position.written_off,
            sum(province_loans.installment_ids.mapped("principal_written_off")),
        )
        self.assertGreater(position.written_off, 0)
        people = self.Person.search([("company_id", "=", self.commune_a1.id)])
        people.write({"informed_date": date(2026, 5, 2)})
        coverage = Coverage.search([("company_id", "=", self.commune_a1.id)])
        self.assertEqual((coverage.people, coverage.informed), (len(people),) * 2)
        people[:1].write({"informed_date": False})
        # The figures already in this transaction's cache are dropped (a new
        # request starts without them); the write stays unflushed.
        Coverage.invalidate_model(flush=False)
        coverage = Coverage.search([("company_id", "=", self.commune_a1.id)])
        self.assertEqual(coverage.informed, len(people) - 1)

    def test_a_settings_change_recomputes_eligibility_at_once(self):
        # The eligibility rules are national: the national administrator's.
        admin = self.national_admin_user
        self.assertTrue(self.person_a1.is_eligible)

        def save(**values):
            form = Form(self.env["rehab.settings"].with_user(admin))
            for name, value in values.items():
                setattr(form, name, value)
            form.rule_legal_number = "TEST/2026"
            return form.save().execute()

        eligible = [("company_id", "=", self.commune_a1.id), ("is_eligible", "=", True)]
        # A value in force does not change: each change from its own day.
        today = self.env["rehab.rule.value"]._rehab_today()
        # Born in 1990: not 40 years old.
        action = save(rehab_min_age=40)
        self.assertNotIn(self.person_a1, self.Person.search(eligible))
        self.assertIn("40", self.person_a1.eligibility_reasons)
        self.assertRegex(action["params"]["message"], r"[1-9]\d* people change")
        with freeze_time(today + timedelta(days=1)):
            save(rehab_min_age=18)
            self.assertIn(self.person_a1, self.Person.search(eligible))
        with freeze_time(today + timedelta(days=2)):
            # Decided in June 2024: a one-year window has closed.
            save(rehab_window_years=1)
            self.assertNotIn(self.person_a1, self.Person.search(eligible))
            self.assertLess(self.person_a1.window_end_date, date(2026, 1, 1))
            # What the daily run would store, the save stored already.
            people = self.Person.with_context(active_test=False).search([])
            stored = people.read(["is_eligible", "window_end_date"])
            self.env["rehab.person"]._cron_refresh_eligibility()
            people.invalidate_recordset()
            self.assertEqual(people.read(["is_eligible", "window_end_date"]), stored)
