import io
from datetime import date

import openpyxl

from odoo.tests import tagged

from ..models.rehab_report import FIGURES, RATIOS
from .common import agency_today, xlsx_table
from .common_loan import LoanCase

# Figures that are not the sum of the communes' rows: a person on the lists of
# two communes is one person; capital is entrusted to bank units, not communes.
NOT_SUMMED = {"people_listed", "capital_received", *RATIOS}


@tagged("post_install", "-at_install")
class TestFigures(LoanCase):
    """One definition per figure: ratios weighted at every level, annex = report.

    The fixture gives communes of different sizes, where the mean of the
    communes' ratios differs from the weighted ratio:
    - informed: A1 2 of 3 (66.67 %), A2 0 of 1 (0 %), A3 none: mean 33.33 %,
      province 2 / 4 = 50 %;
    - PAR30: A1 0 of 30,000,000 (0 %), A2 10,000,000 of 10,000,000 (100 %):
      mean 50 %, province 10 / 40 = 25 %.
    """

    def _class_fixtures(self):
        cls = type(self)
        (self.person_a1 | self.second_a1).write({"informed_date": "2026-06-01"})
        self.Person.create(self.person_vals(self.commune_a2, citizen_id="020090900011"))
        small = self._disbursed(10_000_000)
        second_line = self.record.line_ids.filtered(
            lambda line: line.person_id == self.second_a1
        )
        cls.slip = self.env["rehab.referral.slip"].create({"line_id": second_line.id})
        large = self._disbursed(30_000_000)
        # The overdue run is not the subject here: the stored amounts of the
        # portfolio are set by hand, the small loan moved to commune A2.
        self.env.flush_all()
        self.env.cr.execute(
            """UPDATE rehab_loan SET company_id = %s, outstanding_principal = %s,
                      par30_principal = %s WHERE id = %s""",
            [self.commune_a2.id, 10_000_000, 10_000_000, small.id],
        )
        self.env.cr.execute(
            """UPDATE rehab_loan SET outstanding_principal = %s,
                      par30_principal = 0 WHERE id = %s""",
            [30_000_000, large.id],
        )
        self.env.invalidate_all()

    def _report(self, company):
        plan = self.env["rehab.plan"].create(
            {
                "name": "KH",
                "company_id": self.province_a.id,
                "recipient_id": self.police_a.id,
            }
        )
        report = self.env["rehab.report"].create(
            {
                "plan_id": plan.id,
                "company_id": company.id,
                "period": "year",
                "period_start": "2026-01-01",
                "period_end": max(date(2026, 12, 31), agency_today()),
                "due_date": "2026-12-15",
            }
        )
        report.action_refresh_figures()
        return report

    def _grouped(self, model, domain, measures, groupby):
        """As the pivot asks: ``field:aggregator`` of the field's own aggregator."""
        Model = self.env[model]
        specs = ["%s:%s" % (name, Model._fields[name].aggregator) for name in measures]
        return Model.read_group(domain, specs, groupby, lazy=False)

    def test_no_ratio_is_averaged(self):
        for model in ("rehab.loan.par", "rehab.coverage", "rehab.report"):
            for name, field in self.env[model]._fields.items():
                self.assertNotEqual(field.aggregator, "avg", "%s.%s" % (model, name))
        for model, name in (
            ("rehab.loan.par", "par30"),
            ("rehab.coverage", "share"),
            ("rehab.report", "informed_share"),
            ("rehab.report", "par30"),
            ("rehab.establishment", "rehab_worker_share"),
        ):
            self.assertIn(name, self.env[model]._ratios)

    def test_coverage_and_par_are_weighted_by_province(self):
        province = [("province_id", "=", self.province_a.id)]
        by_commune = {
            row["company_id"][0]: row["share"]
            for row in self._grouped(
                "rehab.coverage", province, ["share"], ["company_id"]
            )
        }
        self.assertAlmostEqual(by_commune[self.commune_a1.id], 200 / 3)
        self.assertAlmostEqual(by_commune[self.commune_a2.id], 0.0)
        [row] = self._grouped("rehab.coverage", province, ["share"], ["province_id"])
        self.assertAlmostEqual(row["share"], 50.0)
        [row] = self._grouped(
            "rehab.loan.par",
            province,
            ["par30", "outstanding_principal", "par30_principal"],
            ["province_id"],
        )
        self.assertAlmostEqual(row["par30"], 25.0)
        self.assertEqual(row["outstanding_principal"], 40_000_000)
        # Whatever the client asks (an old "avg" included), a ratio is weighted.
        [row] = self.env["rehab.loan.par"].read_group(
            province, ["par30:avg"], ["province_id"]
        )
        self.assertAlmostEqual(row["par30"], 25.0)
        # The records keep their own value; max is the largest commune ratio.
        [row] = self.env["rehab.loan.par"].read_group(
            province, ["par30:max"], ["province_id"]
        )
        self.assertAlmostEqual(row["par30"], 100.0)

    def test_reports_are_weighted_when_grouped(self):
        reports = self._report(self.commune_a1) | self._report(self.commune_a2)
        self.assertEqual(reports[0].informed_share, 66.7)
        self.assertEqual(reports[1].par30, 100.0)
        [row] = self._grouped(
            "rehab.report",
            [("id", "in", reports.ids)],
            ["informed_share", "par30"],
            ["province_id"],
        )
        self.assertAlmostEqual(row["informed_share"], 50.0)
        self.assertAlmostEqual(row["par30"], 25.0)

    def test_establishment_share_is_weighted(self):
        Establishment = self.env["rehab.establishment"]
        shops = Establishment.create(
            [
                {
                    "name": name,
                    "company_id": self.commune_a1.id,
                    "establishment_type": "household_business",
                    "total_workers": total,
                }
                for name, total in (("Cơ sở nhỏ", 4), ("Cơ sở lớn", 20))
            ]
        )
        # 1 of 4 (25 %) and 3 of 20 (15 %): mean 20 %, weighted 4 / 24.
        self.env.flush_all()
        for shop, count in zip(shops, (1, 3), strict=True):
            self.env.cr.execute(
                "UPDATE rehab_establishment SET rehab_worker_count = %s WHERE id = %s",
                [count, shop.id],
            )
        self.env.invalidate_all()
        [row] = self._grouped(
            "rehab.establishment",
            [("id", "in", shops.ids)],
            ["rehab_worker_share"],
            ["company_id"],
        )
        self.assertAlmostEqual(row["rehab_worker_share"], 100 * 4 / 24)

    def _annex(self, report):
        content, __ = self.env["ir.actions.report"]._render_xlsx(
            "post_rehab_credit.action_report_periodic_annex_xlsx", report.ids, {}
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        # The annex is in the document's language: «Tổng» is its total.
        rows = {
            row[0]: dict(zip(FIGURES, row[1:], strict=True))
            for row in xlsx_table(sheet)
        }
        return rows.pop("Tổng"), rows

    def test_annex_total_is_the_report(self):
        for company in (self.finance_a, self.commune_a1, self.commune_a2):
            report = self._report(company)
            total, rows = self._annex(report)
            for name in FIGURES:
                # Both ways: the annex's total is the report's figure, and the
                # report's figure is the annex's total.
                self.assertAlmostEqual(total[name], report[name], msg=name)
                self.assertAlmostEqual(report[name], total[name], msg=name)
                if name not in NOT_SUMMED:
                    summed = sum(values[name] or 0 for values in rows.values())
                    self.assertEqual(summed, total[name], name)
        # The province's figures, by hand.
        report = self._report(self.finance_a)
        total, rows = self._annex(report)
        self.assertEqual(
            set(rows), {"Test commune A1", "Test commune A2", "Test commune A3"}
        )
        self.assertEqual(report.people_registered, 4)
        self.assertEqual(report.people_informed, 2)
        self.assertAlmostEqual(report.informed_share, 50.0)
        self.assertEqual(report.outstanding_principal, 40_000_000)
        self.assertEqual(report.par30_principal, 10_000_000)
        self.assertAlmostEqual(report.par30, 25.0)
        self.assertEqual(rows["Test commune A1"]["informed_share"], 66.7)
        self.assertAlmostEqual(rows["Test commune A2"]["par30"], 100.0)
        self.assertEqual(rows["Test commune A3"]["par30"], 0)

    def _count_queries(self, report):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        rows, __, total = report._figures_table()
        for commune, __ in rows:
            # The annex reads the names: the read itself is what is counted.
            # pylint: disable-next=pointless-statement
            commune.name  # noqa: B018
        return self.env.cr.sql_log_count - before, len(rows), total

    def test_query_count_does_not_grow_with_communes(self):
        report = self._report(self.finance_a)
        self._count_queries(report)  # a warm-up: the registry's own caches
        small, communes, total = self._count_queries(report)
        self.assertEqual(communes, 3)
        new = self.env["res.company"].create(
            [
                {
                    "name": "Xã thêm %02d" % number,
                    "agency_type": "commune",
                    "parent_id": self.province_a.id,
                }
                for number in range(27)
            ]
        )
        self.Person.create(
            [
                self.person_vals(commune, citizen_id="0200909%05d" % number)
                for number, commune in enumerate(new, start=100)
            ]
        )
        large, communes, total = self._count_queries(report)
        self.assertEqual(communes, 30)
        self.assertEqual(total["people_registered"], 4 + 27)
        self.assertEqual(small, large)
        self.assertEqual(large, 16, "%d queries" % large)
