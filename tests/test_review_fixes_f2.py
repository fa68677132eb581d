"""A reviewer's attacks over JSON-RPC (review f2): a wizard opened on another
agency's record through a context default, a worker of a person of another
province, a record moved to another company by a plain write."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import PREFIX
from .common_loan import LoanCase


@tagged("post_install", "-at_install")
class TestReviewFixesF2(LoanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vbsp_b_user = new_test_user(
            cls.env,
            login="t_vbsp_b_f2",
            groups="base.group_user,%svbsp_officer" % PREFIX,
            company_id=cls.office_b.id,
            company_ids=[(6, 0, cls.office_b.ids)],
        )
        cls.savings_b_user = new_test_user(
            cls.env,
            login="t_savings_b_f2",
            groups="base.group_user,%ssavings_group_officer" % PREFIX,
            company_id=cls.commune_b1.id,
            company_ids=[(6, 0, cls.commune_b1.ids)],
        )
        cls.chairman_b_user = new_test_user(
            cls.env,
            login="t_chairman_b_f2",
            groups="base.group_user,%scommune_chairman" % PREFIX,
            company_id=cls.commune_b1.id,
            company_ids=[(6, 0, cls.commune_b1.ids)],
        )

    def _refused_by_default(self, model, user, field, target, vals=None):
        Wizard = self.env[model].with_user(user)
        with self.subTest(model=model, user=user.login):
            # The role may make the wizard: the refusal is the target's.
            self.assertTrue(Wizard.has_access("create"))
            with self.assertRaises(AccessError):
                Wizard.with_context(**{"default_%s" % field: target.id}).create(
                    dict(vals or {})
                )
            # Passed directly: the same refusal.
            with self.assertRaises(AccessError):
                Wizard.create({field: target.id, **(vals or {})})

    def test_a_wizard_default_on_another_agency_s_record_is_refused(self):
        loan = self._application()
        self.assertFalse(loan.with_user(self.vbsp_b_user).has_access("read"))
        for model in ("rehab.loan.repay", "rehab.loan.check", "rehab.loan.extend"):
            self._refused_by_default(model, self.vbsp_b_user, "loan_id", loan)
        self._refused_by_default(
            "rehab.loan.review", self.savings_b_user, "loan_id", loan
        )
        self._refused_by_default(
            "rehab.monthly.list.return",
            self.chairman_b_user,
            "list_id",
            self.record,
            {"reason": "x"},
        )
        self._refused_by_default(
            "rehab.referral.slip.revoke",
            self.chairman_b_user,
            "slip_id",
            self.slip,
            {"reason": "x"},
        )
        # The wizard's own user opens it on their record as before.
        wizard = (
            self.env["rehab.loan.check"]
            .with_user(self.vbsp_user)
            .with_context(default_loan_id=loan.id)
            .create({"checked_by": "bank", "finding": "as_planned"})
        )
        self.assertEqual(wizard.loan_id, loan)

    def _establishment(self):
        return self.env["rehab.establishment"].create(
            {
                "name": "HTX f2",
                "establishment_type": "cooperative",
                "company_id": self.commune_a1.id,
                "total_workers": 5,
            }
        )

    def test_a_worker_is_a_readable_person_of_the_province(self):
        establishment = self._establishment()
        Worker = self.env["rehab.establishment.worker"].with_user(self.police_user)
        person_a2 = self.Person.create(
            self.person_vals(self.commune_a2, citizen_id="020090907777")
        )
        for person in (self.person_b1, person_a2):
            with self.subTest(person=person.name):
                with self.assertRaisesRegex(ValidationError, "of its province"):
                    Worker.create(
                        {
                            "establishment_id": establishment.id,
                            "person_id": person.id,
                            "contract_number": "HĐ-1",
                        }
                    )
        worker = Worker.create(
            {
                "establishment_id": establishment.id,
                "person_id": self.person_a1.id,
                "contract_number": "HĐ-1",
            }
        )
        other = self._establishment()
        for vals in (
            {"person_id": self.person_b1.id},
            {"person_id": self.second_a1.id},
            {"establishment_id": other.id},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "fixed"):
                worker.write(vals)
        worker.write({"contract_number": "HĐ-2", "person_id": self.person_a1.id})
        self.assertEqual(worker.contract_number, "HĐ-2")

    def test_an_activity_stays_with_its_agency(self):
        activity = (
            self.env["rehab.support.activity"]
            .with_user(self.police_user)
            .create({"name": "Tuyên truyền", "activity_type": "communication"})
        )
        self.assertEqual(activity.company_id, self.commune_a1)
        for company in (self.env.ref("base.main_company"), self.commune_a2):
            with self.subTest(company=company.name):
                with self.assertRaisesRegex(UserError, "stays with the agency"):
                    activity.write({"company_id": company.id})
        self.assertEqual(activity.company_id, self.commune_a1)

    def test_a_task_is_assigned_within_the_plan_s_province(self):
        plan = self.env["rehab.plan"].create(
            {
                "name": "Kế hoạch xã A1",
                "company_id": self.commune_a1.id,
                "recipient_id": self.commune_a1.id,
                "task_ids": [
                    (0, 0, {"name": "Lập danh sách", "company_id": self.commune_a1.id})
                ],
            }
        )
        task = plan.task_ids.with_user(self.chairman_user)
        for company in (self.env.ref("base.main_company"), self.commune_b1):
            with self.subTest(company=company.name):
                with self.assertRaisesRegex(ValidationError, "of its province"):
                    task.write({"company_id": company.id})
        task.write({"company_id": self.office_a.id})
        self.assertEqual(task.company_id, self.office_a)
