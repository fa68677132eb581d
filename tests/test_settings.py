# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging
from datetime import timedelta

from psycopg2.extensions import AsIs

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..tools.rehab_rules import DEFAULT_PARAMS, params_from_env
from .common import PREFIX, PostRehabCreditCase, set_rule

# Levels by number: Odoo names its level 25 "INFO" too.
LOGGER = "odoo.addons.post_rehab_credit.models.rehab_settings"
LEGAL = "TEST/2026"
DAY = "The monthly list is due on a day between 1 and 28."
CEILINGS = "Ceilings, the training amount, the term and the extension must be"
# Values refused, and the words of the refusal.
BAD = [
    ("rehab_list_deadline_day", 0, DAY),
    ("rehab_list_deadline_day", 29, DAY),
    ("rehab_individual_ceiling", -1, CEILINGS),
    ("rehab_individual_ceiling", 0, CEILINGS),
    ("rehab_establishment_ceiling", -2_000_000_000, CEILINGS),
    ("rehab_per_worker_ceiling", -1, CEILINGS),
    ("rehab_training_amount_per_month", 0, CEILINGS),
    ("rehab_max_term_months", 0, CEILINGS),
    ("rehab_max_extension_months", -1, CEILINGS),
    ("rehab_slip_validity_days", 0, "between 1 and 3650 days"),
    ("rehab_slip_validity_days", 3651, "between 1 and 3650 days"),
    ("rehab_min_age", 0, "minimum age must be between 1 and 100"),
    ("rehab_min_age", 101, "minimum age must be between 1 and 100"),
    ("rehab_window_years", 0, "management decision must be between 1 and 100"),
    ("rehab_window_years", 101, "management decision must be between 1 and 100"),
    ("rehab_closing_soon_days", -1, "warning days must be between 0 and 3650"),
    ("rehab_closing_soon_days", 3651, "warning days must be between 0 and 3650"),
    ("rehab_establishment_min_share", 0, "between 0 and 100 %"),
    ("rehab_establishment_min_share", 100.01, "between 0 and 100 %"),
]
# The extremes accepted, field by field.
BOUNDARIES = {
    "rehab_list_deadline_day": (1, 28),
    "rehab_slip_validity_days": (1, 3650),
    "rehab_min_age": (1, 100),
    "rehab_window_years": (1, 100),
    "rehab_closing_soon_days": (0, 3650),
    "rehab_establishment_min_share": (0.01, 100.0),
    "rehab_per_worker_ceiling": (0, 1),
    "rehab_individual_ceiling": (1, 2_000_000_000),
    "rehab_establishment_ceiling": (1, 2_000_000_000),
    "rehab_training_amount_per_month": (1, 100_000_000),
    "rehab_max_term_months": (1, 600),
    "rehab_max_extension_months": (1, 600),
}


