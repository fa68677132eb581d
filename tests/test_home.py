from odoo.tests import tagged

from .common import PostRehabCreditCase


@tagged("post_install", "-at_install")
class TestHomeAction(PostRehabCreditCase):
    """Each role starts on its own work."""

    def test_each_role_opens_on_its_work(self):
        expected = {
            self.police_user: ("rehab.person", None),
            self.chairman_user: (
                "rehab.monthly.list",
                "search_default_filter_to_confirm",
            ),
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
