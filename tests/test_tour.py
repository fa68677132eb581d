from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTour(HttpCase):
    def test_police_opens_the_programme_menu(self):
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
        self.start_tour("/odoo", "post_rehab_credit_menu_tour", login="tour_police")
