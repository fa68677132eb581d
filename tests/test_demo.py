from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools.safe_eval import safe_eval


@tagged("post_install", "-at_install")
class TestDemoProvinceAtWork(TransactionCase):
    """The demo shows a province at work: a year of every step, made by the steps.

    Read from the demo database as installed (models/rehab_demo.py).
    """

    def count(self, model, domain):
        return self.env[model].search_count(domain)

    def states(self, model, field="state"):
        groups = self.env[model]._read_group([], [field], ["__count"])
        return {value: count for value, count in groups}

    def test_twelve_months_of_lists_in_every_state(self):
        today = fields.Date.context_today(self.env.user)
        first = today.replace(day=1)
        lists = self.env["rehab.monthly.list"].search([])
        months = set(lists.mapped("month_date"))
        self.assertGreaterEqual(len(months), 13)
        self.assertLessEqual(min(months), first.replace(year=first.year - 1))
        self.assertEqual(
            set(self.states("rehab.monthly.list")),
            {"draft", "submitted", "returned", "confirmed", "sent", "received"},
        )
        self.assertTrue(lists.filtered("is_late"))
        self.assertTrue(lists.filtered(lambda x: not x.is_late))
        # Each commune has its list of every month.
        communes = self.env["res.company"].search([("agency_type", "=", "commune")])
        self.assertEqual(len(lists), len(communes) * len(months))

    def test_slips_and_loans_in_every_state(self):
        self.assertEqual(
            set(self.states("rehab.referral.slip")),
            {"valid", "used", "expired", "revoked"},
        )
        self.assertEqual(
            set(self.states("rehab.loan")),
            {
                "draft",
                "reviewed",
                "confirmed",
                "approved",
                "rejected",
                "disbursing",
                "repaying",
                "closed",
            },
        )
        running = [("state", "in", ("disbursing", "repaying"))]
        buckets = {
            bucket
            for (bucket,) in self.env["rehab.loan"]._read_group(
                running, ["delinquency_bucket"]
            )
        }
        self.assertEqual(buckets, {"current", "1_30", "31_90", "91_180", "over_180"})
        Loan = self.env["rehab.loan"]
        self.assertTrue(Loan.search(running + [("risk_action", "=", "freeze")]))
        self.assertTrue(Loan.search([("risk_action", "=", "write_off_principal")]))
        self.assertTrue(Loan.search(running + [("is_extended", "=", True)]))
        closed = Loan.search([("state", "=", "closed")])
        self.assertGreaterEqual(len(closed), 2)
        # A closed loan owes nothing past due.
        self.assertFalse(closed.filtered("days_past_due"))
        self.assertTrue(self.env["rehab.loan.reversal"].search_count([]))
        self.assertTrue(
            Loan.search(running).disbursement_ids.filtered(
                lambda d: len(d.loan_id.disbursement_ids) > 1
            )
            or Loan.search([("state", "=", "disbursing")])
        )

    def test_repayments_on_time_and_late(self):
        repayments = self.env["rehab.loan.repayment"].search([])
        late = repayments.filtered("overdue_interest")
        self.assertTrue(late)
        self.assertGreater(len(repayments - late), len(late))
        # Every repayment balances: its parts make its amount.
        for repayment in repayments:
            self.assertEqual(
                repayment.amount,
                repayment.overdue_interest + repayment.interest + repayment.principal,
            )

    def test_capital_activities_surveys_reports_and_audit(self):
        self.assertGreaterEqual(self.count("rehab.capital.allocation", []), 4)
        shares = self.env["rehab.coverage"].search([]).mapped("share")
        self.assertIn(100.0, shares)
        self.assertTrue([share for share in shares if share < 100])
        self.assertEqual(
            set(self.states("rehab.support.activity", "activity_type"))
            >= {"communication", "training", "job_placement"},
            True,
        )
        self.assertEqual(set(self.states("rehab.demand.survey")), {"draft", "done"})
        reports = self.env["rehab.report"].search([])
        self.assertTrue(reports.filtered(lambda r: r.state == "accepted"))
        self.assertTrue(reports.filtered(lambda r: r.state == "submitted"))
        self.assertTrue(reports.filtered(lambda r: r.is_late and r.state == "draft"))
        accepted = reports.filtered(lambda r: r.state == "accepted")
        self.assertTrue(sum(accepted.mapped("amount_disbursed")))
        self.assertTrue(
            self.count("auditlog.log", [("model_id.model", "=", "rehab.loan")])
        )
        self.assertTrue(self.count("mail.activity", [("res_model", "=", "rehab.loan")]))
        # The year-end classification of each province, approved by its branch.
        classifications = self.env["rehab.loan.classification"].search(
            [("state", "=", "approved")]
        )
        self.assertEqual(len(classifications.province_id), 2)
        self.assertTrue(classifications.line_ids)

    def test_made_by_the_users_of_each_role(self):
        """The steps were taken by the demo users, on their own dates."""
        ref = self.env.ref
        loans = self.env["rehab.loan"].search(
            [("company_id", "=", ref("post_rehab_credit.company_chau_son").id)]
        )
        self.assertEqual(
            loans.mapped("create_uid"), ref("post_rehab_credit.user_vbsp_dinh_lap")
        )
        decided = loans.filtered("decided_by_id")
        self.assertEqual(
            decided.decided_by_id, ref("post_rehab_credit.user_vbsp_dinh_lap")
        )
        lists = self.env["rehab.monthly.list"].search(
            [("company_id", "=", ref("post_rehab_credit.company_chau_son").id)]
        )
        self.assertEqual(
            lists.filtered("confirmed_by_id").confirmed_by_id,
            ref("post_rehab_credit.user_chairman_chau_son"),
        )
        # The chatter keeps the dates of the story, not of the installation.
        today = fields.Date.context_today(self.env.user)
        oldest = self.env["mail.message"].search(
            [("model", "=", "rehab.loan"), ("res_id", "in", loans.ids)],
            order="date",
            limit=1,
        )
        self.assertLess(oldest.date.date(), today - timedelta(days=300))

    def test_every_role_opens_on_its_own_work(self):
        """The landing screen of each demo user has records to work on."""
        ref = self.env.ref
        for xmlid in (
            "user_police_chau_son",
            "user_chairman_chau_son",
            "user_officer_chau_son",
            "user_savings_chau_son",
            "user_vbsp_dinh_lap",
            "user_police_to_hieu",
            "user_vbsp_manager_son_la",
            "user_province_son_la",
            "user_department_son_la",
            "user_programme_admin",
        ):
            user = ref("post_rehab_credit.%s" % xmlid)
            with self.subTest(user=user.login):
                env = self.env(user=user)
                action = env["res.users"]._rehab_home_action()
                context = action.get("context") or {}
                domain = action.get("domain") or []
                if isinstance(domain, str):
                    domain = safe_eval(domain, {"uid": user.id})
                if isinstance(context, dict) and context.get(
                    "search_default_filter_to_confirm"
                ):
                    domain = [*domain, ("state", "=", "submitted")]
                self.assertTrue(
                    env[action["res_model"]].search_count(domain),
                    "%s lands on an empty screen" % user.login,
                )

    def test_branch_manager_reads_what_the_offices_were_sent(self):
        """The VBSP branch manager follows the lists its province's offices got."""
        manager = self.env.ref("post_rehab_credit.user_vbsp_manager_son_la")
        son_la = self.env.ref("post_rehab_credit.company_son_la")
        env = self.env(user=manager)
        lists = env["rehab.monthly.list"].search([])
        self.assertTrue(lists)
        self.assertEqual(set(lists.mapped("state")), {"sent", "received"})
        self.assertEqual(lists.company_id.province_id, son_la)
        everything = self.env["rehab.monthly.list"].search(
            [
                ("company_id", "child_of", son_la.id),
                ("state", "in", ("sent", "received")),
            ]
        )
        self.assertEqual(lists, everything)
        lines = env["rehab.monthly.list.line"].search([])
        self.assertFalse(lines.filtered("excluded"))
        people = env["rehab.person"].search([])
        self.assertEqual(people, lines.person_id)
        with self.assertRaises(AccessError):
            lists.check_access("write")
