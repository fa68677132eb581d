from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common_loan import LoanCase


@tagged("post_install", "-at_install")
class TestActivitiesAndCapital(LoanCase):
    def _coverage(self, commune):
        self.env.flush_all()
        return self.env["rehab.coverage"].search([("company_id", "=", commune.id)])

    def test_communication_coverage(self):
        self.assertEqual(self._coverage(self.commune_a1).share, 0)
        form = Form(
            self.env["rehab.support.activity"].with_user(self.commune_officer_user)
        )
        form.name = "Tuyên truyền tại bản Khòn Pổ"
        form.activity_type = "communication"
        form.place_type = "village"
        form.date = date(2026, 6, 10)
        form.participant_ids.add(self.person_a1)
        form.participant_ids.add(self.second_a1)
        session = form.save()
        self.assertEqual(session.participant_count, 2)
        session.action_mark_informed()
        self.assertEqual(self.person_a1.informed_date, date(2026, 6, 10))
        self.assertEqual(self.person_a1.informed_channel, "meeting")
        coverage = self._coverage(self.commune_a1)
        self.assertEqual((coverage.people, coverage.informed), (3, 2))
        self.assertAlmostEqual(coverage.share, 66.7, places=1)
        # The chairman and the province see it; another province does not.
        Coverage = self.env["rehab.coverage"]
        self.assertIn(coverage, Coverage.with_user(self.chairman_user).search([]))
        self.assertIn(coverage, Coverage.with_user(self.province_user).search([]))
        self.assertNotIn(coverage, Coverage.with_user(self.police_b_user).search([]))

    def test_training_and_placements_reach_the_report(self):
        Activity = self.env["rehab.support.activity"]
        Activity.create(
            {
                "name": "Học nghề may",
                "activity_type": "training",
                "date": "2026-07-01",
                "company_id": self.commune_a1.id,
                "institution": "Trường nghề",
                "participant_ids": [(6, 0, self.person_a1.ids)],
                "confirmation_issued": True,
            }
        )
        Activity.create(
            {
                "name": "Giới thiệu việc làm",
                "activity_type": "job_placement",
                "date": "2026-08-01",
                "company_id": self.commune_a1.id,
                "participant_ids": [(6, 0, (self.person_a1 | self.second_a1).ids)],
            }
        )
        self.env["rehab.capital.allocation"].create(
            {
                "source": "commune",
                "decision_number": "12/NQ-HĐND",
                "decision_date": "2026-07-15",
                "company_id": self.office_a.id,
                "amount": 500_000_000,
            }
        )
        plan = self.env["rehab.plan"].create(
            {"name": "KH", "company_id": self.commune_a1.id}
        )
        report = self.env["rehab.report"].create(
            {
                "plan_id": plan.id,
                "company_id": self.commune_a1.id,
                "period": "year",
                "period_start": "2026-01-01",
                "period_end": "2026-12-31",
                "due_date": "2026-12-20",
            }
        )
        report.action_refresh_figures()
        self.assertEqual(report.training_enrolments, 1)
        self.assertEqual(report.job_placements, 2)
        self.assertEqual(report.capital_received, 500_000_000)
        with self.assertRaisesRegex(ValidationError, "once it happened"):
            Activity.create(
                {
                    "name": "x",
                    "activity_type": "job_placement",
                    "date": "2999-01-01",
                    "company_id": self.commune_a1.id,
                }
            )

    def test_capital_goes_to_the_bank(self):
        with self.assertRaisesRegex(ValidationError, "unit of the bank"):
            self.env["rehab.capital.allocation"].create(
                {
                    "source": "province",
                    "decision_number": "1",
                    "decision_date": "2026-06-01",
                    "company_id": self.commune_a1.id,
                    "amount": 1,
                }
            )
        with self.assertRaisesRegex(ValidationError, "must be positive"):
            self.env["rehab.capital.allocation"].create(
                {
                    "source": "province",
                    "decision_number": "1",
                    "decision_date": "2026-06-01",
                    "company_id": self.branch_a.id,
                    "amount": 0,
                }
            )

    def test_june_survey(self):
        self._application(amount=30_000_000)  # pending application
        self.person_a1.amount_needed = 80_000_000
        Survey = self.env["rehab.demand.survey"]
        with freeze_time("2026-05-31"):
            self.assertFalse(Survey._cron_june_survey())
        with freeze_time("2026-06-01"):
            surveys = Survey._cron_june_survey()
            self.assertFalse(Survey._cron_june_survey())
        survey = surveys.filtered(lambda s: s.company_id == self.commune_a1)
        self.assertEqual(survey.year, 2026)
        # Declared needs of the eligible people, plus the pending application.
        self.assertEqual(survey.people_count, 2)
        self.assertEqual(survey.declared_amount, 80_000_000 + 50_000_000)
        self.assertEqual(survey.pending_count, 1)
        self.assertEqual(survey.pending_amount, 30_000_000)
        survey.with_user(self.commune_officer_user).adjustment = 20_000_000
        self.assertEqual(survey.total_amount, 180_000_000)
        # Totalled for the Department of Finance's proposal.
        total = Survey.with_user(self.department_user)._read_group(
            [("year", "=", 2026)], [], ["total_amount:sum"]
        )[0][0]
        province_a = surveys.filtered(lambda s: s.province_id == self.province_a)
        self.assertEqual(len(province_a), 3)
        self.assertEqual(total, sum(province_a.mapped("total_amount")))

    def test_capital_position_and_access(self):
        self._disbursed(10_000_000)
        self.env["rehab.capital.allocation"].create(
            {
                "source": "province",
                "decision_number": "5/QĐ-UBND",
                "decision_date": "2026-05-10",
                "company_id": self.branch_a.id,
                "amount": 1_000_000_000,
            }
        )
        self.env.flush_all()
        position = self.env["rehab.capital.position"].with_user(self.vbsp_manager_user)
        rows = position.search([])
        self.assertEqual(rows.province_id, self.province_a)
        # The VBSP capital of the loan fixtures, and the province's.
        self.assertEqual(rows.allocated, 2_000_000_000)
        self.assertEqual(rows.disbursed, 10_000_000)
        self.assertEqual(rows.available, 1_990_000_000)
        self.assertFalse(
            self.env["rehab.capital.position"]
            .with_user(self.police_b_user)
            .search([("province_id", "=", self.province_a.id)])
        )
        # Supervision by a department, commendations by the province police.
        supervision = (
            self.env["rehab.supervision"]
            .with_user(self.department_user)
            .create(
                {
                    "name": "Giám sát cho vay",
                    "company_id": self.finance_a.id,
                    "supervised_ids": [(6, 0, self.office_a.ids)],
                    "findings": "Cho vay đúng đối tượng",
                }
            )
        )
        self.assertIn(
            supervision,
            self.env["rehab.supervision"].with_user(self.province_user).search([]),
        )
        with self.assertRaises(AccessError):
            self.env["rehab.commendation"].with_user(self.police_user).create(
                {"name": "Tổ TK&VV", "reason": "x", "company_id": self.commune_a1.id}
            )
        self.env["rehab.commendation"].with_user(self.province_user).create(
            {
                "name": "Công an xã A1",
                "reason": "Lập danh sách đúng hạn",
                "company_id": self.police_a.id,
            }
        )
