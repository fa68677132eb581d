from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from .common import agency_today


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
        today = agency_today()
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


@tagged("post_install", "-at_install")
class TestPhoneLayouts(TransactionCase):
    """What a phone keeps in view, read from the views."""

    def arch(self, model, view_type):
        views = self.env[model].get_views([(False, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    def test_main_steps_have_their_phone_buttons(self):
        for model in ("rehab.monthly.list", "rehab.loan", "rehab.group.review"):
            with self.subTest(model=model):
                arch = self.arch(model, "form")
                main = {
                    button.get("name"): button.get("invisible")
                    for button in arch.xpath("//header/button")
                    if "btn-primary" in (button.get("class") or "")
                }
                phone = arch.xpath("//div[@name='phone_actions']")
                self.assertEqual(len(phone), 1)
                self.assertIn("d-md-none", phone[0].get("class"))
                twins = {
                    button.get("name"): button.get("invisible")
                    for button in phone[0].xpath("./button")
                }
                # Every main step, shown when the header shows it.
                for name, invisible in main.items():
                    self.assertEqual(twins.get(name), invisible, name)

    def test_loan_number_is_never_cut(self):
        name = self.arch("rehab.loan", "list").xpath("//field[@name='name']")[0]
        self.assertTrue(name.get("width"))
        self.assertIn("text-nowrap", name.get("class"))

    def test_confirm_wizard_shows_names_first(self):
        arch = self.arch("rehab.monthly.list.confirm", "form")
        lines = arch.xpath("//field[@name='line_ids']")[0]
        columns = [f.get("name") for f in lines.xpath("./list/field")]
        visible = [c for c in columns if c != "list_line_id"]
        self.assertEqual(visible[0], "person_name")
        card = lines.xpath("./kanban//t[@t-name='card']")[0]
        self.assertEqual(card.xpath(".//field")[0].get("name"), "person_name")
