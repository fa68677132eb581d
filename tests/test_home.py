from datetime import date

from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import PostRehabCreditCase
from .common_loan import LoanCase


@tagged("post_install", "-at_install")
class TestHomeAction(PostRehabCreditCase):
    """Each role starts on its own work."""

    def test_each_role_opens_on_its_work(self):
        expected = {
            self.police_user: ("rehab.person", None),
            # Lists and loan applications alike wait for the chairman.
            self.chairman_user: ("mail.activity", None),
            self.commune_officer_user: ("rehab.support.activity", None),
            self.savings_user: ("rehab.loan", None),
            self.vbsp_user: ("rehab.loan", None),
            self.vbsp_manager_user: ("rehab.capital.position", None),
            self.province_user: ("rehab.loan", None),
            self.department_user: ("rehab.report", None),
            self.admin_user: ("rehab.loan", None),
        }
        home = self.env.ref("post_rehab_credit.action_rehab_home")
        self.assertEqual(self.env.ref("post_rehab_credit.menu_root").action, home)
        for user, (model, search_filter) in expected.items():
            with self.subTest(user=user.login):
                action = home.with_user(user).run()
                self.assertEqual(action["res_model"], model)
                if search_filter:
                    self.assertIn(search_filter, action["context"])
        # The province starts on its analysis, the bank on its loans to work.
        province = home.with_user(self.province_user).run()
        self.assertTrue(province["view_mode"].startswith("pivot"))


@tagged("post_install", "-at_install")
class TestChairmanLanding(LoanCase):
    """The chairman lands on everything waiting for him, lists and loans."""

    def test_lists_and_loans_to_confirm_on_the_landing(self):
        waiting = self.List.create(
            {"company_id": self.commune_a1.id, "month_date": "2027-01-01"}
        )
        waiting.action_fill()
        waiting.with_user(self.police_user).action_submit()
        loan = self._application()
        self._wizard(
            "rehab.loan.review",
            loan,
            self.savings_user,
            meeting_date=date(2026, 5, 20),
            members_present=4,
            note="Cả tổ nhất trí",
        ).action_record()
        home = self.env.ref("post_rehab_credit.action_rehab_home")
        action = home.with_user(self.chairman_user).run()
        self.assertEqual(action["res_model"], "mail.activity")
        domain = safe_eval(action["domain"], {"uid": self.chairman_user.id})
        todos = self.env["mail.activity"].with_user(self.chairman_user).search(domain)
        self.assertEqual(
            {(t.res_model, t.res_id) for t in todos},
            {("rehab.monthly.list", waiting.id), ("rehab.loan", loan.id)},
        )
        # A row opens its record.
        opened = {
            (o["res_model"], o["res_id"])
            for o in (todo.action_open_document() for todo in todos)
        }
        self.assertEqual(
            opened, {("rehab.monthly.list", waiting.id), ("rehab.loan", loan.id)}
        )
        # Once confirmed, nothing waits; the empty screen says so, not that
        # there is no list yet.
        Form(
            self.env["rehab.monthly.list.confirm"]
            .with_user(self.chairman_user)
            .with_context(default_list_id=waiting.id)
        ).save().action_confirm()
        loan.with_user(self.chairman_user).action_confirm_commune()
        self.assertFalse(
            self.env["mail.activity"].with_user(self.chairman_user).search(domain)
        )
        self.assertIn("Nothing is waiting for you", action["help"])
        self.assertNotIn("yet", action["help"].split("</p>")[0])
        lists = self.env.ref("post_rehab_credit.rehab_monthly_list_action")
        self.assertIn("No monthly list yet", lists.help)
