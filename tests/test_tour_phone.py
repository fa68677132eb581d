from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPhoneTour(HttpCase):
    """The chairman confirms a list on a phone (375×667, touch).

    The tour is in static/tests/tours/post_rehab_credit_phone_tour.js.
    """

    browser_size = "375x667"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Company = cls.env["res.company"]
        province = Company.create(
            {
                "name": "Tỉnh Nà Phát (thử nghiệm)",
                "agency_type": "province_committee",
                "admin_code": "TP",
                "currency_id": cls.env.ref("base.VND").id,
            }
        )
        cls.commune = Company.create(
            {
                "name": "Xã Nà Phát",
                "agency_type": "commune",
                "parent_id": province.id,
                "admin_code": "TP01",
            }
        )
        home = cls.env.ref("post_rehab_credit.action_rehab_home")

        def user(login, name, group):
            return new_test_user(
                cls.env,
                login=login,
                password=login,
                name=name,
                groups="base.group_user,post_rehab_credit.%s" % group,
                company_id=cls.commune.id,
                company_ids=[(6, 0, cls.commune.ids)],
                lang="vi_VN",
                tz="Asia/Ho_Chi_Minh",
                action_id=home.id,
            )

        cls.police = user("phone_police", "Hà Văn Công", "group_commune_police")
        cls.chairman = user("phone_chairman", "Nông Văn Chủ", "group_commune_chairman")
        today = fields.Date.context_today(cls.police.with_user(cls.police))
        cls.person = cls.env["rehab.person"].create(
            {
                "name": "Lù Văn Điện",
                "citizen_id": "020093007788",
                "birth_date": "1993-07-07",
                "gender": "male",
                "company_id": cls.commune.id,
                "village": "Bản Nà Phát",
                "rehab_route": "voluntary",
                "rehab_facility": "Cơ sở cai nghiện ma túy tỉnh",
                "completion_date": today - relativedelta(months=8),
                "decision_number": "7/QĐ",
                "decision_date": today - relativedelta(months=7),
                "purpose": "production",
                "amount_needed": 30_000_000,
            }
        )
        cls.monthly_list = cls.env["rehab.monthly.list"]._create_lists(
            cls.commune, today.replace(day=1)
        )
        cls.monthly_list.with_user(cls.police).action_submit()

    def test_chairman_confirms_on_a_phone(self):
        self.assertEqual(self.monthly_list.line_ids.person_id, self.person)
        self.start_tour(
            "/odoo", "post_rehab_credit_phone_chairman_confirm", login="phone_chairman"
        )
        self.env.invalidate_all()
        self.assertEqual(self.monthly_list.state, "confirmed")
        self.assertEqual(self.monthly_list.confirmed_by_id, self.chairman)
        self.assertFalse(self.monthly_list.line_ids.filtered("excluded"))
        todos = self.env["mail.activity"].search(
            [
                ("res_model", "=", "rehab.monthly.list"),
                ("res_id", "=", self.monthly_list.id),
            ]
        )
        self.assertEqual(todos.user_id, self.police)
