import os

import polib

from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.translate import TranslationModuleReader


@tagged("post_install", "-at_install")
class TestVietnamese(TransactionCase):
    def test_every_string_has_a_vietnamese_translation(self):
        path = os.path.join(os.path.dirname(os.path.dirname(__file__)), "i18n", "vi.po")
        translated = {e.msgid for e in polib.pofile(path) if e.msgstr.strip()}
        reader = TranslationModuleReader(self.env.cr, modules=["post_rehab_credit"])
        sources = {row[4] for row in reader if row[0] == "post_rehab_credit"}
        self.assertTrue(sources)
        self.assertEqual(sources - translated, set())

    def test_the_programme_speaks_vietnamese(self):
        menu = self.env.ref("post_rehab_credit.menu_root").with_context(lang="vi_VN")
        self.assertEqual(menu.name, "Tín dụng sau cai nghiện")
        selection = dict(
            self.env["res.company"]
            .with_context(lang="vi_VN")
            ._fields["agency_type"]
            ._description_selection(self.env(context={"lang": "vi_VN"}))
        )
        self.assertEqual(selection["commune"], "UBND xã/phường")

    def test_vnd_has_no_decimals_and_dates_are_day_first(self):
        vnd = self.env.ref("base.VND")
        self.assertTrue(vnd.active)
        self.assertEqual(vnd.decimal_places, 0)
        lang = self.env["res.lang"]._lang_get("vi_VN")
        self.assertEqual(lang.date_format, "%d/%m/%Y")

    def test_a_chatter_written_without_a_language_speaks_the_users(self):
        """Records made while the addon is installed have no language in their
        context: their chatter says «Người sau cai nghiện ma túy được tạo»
        and «Sản xuất, kinh doanh → Học nghề», in the user's language, not
        «Person after drug rehabilitation được tạo» or «Production…»."""
        Company = self.env["res.company"]
        province = Company.create(
            {"name": "Tỉnh Ngôn Ngữ", "agency_type": "province_committee"}
        )
        commune = Company.create(
            {"name": "Xã Ngôn Ngữ", "agency_type": "commune", "parent_id": province.id}
        )
        user = new_test_user(
            self.env,
            login="t_vi_police",
            lang="vi_VN",
            groups="base.group_user,post_rehab_credit.group_commune_police",
            company_id=commune.id,
            company_ids=[(6, 0, commune.ids)],
        )
        Person = self.env["rehab.person"].with_user(user).with_context(lang=None)
        self.assertFalse(Person.env.lang)
        person = Person.create(
            {
                "name": "Đinh Văn Ngữ",
                "citizen_id": "020090001357",
                "birth_date": "1990-03-15",
                "gender": "male",
                "village": "Bản Ngữ",
                "purpose": "production",
            }
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        person.write({"purpose": "training"})
        self.env.flush_all()
        self.env.cr.precommit.run()
        messages = person.sudo().message_ids
        self.assertIn(
            "Người sau cai nghiện ma túy được tạo", messages.mapped("body")[-1]
        )
        purpose = messages.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "purpose"
        )
        self.assertEqual(
            (purpose.old_value_char, purpose.new_value_char),
            ("Sản xuất, kinh doanh", "Học nghề"),
        )
