import io
import zipfile
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.rehab_report import FIGURES, RATIOS
from .common import agency_today, xlsx_table
from .common_loan import LoanCase


@tagged("post_install", "-at_install")
class TestReportingCalendar(LoanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls.env["rehab.plan"].create(
            {
                "name": "Kế hoạch thử nghiệm",
                "company_id": cls.province_a.id,
                "recipient_id": cls.police_a.id,
                "reporting_company_ids": [(6, 0, (cls.commune_a1 | cls.finance_a).ids)],
                "task_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Lập danh sách",
                            "company_id": cls.commune_a1.id,
                            "timing": "recurring",
                            "recurrence": "Trước ngày 05",
                        },
                    ),
                ],
                "deadline_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Báo cáo 6 tháng",
                            "period": "half",
                            "due_day": 15,
                            "due_month": 6,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "name": "Báo cáo năm",
                            "period": "year",
                            "due_day": 15,
                            "due_month": 12,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "name": "Báo cáo năm (tháng 1)",
                            "period": "year",
                            "due_day": 10,
                            "due_month": 1,
                        },
                    ),
                ],
            }
        )
        cls.Report = cls.env["rehab.report"]

    def _reports(self):
        return self.Report.search([("plan_id", "=", self.plan.id)])

    def test_reports_ten_days_ahead_and_idempotent(self):
        with freeze_time("2026-06-04"):
            self.Report._cron_reporting_calendar()
            self.assertFalse(self._reports())
        with freeze_time("2026-06-05"):
            self.Report._cron_reporting_calendar()
            reports = self._reports()
            self.assertEqual(len(reports), 2)
            self.assertEqual(
                set(reports.company_id.ids), {self.commune_a1.id, self.finance_a.id}
            )
            self.assertEqual(set(reports.mapped("due_date")), {date(2026, 6, 15)})
            self.assertEqual(set(reports.mapped("period_start")), {date(2026, 1, 1)})
            self.assertEqual(set(reports.mapped("period_end")), {date(2026, 6, 30)})
            commune_report = reports.filtered(lambda r: r.company_id == self.commune_a1)
            self.assertIn(self.police_user, commune_report.activity_ids.user_id)
            activities = self.env["mail.activity"].search_count([])
            self.Report._cron_reporting_calendar()
            self.assertEqual(len(self._reports()), 2)
            self.assertEqual(self.env["mail.activity"].search_count([]), activities)

    def test_late_reports_are_escalated_once(self):
        with freeze_time("2026-06-10"):
            self.Report._cron_reporting_calendar()
        report = self._reports().filtered(lambda r: r.company_id == self.commune_a1)
        with freeze_time("2026-06-15"):
            self.Report._cron_reporting_calendar()
            self.assertFalse(report.is_late)
        with freeze_time("2026-06-16"):
            self.Report._cron_reporting_calendar()
            self.assertTrue(report.is_late)
            self.assertIn(self.province_user, report.activity_ids.user_id)
            count = len(report.activity_ids)
            self.Report._cron_reporting_calendar()
            self.assertEqual(len(report.activity_ids), count)

    def test_across_the_year_end(self):
        with freeze_time("2026-12-31"):
            self.Report._cron_reporting_calendar()
        january = self._reports().filtered(lambda r: r.due_date == date(2027, 1, 10))
        self.assertEqual(len(january), 2)
        # An annual report due in January covers the year before.
        self.assertEqual(set(january.mapped("period_end")), {date(2026, 12, 31)})
        self.assertEqual(set(january.mapped("period_start")), {date(2026, 1, 1)})

    def test_prepare_next_reports(self):
        with freeze_time("2026-11-23"):
            self.plan.action_prepare_next_reports()
            self.plan.action_prepare_next_reports()
        self.assertEqual(
            set(self._reports().mapped("due_date")),
            {date(2027, 6, 15), date(2026, 12, 15), date(2027, 1, 10)},
        )
        self.assertEqual(len(self._reports()), 6)


