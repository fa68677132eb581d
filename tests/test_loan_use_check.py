from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common_loan import LoanCase

RECOVERY = "post_rehab_credit.mail_activity_type_recovery"


@tagged("post_install", "-at_install")
class TestLoanUseCheck(LoanCase):
    """Checks of how loans are used: append-only, with a recovery on misuse."""

    def _class_fixtures(self):
        cls = type(self)
        # Disbursed on Monday 1 June 2026.
        cls.loan = self._disbursed()

    def _check(self, user, day, finding, note="", checked_by=None):
        with freeze_time(day):
            form = Form(
                self.env["rehab.loan.check"]
                .with_user(user)
                .with_context(default_loan_id=self.loan.id)
            )
            form.date = date.fromisoformat(day[:10])
            if checked_by:
                form.checked_by = checked_by
            form.finding = finding
            if note:
                form.note = note
            return form.save().action_record()

    def _recovery(self):
        return self.loan.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(RECOVERY)
        )

    def test_the_organisation_checks_and_a_misuse_opens_a_recovery(self):
        self.assertFalse(self.loan.last_check_date)
        self._check(self.savings_user, "2026-07-10", "as_planned")
        check = self.loan.use_check_ids
        self.assertEqual(check.checked_by, "organisation")
        self.assertEqual(check.organisation, "women")
        self.assertEqual(check.user_id, self.savings_user)
        self.assertEqual(check.company_id, self.commune_a1)
        self.assertEqual(self.loan.last_check_date, date(2026, 7, 10))
        self.assertEqual(self.loan.last_check_finding, "as_planned")
        self.assertFalse(self.loan.use_recovery)
        self.assertFalse(self._recovery())
        self._check(
            self.savings_user, "2026-08-03", "misused", "Dùng tiền vay để mua xe máy"
        )
        self.assertEqual(self.loan.last_check_finding, "misused")
        self.assertTrue(self.loan.use_recovery)
        recovery = self._recovery()
        self.assertEqual(recovery.user_id, self.vbsp_user)
        self.assertIn(
            self.loan,
            self.Loan.with_user(self.vbsp_user).search([("use_recovery", "=", True)]),
        )
        # A second misuse finding opens no second recovery.
        self._check(self.vbsp_user, "2026-08-05", "misused", "Xác nhận sử dụng sai")
        self.assertEqual(len(self._recovery()), 1)
        self.assertEqual(self.loan.use_check_ids[0].checked_by, "bank")
        # The bank finds the money back in use: the recovery ends.
        self._check(self.vbsp_user, "2026-09-01", "partly", "Đã mua giống một phần")
        self.assertFalse(self.loan.use_recovery)
        self.assertFalse(self._recovery())
        self.assertEqual(len(self.loan.use_check_ids), 4)
        self.assertEqual(self.loan.last_check_date, date(2026, 9, 1))

    def test_a_check_is_never_changed_nor_deleted(self):
        self._check(self.savings_user, "2026-07-10", "as_planned")
        check = self.loan.use_check_ids
        for user in (self.savings_user, self.vbsp_user, self.admin_user):
            with self.assertRaises(UserError):  # AccessError is one
                check.with_user(user).write({"finding": "misused"})
            with self.assertRaises(UserError):  # AccessError is one
                check.with_user(user).unlink()
        with self.assertRaisesRegex(UserError, "never changed or deleted"):
            check.sudo().write({"finding": "misused"})
        with self.assertRaisesRegex(UserError, "never changed or deleted"):
            check.sudo().unlink()
        with self.assertRaises(UserError):  # AccessError is one
            self.env["rehab.loan.use.check"].with_user(self.admin_user).create(
                {
                    "loan_id": self.loan.id,
                    "date": "2026-07-11",
                    "checked_by": "bank",
                    "finding": "as_planned",
                }
            )
        # A correction is a new check of the same day.
        self._check(self.savings_user, "2026-07-10", "partly", "Sửa: mới mua một phần")
        self.assertEqual(self.loan.last_check_finding, "partly")
        self.assertEqual(check.finding, "as_planned")

    def test_dates_and_findings(self):
        with self.assertRaisesRegex(UserError, "before the first disbursement"):
            self._check(self.savings_user, "2026-05-31", "as_planned")
        with (
            freeze_time("2026-07-10"),
            self.assertRaisesRegex(UserError, "Write what the check found"),
        ):
            self.loan.with_user(self.savings_user)._record_use_check(
                date(2026, 7, 10), "organisation", "misused", "  "
            )
        with freeze_time("2026-07-10"), self.assertRaisesRegex(UserError, "future"):
            self.loan.with_user(self.savings_user)._record_use_check(
                date(2026, 7, 11), "organisation", "as_planned", ""
            )
        with freeze_time("2026-07-10"), self.assertRaisesRegex(UserError, "finding"):
            self.loan.with_user(self.savings_user)._record_use_check(
                date(2026, 7, 10), "organisation", "lost", ""
            )
        self._check(self.savings_user, "2026-07-10", "as_planned")
        with self.assertRaisesRegex(UserError, "before the last one"):
            self._check(self.savings_user, "2026-07-09", "as_planned")
        self.assertEqual(len(self.loan.use_check_ids), 1)

    def test_who_checks_which_loan(self):
        # Not a role that checks loans.
        for user in (self.police_user, self.chairman_user, self.province_user):
            with self.assertRaises(AccessError):
                self.loan.with_user(user)._record_use_check(
                    date(2026, 7, 10), "bank", "as_planned", ""
                )
        # The group's officer checks for the organisation, not for the bank.
        with self.assertRaisesRegex(AccessError, "transaction office"):
            self.loan.with_user(self.savings_user)._record_use_check(
                date(2026, 7, 10), "bank", "as_planned", ""
            )
        # A bank officer checks for the bank, not for the organisation.
        with self.assertRaisesRegex(AccessError, "savings-and-loan group"):
            self.loan.with_user(self.vbsp_user)._record_use_check(
                date(2026, 7, 10), "organisation", "as_planned", ""
            )
        # The branch manager does not serve the commune: no bank check.
        with self.assertRaisesRegex(AccessError, "transaction office"):
            self.loan.with_user(self.vbsp_manager_user)._record_use_check(
                date(2026, 7, 10), "bank", "as_planned", ""
            )
        # Another office, another group: the loan is not theirs.
        office_b_user = new_test_user(
            self.env,
            login="t_vbsp_b",
            groups="base.group_user,post_rehab_credit.group_vbsp_officer",
            company_id=self.office_b.id,
            company_ids=[(6, 0, self.office_b.ids)],
        )
        outsider = new_test_user(
            self.env,
            login="t_savings_other",
            groups="base.group_user,post_rehab_credit.group_savings_group_officer",
            company_id=self.commune_a1.id,
            company_ids=[(6, 0, self.commune_a1.ids)],
        )
        for user, checked_by in ((office_b_user, "bank"), (outsider, "organisation")):
            with self.assertRaises(AccessError):
                self.loan.with_user(user)._record_use_check(
                    date(2026, 7, 10), checked_by, "as_planned", ""
                )
        self.assertFalse(self.loan.use_check_ids)
        # Who reads the checks.
        self._check(self.savings_user, "2026-07-10", "as_planned")
        Check = self.env["rehab.loan.use.check"]
        for user in (
            self.police_user,
            self.commune_officer_user,
            self.vbsp_user,
            self.province_user,
            self.savings_user,
        ):
            self.assertEqual(Check.with_user(user).search([]), self.loan.use_check_ids)
        for user in (office_b_user, outsider, self.police_b_user):
            self.assertFalse(Check.with_user(user).search([]))

    def test_a_loan_before_disbursement_is_not_checked(self):
        # The second person's application, not disbursed.
        line = self.record.line_ids - self.line
        action = line.with_user(self.police_user).action_issue_slip()
        self.slip = self.env["rehab.referral.slip"].browse(action["res_id"])
        application = self._application()
        with self.assertRaisesRegex(UserError, "taken only when"):
            application.with_user(self.savings_user)._record_use_check(
                date(2026, 7, 10), "organisation", "as_planned", ""
            )

    def test_loans_not_checked_within_the_period(self):
        Loan = self.Loan.with_user(self.vbsp_user)
        not_checked = [("is_use_check_due", "=", True)]
        # Six months from the first disbursement of 1 June: due 1 December.
        with freeze_time("2026-12-01"):
            self.assertEqual(self.loan.use_check_due_date, date(2026, 12, 1))
            self.assertFalse(self.loan.is_use_check_due)
            self.assertNotIn(self.loan, Loan.search(not_checked))
            self.assertIn(self.loan, Loan.search([("is_use_check_due", "=", False)]))
        with freeze_time("2026-12-02"):
            self.loan.invalidate_recordset(["is_use_check_due"])
            self.assertTrue(self.loan.is_use_check_due)
            self.assertIn(self.loan, Loan.search(not_checked))
            self.assertIn(self.loan, Loan.search([("is_use_check_due", "!=", False)]))
            self.assertNotIn(self.loan, Loan.search([("is_use_check_due", "=", False)]))
        self._check(self.savings_user, "2026-12-02", "as_planned")
        with freeze_time("2026-12-02"):
            self.loan.invalidate_recordset(["is_use_check_due", "use_check_due_date"])
            self.assertEqual(self.loan.use_check_due_date, date(2027, 6, 2))
            self.assertNotIn(self.loan, Loan.search(not_checked))
        self.assertIn(
            self.loan, Loan.search([("use_check_due_date", "=", date(2027, 6, 2))])
        )
        self.assertNotIn(
            self.loan, Loan.search([("use_check_due_date", "<", date(2027, 6, 2))])
        )
        # The period is a programme setting.
        # The programme's default period, from today.
        settings = Form(
            self.env["rehab.settings"]
            .with_user(self.national_admin_user)
            .with_context(default_rule_province_id=False)
        )
        settings.rehab_use_check_months = 3
        settings.rule_legal_number = "TEST/2026"
        settings.save().execute()
        with freeze_time("2027-03-03"):
            self.assertIn(self.loan, Loan.search(not_checked))
        # The menu's action opens on the filter.
        action = self.env.ref("post_rehab_credit.rehab_loan_action_not_checked")
        self.assertIn("search_default_filter_use_not_checked", action.context)