class SettingsCase(PostRehabCreditCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The demo programme administrator when the demo is loaded.
        cls.quantri = cls.env.ref(
            "post_rehab_credit.user_programme_admin", raise_if_not_found=False
        ) or new_test_user(
            cls.env,
            login="t_quantri",
            groups="base.group_user,%snational_admin" % PREFIX,
            company_id=cls.province_a.id,
        )
        # The province the form opens on for quantri: their first.
        cls.quantri_province = cls.quantri.company_ids.province_id[:1]
        # The Odoo administrator, who holds no role of the programme.
        cls.system_user = new_test_user(
            cls.env,
            login="t_system_settings",
            groups="base.group_user,base.group_system",
            company_id=cls.province_a.id,
        )
        cls.other_roles = (
            cls.police_user,
            cls.chairman_user,
            cls.commune_officer_user,
            cls.savings_user,
            cls.vbsp_user,
            cls.vbsp_manager_user,
            cls.province_user,
            cls.department_user,
        )

    def stored(self):
        """Every rule version, as stored."""
        return (
            self.env["rehab.rule.value"]
            .sudo()
            .search_read([], ["key", "province_id", "value", "date_from"], order="id")
        )

    def params(self, province=None, day=None):
        return params_from_env(
            self.env, day=day, province=province or self.quantri_province
        )


@tagged("post_install", "-at_install")
class TestSettings(SettingsCase):
    def test_quantri_opens_changes_and_saves(self):
        set_rule(self.env, "min_age", 14)
        form = Form(self.env["rehab.settings"].with_user(self.quantri))
        # The form opens on the values in force today for quantri's province.
        self.assertEqual(form.rule_province_id, self.quantri_province)
        self.assertEqual(form.rehab_min_age, 14)
        default_day = DEFAULT_PARAMS["list_deadline_day"]
        self.assertEqual(form.rehab_list_deadline_day, default_day)
        form.rehab_list_deadline_day = 7
        form.rehab_individual_ceiling = 150_000_000
        form.rehab_establishment_min_share = 12.5
        form.rehab_per_worker_ceiling = 0
        form.rule_legal_number = LEGAL
        with self.assertLogs(LOGGER, logging.INFO) as logs:
            action = form.save().execute()
        self.assertEqual(action["params"]["type"], "success")
        params = self.params()
        self.assertEqual(params["list_deadline_day"], 7)
        self.assertEqual(params["individual_ceiling"], 150_000_000)
        self.assertEqual(params["establishment_min_share"], 12.5)
        self.assertEqual(params["min_age"], 14)
        # The province's rule, for that province only; a national one for all.
        self.assertEqual(self.params(self.province_b)["list_deadline_day"], default_day)
        self.assertEqual(
            self.params(self.province_b)["individual_ceiling"], 150_000_000
        )
        # Who changed what, old to new; nothing about the user but the id.
        (line,) = logs.output
        self.assertIn("user #%s" % self.quantri.id, line)
        self.assertIn("individual_ceiling 200000000 → 150000000", line)
        self.assertIn("establishment_min_share 10.0 → 12.5", line)
        self.assertNotIn("min_age", line)
        self.assertNotIn(self.quantri.name, line)
        self.assertNotIn(self.quantri.login, line)
        # The versions carry the real author and the legal text.
        version = self.env["rehab.rule.value"].search(
            [
                ("key", "=", "list_deadline_day"),
                ("province_id", "=", self.quantri_province.id),
            ],
            limit=1,
        )
        self.assertEqual(version.entered_by_id, self.quantri)
        self.assertEqual(version.legal_number, LEGAL)
        self.assertEqual(version.date_from, version._rehab_today())
        # Opened again, the form shows what was saved; saved unchanged, it
        # writes and logs nothing.
        form = Form(self.env["rehab.settings"].with_user(self.quantri))
        self.assertEqual(form.rehab_list_deadline_day, 7)
        self.assertEqual(form.rehab_establishment_min_share, 12.5)
        before = self.stored()
        with self.assertNoLogs(LOGGER, logging.INFO):
            action = form.save().execute()
        self.assertEqual(action["params"]["message"], "No setting was changed.")
        self.assertEqual(self.stored(), before)

    def test_the_rules_follow_the_settings(self):
        settings = self.env["rehab.settings"].with_user(self.quantri).create({})
        settings.rehab_slip_validity_days = 30
        settings.rule_legal_number = LEGAL
        settings.execute()
        self.assertEqual(self.params()["slip_validity_days"], 30)

    def test_the_values_compared_are_those_of_the_effective_date(self):
        """A value to come is shown on its day; saved unchanged, nothing is
        written; today's value is not touched by a change to come."""
        Version = self.env["rehab.rule.value"]
        later = Version._rehab_today() + timedelta(days=40)
        set_rule(self.env, "max_term_months", 60, day=later)
        form = Form(self.env["rehab.settings"].with_user(self.quantri))
        self.assertEqual(form.rehab_max_term_months, 120)
        form.rule_date_from = later
        self.assertEqual(form.rehab_max_term_months, 60)
        before = self.stored()
        action = form.save().execute()
        self.assertEqual(action["params"]["message"], "No setting was changed.")
        self.assertEqual(self.stored(), before)
        # Changed again for that day: the version to come takes the value.
        form = Form(
            self.env["rehab.settings"]
            .with_user(self.quantri)
            .with_context(default_rule_date_from=later)
        )
        form.rehab_max_term_months = 48
        form.rule_legal_number = LEGAL
        form.save().execute()
        self.assertEqual(self.params(day=later)["max_term_months"], 48)
        self.assertEqual(self.params()["max_term_months"], 120)
        self.assertEqual(len(self.stored()), len(before))

    def test_bad_values_are_refused_and_change_nothing(self):
        before = self.stored()
        for fname, value, message in BAD:
            with self.subTest(field=fname, value=value):
                form = Form(self.env["rehab.settings"].with_user(self.quantri))
                form.rehab_min_age = 15  # a good change beside the bad one
                form.rule_legal_number = LEGAL
                setattr(form, fname, value)
                with (
                    self.assertRaisesRegex(ValidationError, message),
                    self.env.cr.savepoint(),
                ):
                    form.save().execute()
        self.assertEqual(self.stored(), before)
        vi_env = self.env(context=dict(self.env.context, lang="vi_VN"))
        with self.assertRaisesRegex(ValidationError, "từ 1 đến 28"):
            vi_env["rehab.settings"].with_user(self.quantri).create(
                {"rehab_list_deadline_day": 29}
            )

    def test_large_values_get_a_clear_refusal_and_large_ceilings_save(self):
        """An integer past the database's integer is refused in words; a
        ceiling in đồng may pass 2.1 billion."""
        Settings = self.env["rehab.settings"].with_user(self.quantri)
        for fname in ("rehab_min_age", "rehab_max_term_months"):
            with self.subTest(field=fname):
                with (
                    self.assertRaisesRegex(ValidationError, "is too large"),
                    self.env.cr.savepoint(),
                ):
                    Settings.create({fname: 3_000_000_000})
        settings = Settings.create(
            {"rehab_establishment_ceiling": 3_000_000_000, "rule_legal_number": LEGAL}
        )
        settings.execute()
        params = params_from_env(self.env)
        self.assertEqual(params["establishment_ceiling"], 3_000_000_000)
        self.assertIsInstance(params["establishment_ceiling"], int)

    def test_save_checks_every_value_before_writing(self):
        """A record that holds a bad value (here forced in the database)
        writes nothing, not even its good values."""
        settings = (
            self.env["rehab.settings"]
            .with_user(self.quantri)
            .create({"rehab_min_age": 15, "rehab_list_deadline_day": 10})
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE %s SET rehab_list_deadline_day = 29 WHERE id = %%s"
            % AsIs(settings._table),
            [settings.id],
        )
        self.env.invalidate_all()
        before = self.stored()
        with self.assertRaisesRegex(ValidationError, DAY):
            settings.execute()
        self.assertEqual(self.stored(), before)

    def test_boundaries_are_accepted(self):
        """Each extreme saved from its own later day (a value from today is
        in force, and a value in force does not change)."""
        day = self.env["rehab.rule.value"]._rehab_today()
        for fname, values in BOUNDARIES.items():
            for value in values:
                day += timedelta(days=1)
                with self.subTest(field=fname, value=value):
                    form = Form(
                        self.env["rehab.settings"]
                        .with_user(self.quantri)
                        .with_context(default_rule_date_from=day)
                    )
                    setattr(form, fname, value)
                    form.rule_legal_number = LEGAL
                    form.save().execute()
                    key = fname.removeprefix("rehab_")
                    self.assertEqual(self.params(day=day)[key], value)

    def test_other_roles_neither_open_create_nor_save(self):
        admin_settings = (
            self.env["rehab.settings"]
            .with_user(self.quantri)
            .create({"rehab_list_deadline_day": 9})
        )
        before = self.stored()
        for user in self.other_roles:
            with self.subTest(user=user.login):
                Settings = self.env["rehab.settings"].with_user(user)
                with self.assertRaises(AccessError), mute_logger("odoo.models"):
                    Settings.create({"rehab_list_deadline_day": 9})
                with self.assertRaises(AccessError), mute_logger("odoo.models"):
                    Settings.default_get(["rehab_list_deadline_day"])
                with self.assertRaises(AccessError), mute_logger("odoo.models"):
                    admin_settings.with_user(user).execute()
        self.assertEqual(self.stored(), before)

    def test_save_refuses_a_user_without_the_role(self):
        """The check of ``execute`` itself, whatever the access rights."""
        settings = self.env["rehab.settings"].sudo().create({"rehab_min_age": 15})
        for lang, message in (
            ("en_US", "Only the programme administrator can change"),
            ("vi_VN", "Chỉ quản trị chương trình"),
        ):
            with self.subTest(lang=lang):
                env = self.env(
                    user=self.police_user,
                    context=dict(self.env.context, lang=lang),
                )
                with self.assertRaisesRegex(AccessError, message):
                    settings.with_env(env).execute()
        self.assertFalse(
            self.env["rehab.rule.value"].search(
                [("key", "=", "min_age"), ("value", "=", 15)]
            )
        )

    def test_the_odoo_administrator_saves_too(self):
        form = Form(self.env["rehab.settings"].with_user(self.system_user))
        form.rehab_window_years = 8
        form.rule_legal_number = LEGAL
        form.save().execute()
        self.assertEqual(params_from_env(self.env)["window_years"], 8)

    def test_the_menu_and_the_settings_app_lead_to_the_screen(self):
        menu = self.env.ref("post_rehab_credit.rehab_settings_menu")
        action = self.env.ref("post_rehab_credit.rehab_settings_action")
        self.assertEqual(menu.action, action)
        self.assertEqual(action.res_model, "rehab.settings")
        Menu = self.env["ir.ui.menu"]
        for user in (self.quantri, self.admin_user, self.system_user):
            with self.subTest(user=user.login):
                self.assertIn(menu.id, Menu.with_user(user)._visible_menu_ids())
                views = (
                    self.env["rehab.settings"]
                    .with_user(user)
                    .get_views([(False, "form")])
                )
                self.assertIn("rehab_list_deadline_day", views["views"]["form"]["arch"])
        for user in self.other_roles:
            with self.subTest(user=user.login):
                self.assertNotIn(menu.id, Menu.with_user(user)._visible_menu_ids())
        # Odoo's Settings show the way to it; they hold no value of their own.
        arch = (
            self.env["res.config.settings"]
            .with_user(self.system_user)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn('name="%s"' % action.id, arch)
        config_fields = self.env["res.config.settings"]._fields
        self.assertFalse([f for f in config_fields if f.startswith("rehab_")])
        # Vietnamese labels.
        self.assertEqual(menu.with_context(lang="vi_VN").name, "Cài đặt")


@tagged("post_install", "-at_install")
class TestSettingsOverRpc(HttpCase, SettingsCase):
    """Over JSON-RPC, as the web client or any script calls the server."""

    def rpc(self, user, method, *args, **kwargs):
        """(result, error) of rehab.settings.``method`` called as ``user``."""
        self.authenticate(user.login, user.login)
        kwargs.setdefault("context", {"lang": "en_US"})
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": "rehab.settings",
                "method": method,
                "args": list(args),
                "kwargs": kwargs,
            },
        }
        response = self.url_open(
            "/web/dataset/call_kw/rehab.settings/%s" % method,
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        )
        body = response.json()
        error = body.get("error")
        return body.get("result"), error and error["data"]

    def test_only_the_administrators_save_over_rpc(self):
        # new_test_user's password is the login.
        # A national rule: the national administrator's.
        admin = self.national_admin_user
        (settings_id,), error = self.rpc(
            admin,
            "create",
            [{"rehab_max_term_months": 60, "rule_legal_number": LEGAL}],
        )
        self.assertFalse(error)
        before = self.stored()
        police = self.police_user
        with mute_logger("odoo.http"):
            result, error = self.rpc(police, "create", [{"rehab_max_term_months": 1}])
            self.assertEqual(error["name"], "odoo.exceptions.AccessError")
            result, error = self.rpc(police, "execute", [settings_id])
            self.assertEqual(error["name"], "odoo.exceptions.AccessError")
            # Whatever the context says.
            result, error = self.rpc(
                police, "execute", [settings_id], context={"su": True, "uid": 1}
            )
            self.assertEqual(error["name"], "odoo.exceptions.AccessError")
        self.assertEqual(self.stored(), before)
        result, error = self.rpc(admin, "execute", [settings_id])
        self.assertFalse(error)
        self.assertEqual(params_from_env(self.env)["max_term_months"], 60)

    def test_quantri_saves_in_the_browser(self):
        user = new_test_user(
            self.env,
            login="tour_quantri",
            password="tour_quantri_pw",
            groups="base.group_user,%sprogramme_admin" % PREFIX,
            company_id=self.province_a.id,
            lang="vi_VN",
        )
        self.start_tour("/odoo", "post_rehab_credit_settings_tour", login=user.login)
        params = params_from_env(self.env, province=self.province_a)
        self.assertEqual(params["list_deadline_day"], 7)
        version = self.env["rehab.rule.value"].search(
            [
                ("key", "=", "list_deadline_day"),
                ("province_id", "=", self.province_a.id),
            ]
        )
        self.assertEqual(version.entered_by_id, user)