@tagged("post_install", "-at_install")
class TestReportFigures(LoanCase):
    def _report(self, company, start="2026-01-01"):
        plan = self.env["rehab.plan"].create(
            {
                "name": "KH",
                "company_id": self.province_a.id,
                "recipient_id": self.police_a.id,
            }
        )
        return self.env["rehab.report"].create(
            {
                "plan_id": plan.id,
                "company_id": company.id,
                "period": "year",
                "period_start": start,
                # Until the end of 2026, or today's date if the suite runs later:
                # the slip and the application of the fixture are made today.
                "period_end": max(date(2026, 12, 31), agency_today()),
                "due_date": "2026-12-15",
            }
        )

    def test_figures_equal_hand_counts(self):
        (self.person_a1 | self.second_a1).write({"informed_date": "2026-06-01"})
        loan = self._disbursed()
        report = self._report(self.commune_a1)
        report.action_refresh_figures()
        # Commune A1: three people, two eligible and informed, both on the
        # confirmed list; one slip, one application approved and disbursed.
        self.assertEqual(report.people_registered, 3)
        self.assertEqual(report.people_eligible, 2)
        self.assertEqual(report.people_informed, 2)
        self.assertAlmostEqual(report.informed_share, 66.7, places=1)
        self.assertEqual(report.people_listed, 2)
        self.assertEqual(report.slips_issued, 1)
        self.assertEqual(report.applications, 1)
        self.assertEqual(report.loans_approved, 1)
        self.assertEqual(report.amount_approved, 10_000_000)
        self.assertEqual(report.amount_disbursed, 10_000_000)
        self.assertEqual(report.outstanding_principal, 10_000_000)
        self.assertEqual(report.overdue_principal, loan.overdue_principal)

    def _annex_total(self, report):
        content, __ = (
            self.env["ir.actions.report"]
            .with_user(self.department_user)
            ._render_xlsx(
                "post_rehab_credit.action_report_periodic_annex_xlsx", report.ids, {}
            )
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = {r[0]: r for r in xlsx_table(sheet)}
        return rows, dict(zip(FIGURES, rows["Tổng"][1:], strict=True))

    def test_an_accepted_report_and_its_annex_agree_after_a_later_repayment(self):
        loan = self._disbursed()
        report = self._report(self.commune_a1)
        report.with_user(self.police_user).action_submit()
        report.with_user(self.province_user).action_accept()
        self.assertEqual(report.outstanding_principal, 10_000_000)
        # A repayment after the report was accepted.
        self._wizard(
            "rehab.loan.repay",
            loan,
            self.vbsp_user,
            date=date(2026, 7, 1),
            amount=888_333,
        ).action_post()
        self.assertEqual(loan.outstanding_principal, 10_000_000 - 833_333)
        rows, total = self._annex_total(report)
        for name in FIGURES:
            if name in RATIOS:
                self.assertAlmostEqual(total[name], report[name], places=1)
            else:
                self.assertEqual(total[name] or 0, report[name], name)
        self.assertEqual(total["outstanding_principal"], 10_000_000)
        commune = rows["Test commune A1"]
        self.assertEqual(
            commune[1 + FIGURES.index("outstanding_principal")], 10_000_000
        )

    def test_applications_behind_the_approvals_are_counted(self):
        """The application of 15 May, approved on 1 June: a report from
        20 May counts it among its applications beside its approval."""
        self._disbursed()
        report = self._report(self.commune_a1, start="2026-05-20")
        report.action_refresh_figures()
        self.assertEqual(report.loans_approved, 1)
        self.assertEqual(report.applications, 1)
        # A period before the decision: the application alone.
        report = self._report(self.commune_a1, start="2026-05-01")
        report.write({"period_end": "2026-05-31"})
        report.action_refresh_figures()
        self.assertEqual((report.applications, report.loans_approved), (1, 0))

    def test_province_agency_totals_its_communes(self):
        self.Person.create(self.person_vals(self.commune_a2, citizen_id="020090900009"))
        report = self._report(self.finance_a)
        report.action_refresh_figures()
        self.assertEqual(report.people_registered, 4)
        commune = self._report(self.commune_a2)
        commune.action_refresh_figures()
        self.assertEqual(commune.people_registered, 1)

    def test_submit_and_accept(self):
        report = self._report(self.commune_a1)
        report.with_user(self.police_user).write({"results": "Đã triển khai"})
        report.with_user(self.police_user).action_submit()
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.people_registered, 3)
        with self.assertRaisesRegex(AccessError, "belongs to Test police A"):
            report.with_user(self.police_user).action_accept()
        report.with_user(self.province_user).action_accept()
        self.assertEqual(report.state, "accepted")
        with self.assertRaisesRegex(UserError, "taken only when it is «Draft»"):
            report.action_refresh_figures()

    def test_access(self):
        commune = self._report(self.commune_a1)
        department = self._report(self.finance_a)
        Report = self.env["rehab.report"]
        self.assertEqual(Report.with_user(self.police_user).search([]), commune)
        self.assertEqual(
            Report.with_user(self.province_user).search([]), commune | department
        )
        self.assertFalse(Report.with_user(self.police_b_user).search([]))

    def test_odt_and_xlsx_annex(self):
        self.Person.create(self.person_vals(self.commune_a2, citizen_id="020090900010"))
        report = self._report(self.finance_a)
        report.write({"results": "Đã triển khai đồng bộ", "proposals": "Bổ sung vốn"})
        report.action_refresh_figures()
        Report = self.env["ir.actions.report"].with_user(self.department_user)
        content, kind = Report._render(
            "post_rehab_credit.action_report_periodic_odt", report.ids
        )
        self.assertEqual(kind, "odt")
        with zipfile.ZipFile(io.BytesIO(content)) as odt:
            xml = odt.read("content.xml").decode()
        self.assertIn("Đã triển khai đồng bộ", xml)
        self.assertIn("TEST FINANCE A", xml)
        self.assertIn("Test police A", xml)
        self.assertNotIn("user-field-get", xml)
        content, kind = Report._render_xlsx(
            "post_rehab_credit.action_report_periodic_annex_xlsx", report.ids, {}
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        communes = {r[0]: r for r in xlsx_table(sheet)}
        # One row per commune of the province, then the total («Tổng»: the
        # annex is in the document's language).
        self.assertEqual(
            set(communes),
            {"Test commune A1", "Test commune A2", "Test commune A3", "Tổng"},
        )
        self.assertEqual(communes["Test commune A1"][1], 3)
        self.assertEqual(communes["Test commune A2"][1], 1)
        self.assertEqual(communes["Tổng"][1], 4)
        self.assertEqual(communes["Tổng"][1], report.people_registered)
