import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import JsonRpcMixin, xlsx_heading, xlsx_rows
from .common_loan import LINE_FIELDS, YEAR_END, ClassificationCase


@tagged("post_install", "-at_install")
class TestLoanClassification(ClassificationCase):
    def test_rebuilt_for_a_past_year_equals_the_approved_one(self):
        late, current = self._year_end_portfolio()
        record = self._classification()
        self.assertEqual(record.loan_count, 2)
        self.assertEqual(set(record.line_ids.mapped("status")), {"frozen", "current"})
        frozen = record.line_ids.filtered(lambda line: line.status == "frozen")
        self.assertEqual(frozen.outstanding_principal, 10_000_000)
        self.assertEqual(frozen.term_class, "short")
        self.assertEqual(frozen.capital_source, "vbsp")
        self.assertEqual(frozen.ethnic_group, self.person_a1.ethnicity)
        self.assertEqual(
            record.outstanding_principal,
            late.outstanding_principal + current.outstanding_principal,
        )
        # Only the VBSP branch manager approves.
        with self.assertRaises(AccessError):
            record.with_user(self.province_user).action_approve()
        with freeze_time("2027-01-06"):
            record.with_user(self.vbsp_manager_user).action_approve()
        self.assertEqual(record.state, "approved")
        approved = self._values(record.line_ids)
        # Later repayments, a risk handling and an extension.
        with freeze_time("2027-01-10"):
            self._wizard(
                "rehab.loan.repay",
                current,
                self.vbsp_user,
                date=date(2027, 1, 10),
                amount=5_000_000,
            ).action_post()
            self._wizard(
                "rehab.loan.risk.handle",
                late,
                self.vbsp_user,
                date=date(2027, 1, 10),
                cause="illness",
                action="write_off_interest",
                note="Ốm nặng",
            ).action_apply()
            wizard = self._wizard(
                "rehab.loan.extend", current, self.vbsp_user, months=3, reason="Lũ"
            )
            wizard.installment_ids = current.installment_ids.filtered(
                lambda i: not i.is_paid
            )[:1]
            wizard.action_extend()
        rebuilt = self.env["rehab.loan.classification"]._lines_as_of(
            self.province_a, YEAR_END
        )
        self.assertEqual(
            sorted(
                (tuple(values[name] for name in LINE_FIELDS) for values in rebuilt),
                key=str,
            ),
            approved,
        )
        # No names, no citizen IDs in the classification.
        for name, field in self.env["rehab.loan.classification.line"]._fields.items():
            self.assertNotIn("citizen", name)
            self.assertFalse(field.comodel_name in ("rehab.person", "rehab.loan"))

    def test_approved_is_kept_by_everyone(self):
        self._year_end_portfolio()
        record = self._classification()
        with freeze_time("2027-01-06"):
            record.with_user(self.vbsp_manager_user).action_approve()
        for user in (self.vbsp_manager_user, self.admin_user):
            with self.assertRaises(UserError):
                record.with_user(user).write({"as_of_date": date(2026, 12, 30)})
            with self.assertRaises(UserError):
                record.with_user(user).unlink()
            with self.assertRaises(UserError):
                record.line_ids[:1].with_user(user).write({"loan_count": 99})
        with self.assertRaises(UserError):
            record.sudo().write({"state": "draft"})
        with self.assertRaises(UserError):
            record.sudo().unlink()
        with self.assertRaises(UserError):
            record.line_ids.sudo().write({"loan_count": 99})
        with self.assertRaises(UserError):
            record.line_ids.sudo().unlink()
        with self.assertRaises(UserError):
            record.with_user(self.vbsp_manager_user).action_build()

    def test_roles_and_provinces(self):
        self._year_end_portfolio()
        record = self._classification()
        Classification = self.env["rehab.loan.classification"]
        # The province roles read it; the others do not.
        self.assertEqual(
            Classification.with_user(self.province_user).search([]), record
        )
        for user in (self.vbsp_user, self.police_user, self.savings_user):
            with self.assertRaises(AccessError):
                Classification.with_user(user).search([])
            with self.assertRaises(AccessError):
                record.with_user(user).action_build()
        with self.assertRaises(AccessError):
            record.with_user(self.province_user).action_build()
        # Another province's manager sees none of it.
        other = self.env["res.users"].create(
            {
                "name": "Manager B",
                "login": "t_vbsp_manager_b",
                "company_id": self.province_b.id,
                "company_ids": [(6, 0, self.province_b.ids)],
                "groups_id": [
                    (6, 0, self.env.ref("post_rehab_credit.group_vbsp_manager").ids)
                ],
            }
        )
        self.assertFalse(Classification.with_user(other).search([]))
        self.assertFalse(
            self.env["rehab.loan.classification.line"].with_user(other).search([])
        )

    def test_a_day_not_over_is_not_approved(self):
        """Approved, a classification holds its province's day for good: a day
        still running (or to come) is not approved, whoever asks."""
        self._year_end_portfolio()
        record = self._classification()
        for day in ("2026-12-31", "2026-06-30"):
            with self.subTest(day=day), freeze_time(day):
                with self.assertRaisesRegex(UserError, "once its day is over"):
                    record.with_user(self.vbsp_manager_user).action_approve()
        self.assertEqual(record.state, "draft")
        with freeze_time("2027-01-01"):
            record.with_user(self.vbsp_manager_user).action_approve()
        self.assertEqual(record.state, "approved")

    def test_year_end_cron_and_xlsx(self):
        self._year_end_portfolio()
        Classification = self.env["rehab.loan.classification"]
        # The demo's own classifications of past years stay as they are.
        before = Classification.search([])
        with freeze_time("2026-12-30"):
            Classification._cron_year_end()
        self.assertEqual(Classification.search([]), before)
        with freeze_time(YEAR_END):
            Classification._cron_year_end()
            Classification._cron_year_end()
        records = Classification.search([]) - before
        self.assertEqual(records.mapped("as_of_date"), [YEAR_END] * len(records))
        self.assertEqual(len(records.province_id), len(records))
        record = records.filtered(lambda r: r.province_id == self.province_a)
        self.assertEqual(record.state, "draft")
        self.assertEqual(record.loan_count, 2)
        content, __ = (
            self.env["ir.actions.report"]
            .with_user(self.vbsp_manager_user)
            ._render_xlsx(
                "post_rehab_credit.action_report_loan_classification_xlsx",
                record.ids,
                {},
            )
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        self.assertIn("31/12/2026", " ".join(xlsx_heading(sheet)))
        # The lines, then the totals (in the document's language: «Tổng»).
        rows = xlsx_rows(sheet)
        total = [row for row in rows if row[7] == "Tổng"]
        self.assertEqual(total[0][8], 2)
        self.assertEqual(total[0][9], record.outstanding_principal)
        self.assertNotIn(
            self.person_a1.name, {cell for row in rows for cell in row if cell}
        )


@tagged("post_install", "-at_install")
class TestLoanClassificationRpc(JsonRpcMixin, HttpCase, ClassificationCase):
    def test_other_roles_refused_over_rpc(self):
        record = self._classification()
        with mute_logger("odoo.http"):
            for user in (self.vbsp_user, self.province_user):
                __, error = self.rpc(
                    user, "rehab.loan.classification", "action_approve", record.ids
                )
                self.assertTrue(error)
            __, error = self.rpc(
                self.vbsp_user,
                "rehab.loan.classification",
                "create",
                {"province_id": self.province_a.id, "as_of_date": "2025-12-31"},
            )
            self.assertTrue(error)
        self.assertEqual(record.state, "draft")
        # Not before its day is over (31 December is still to come here).
        with mute_logger("odoo.http"):
            __, error = self.rpc(
                self.vbsp_manager_user,
                "rehab.loan.classification",
                "action_approve",
                record.ids,
                context={},
            )
        self.assertIn("once its day is over", error)
        self.assertEqual(record.state, "draft")
        record.sudo().as_of_date = date(2025, 12, 31)
        record.sudo().action_build()
        self.ok(
            self.vbsp_manager_user,
            "rehab.loan.classification",
            "action_approve",
            record.ids,
        )
        with mute_logger("odoo.http"):
            __, error = self.rpc(
                self.vbsp_manager_user,
                "rehab.loan.classification",
                "write",
                record.ids,
                {"as_of_date": "2026-12-30"},
            )
        self.assertTrue(error)
        self.assertEqual(record.as_of_date, date(2025, 12, 31))
