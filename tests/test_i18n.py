import os

import polib

from odoo.tests import TransactionCase, tagged
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
