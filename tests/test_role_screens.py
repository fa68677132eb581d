import html
import json
import os
import re
from datetime import date

import polib
from lxml import etree

from odoo.tests import HttpCase, tagged

from ..models.res_users import ROLE_HOME

MODULE = "post_rehab_credit"
JS_MODULE = "@post_rehab_credit/../tests/tours/post_rehab_credit_role_screens"
PO_PATH = os.path.join(os.path.dirname(os.path.dirname(__file__)), "i18n", "vi.po")
# What separates the texts of one source string: placeholders, tags, lines.
TEXT_SEPARATORS = re.compile(r"%\(\w+\)[sdfr]|%[sdfr]|\{\w*\}|<[^>]*>|\n|\s{2,}")
TEXT_STRIP = " \t.,:;!?()[]\"'«»…-–—/*•"


def english_texts():
    """The addon's English texts that read differently in Vietnamese.

    Each source string of i18n/vi.po with a different translation, cut at
    its placeholders, tags and lines; only the pieces that mean something
    (two words or more, or one word of six letters or more), that are not
    numbers or codes and that no Vietnamese translation contains (proper
    nouns, abbreviations such as "PAR30" or "VBSP" in a Vietnamese label).
    """
    entries = [
        entry
        for entry in polib.pofile(PO_PATH)
        if entry.msgstr.strip() and entry.msgstr != entry.msgid
    ]
    vietnamese = "\n".join(entry.msgstr for entry in entries).lower()
    texts = set()
    for entry in entries:
        source = html.unescape(entry.msgid).replace("%%", "%")
        for part in TEXT_SEPARATORS.split(source):
            piece = " ".join(part.split()).strip(TEXT_STRIP)
            if not re.search(r"[A-Za-z]{2}", piece):
                continue
            if len(piece.split()) < 2 and len(piece) < 6:
                continue
            if piece.lower() in vietnamese:
                continue
            texts.add(piece)
    return sorted(texts)


@tagged("post_install", "-at_install")
class TestRoleScreens(HttpCase):
    """Each demo user, logged in, in the web client (headless Chromium).

    It lands on the screen of its role (res_users.ROLE_HOME), opens every
    menu of the programme it sees, each view, the search options and the
    first record with its chatter, without an error and without an English
    text of the addon; the commune police create a person and read in the
    chatter, in Vietnamese, that a person after drug rehabilitation was
    created. The steps are in
    static/tests/tours/post_rehab_credit_role_screens.js.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.english = english_texts()

    def _home(self, user):
        """The screen ROLE_HOME gives the user's widest role."""
        roles = [
            (xmlid, search_filter)
            for group, xmlid, search_filter in ROLE_HOME
            if user.has_group("%s.%s" % (MODULE, group))
        ]
        self.assertTrue(roles, "%s has no role of the programme" % user.login)
        xmlid, search_filter = roles[0]
        action = self.env.ref("%s.%s" % (MODULE, xmlid))
        home = {
            "action_id": action.id,
            "res_model": action.res_model,
            "view_type": action.view_mode.split(",")[0],
            "filter": False,
        }
        if search_filter:
            Model = self.env[action.res_model].with_user(user)
            views = Model.with_context(lang=user.lang).get_views(
                [(action.search_view_id.id, "search")]
            )
            arch = etree.fromstring(views["views"]["search"]["arch"])
            home["filter"] = arch.xpath(
                "//filter[@name=$name]/@string", name=search_filter
            )[0]
        return home

    def _menus(self, user):
        """The programme's menus with an action that the user's web client loads."""
        root = self.env.ref("%s.menu_root" % MODULE)
        menus = self.env["ir.ui.menu"].with_user(user).load_web_menus(debug=False)
        return sorted(
            menu["xmlid"]
            for key, menu in menus.items()
            if key != "root"
            and menu["appID"] == root.id
            and menu["id"] != root.id
            and menu["actionID"]
        )

    def _free_citizen_id(self, prefix):
        Person = self.env["rehab.person"].with_context(active_test=False)
        for serial in range(900000, 999999):
            citizen_id = "%s%06d" % (prefix, serial)
            if not Person.search_count([("citizen_id", "=", citizen_id)]):
                return citizen_id
        self.fail("no free citizen ID")

    def _check_role(self, xmlid, create_person=False):
        user = self.env.ref("%s.%s" % (MODULE, xmlid))
        self.assertEqual(user.lang, "vi_VN")
        params = {
            "login": user.login,
            "home": self._home(user),
            "menus": self._menus(user),
            "english": self.english,
            "create": False,
        }
        self.assertTrue(params["menus"])
        if create_person:
            description = (
                self.env["ir.model"]
                .with_context(lang="vi_VN")
                ._get("rehab.person")
                .name
            )
            self.assertNotEqual(description, "Person after drug rehabilitation")
            params["create"] = {
                "model": "rehab.person",
                "values": {
                    "name": "Triệu Văn Kiểm",
                    # Born in 1991, a man: 0 then 91 after the province code.
                    "citizen_id": self._free_citizen_id("020091"),
                    "birth_date": date(1991, 5, 5).isoformat(),
                    "gender": "male",
                    "village": "Bản Khòn Pát",
                },
                "message": "%s được tạo" % description,
            }
        self.browser_js(
            "/odoo",
            "odoo.loader.modules.get(%s).checkRoleScreens(%s)"
            % (json.dumps(JS_MODULE), json.dumps(params)),
            ready="odoo.isReady === true && !!odoo.loader.modules.get(%s)"
            % json.dumps(JS_MODULE),
            login=user.login,
            timeout=180,
        )
        if create_person:
            person = self.env["rehab.person"].search(
                [("citizen_id", "=", params["create"]["values"]["citizen_id"])]
            )
            self.assertEqual(person.create_uid, user)

    def test_programme_admin(self):
        self._check_role("user_programme_admin")

    def test_police_chau_son(self):
        self._check_role("user_police_chau_son", create_person=True)

    def test_chairman_chau_son(self):
        self._check_role("user_chairman_chau_son")

    def test_commune_officer_chau_son(self):
        self._check_role("user_officer_chau_son")

    def test_savings_group_officer_chau_son(self):
        self._check_role("user_savings_chau_son")

    def test_vbsp_officer_dinh_lap(self):
        self._check_role("user_vbsp_dinh_lap")

    def test_police_to_hieu(self):
        self._check_role("user_police_to_hieu")

    def test_vbsp_manager_son_la(self):
        self._check_role("user_vbsp_manager_son_la")

    def test_province_son_la(self):
        self._check_role("user_province_son_la")

    def test_department_son_la(self):
        self._check_role("user_department_son_la")
