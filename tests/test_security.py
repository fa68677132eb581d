from odoo.tests import tagged

from .common import PostRehabCreditCase


@tagged("post_install", "-at_install")
class TestAgencyVisibility(PostRehabCreditCase):
    def _visible_agencies(self, user):
        Company = self.env["res.company"].with_user(user)
        # As the user works: only their default company ticked in the switcher.
        Company = Company.with_context(allowed_company_ids=[user.company_id.id])
        return Company.search([("agency_type", "!=", False)])

    def test_commune_roles_see_only_their_commune(self):
        for user in (
            self.police_user,
            self.chairman_user,
            self.commune_officer_user,
            self.savings_user,
        ):
            self.assertEqual(self._visible_agencies(user), self.commune_a1, user.login)
        self.assertEqual(self._visible_agencies(self.police_b_user), self.commune_b1)

    def test_province_roles_see_their_whole_province(self):
        province_a = self.env["res.company"].search(
            [("province_id", "=", self.province_a.id)]
        )
        self.assertIn(self.commune_a3, province_a)
        for user in (self.province_user, self.department_user, self.vbsp_manager_user):
            visible = self._visible_agencies(user)
            self.assertEqual(visible, province_a, user.login)
            self.assertNotIn(self.commune_b1, visible)

    def test_office_sees_the_communes_it_serves(self):
        self.assertEqual(
            self._visible_agencies(self.vbsp_user),
            self.office_a | self.commune_a1 | self.commune_a2,
        )

    def test_admin_sees_both_provinces(self):
        visible = self._visible_agencies(self.admin_user)
        self.assertIn(self.commune_a1, visible)
        self.assertIn(self.commune_b1, visible)
