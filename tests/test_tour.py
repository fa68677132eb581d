from odoo.tests import HttpCase, new_test_user, tagged

from .common import agency_today


@tagged("post_install", "-at_install")
class TestTour(HttpCase):
    def test_police_registers_a_person(self):
        province = self.env["res.company"].create(
            {"name": "Tỉnh thử nghiệm", "agency_type": "province_committee"}
        )
        commune = self.env["res.company"].create(
            {
                "name": "Xã thử nghiệm Châu Sơn",
                "agency_type": "commune",
                "parent_id": province.id,
            }
        )
        new_test_user(
            self.env,
            login="tour_police",
            password="tour_police_pw",
            groups="base.group_user,post_rehab_credit.group_commune_police",
            company_id=commune.id,
            company_ids=[(6, 0, commune.ids)],
            lang="vi_VN",
        )
        self.start_tour(
            "/odoo", "post_rehab_credit_register_person_tour", login="tour_police"
        )
        person = self.env["rehab.person"].search([("citizen_id", "=", "020090001234")])
        self.assertEqual(person.name, "Đinh Văn Tour")
        self.assertEqual(person.company_id, commune)
        self.assertFalse(person.is_eligible)
        self.assertIn(
            "rehab_not_completed",
            person._eligibility_on(agency_today())[person.id],
        )
