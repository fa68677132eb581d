# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The settings of the dated rules: who changes which rules (a province's
administrator their province's, the national administrator the national
rules and the defaults), from which day, on which legal text; what a change
recomputes; the lending rates."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..tools.rehab_rules import params_from_env
from ..tools.roles import NATIONAL_ADMIN
from .common import PREFIX, JsonRpcMixin, RegistryCase, set_rule

LEGAL = "15/QĐ-UBND"
DAY = date(2026, 9, 1)


class RuleSettingsCase(RegistryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # An administrator of province B only.
        cls.admin_b = new_test_user(
            cls.env,
            login="t_admin_b_only",
            groups="base.group_user,%sprogramme_admin" % PREFIX,
            company_id=cls.province_b.id,
            company_ids=[(6, 0, cls.province_b.ids)],
        )
        cls.Version = cls.env["rehab.rule.value"]

    def versions(self):
        return self.Version.sudo().search_read(
            [], ["key", "province_id", "value", "date_from"], order="id"
        )

    def form(self, user, **context):
        return Form(self.env["rehab.settings"].with_user(user).with_context(**context))

    def today(self):
        return self.Version._rehab_today()


@tagged("post_install", "-at_install")
class TestRuleSettings(RuleSettingsCase):
    def test_a_province_administrator_works_on_their_province(self):
        form = self.form(self.admin_b)
        # The values in force today for their province.
        self.assertEqual(form.rule_province_id, self.province_b)
        self.assertFalse(form.rule_may_change_national)
        form.rehab_list_deadline_day = 9
        form.rule_legal_number = LEGAL
        form.rule_legal_article = "Điều 2"
        form.save().execute()
        self.assertEqual(
            params_from_env(self.env, province=self.province_b)["list_deadline_day"], 9
        )
        self.assertNotEqual(
            params_from_env(self.env, province=self.province_a)["list_deadline_day"], 9
        )
        version = self.Version.search(
            [
                ("key", "=", "list_deadline_day"),
                ("province_id", "=", self.province_b.id),
            ]
        )
        self.assertEqual(version.entered_by_id, self.admin_b)
        self.assertEqual(version.legal_article, "Điều 2")
        self.assertEqual(version.legal_date, self.today())
        # Another province, or the programme's defaults: refused on the
        # server, when the form opens, when the province changes, at saving.
        before = self.versions()
        Settings = self.env["rehab.settings"].with_user(self.admin_b)
        for province in (self.province_a, self.env["res.company"]):
            with self.subTest(province=province.name):
                with self.assertRaises(AccessError):
                    self.form(self.admin_b, default_rule_province_id=province.id)
                form = self.form(self.admin_b)
                with self.assertRaises(AccessError):
                    form.rule_province_id = province
                with self.assertRaises(AccessError):
                    Settings.create({"rule_province_id": province.id})
                # A record of theirs moved to that province behind the form.
                settings = Settings.create(
                    {"rehab_list_deadline_day": 11, "rule_legal_number": LEGAL}
                )
                settings.sudo().write({"rule_province_id": province.id})
                with self.assertRaisesRegex(AccessError, "administer|national"):
                    settings.execute()
        self.assertEqual(self.versions(), before)

    def test_a_national_rule_by_a_province_administrator_saves_nothing(self):
        before = self.versions()
        # The national rules are read-only on their screen; sent anyway:
        settings = (
            self.env["rehab.settings"]
            .with_user(self.admin_b)
            .create(
                {
                    "rehab_list_deadline_day": 9,  # their province's: allowed alone
                    "rehab_min_age": 20,  # national
                    "rule_legal_number": LEGAL,
                }
            )
        )
        with self.assertRaisesRegex(AccessError, "Minimum age.*Nothing was saved"):
            settings.execute()
        self.assertEqual(self.versions(), before)
        # In Vietnamese.
        vi = settings.with_context(lang="vi_VN")
        with self.assertRaisesRegex(AccessError, "quản trị chương trình toàn quốc"):
            vi.execute()
        self.assertEqual(self.versions(), before)

    def test_the_national_administrator_changes_national_rules_and_defaults(self):
        form = self.form(self.national_admin_user, default_rule_province_id=False)
        self.assertFalse(form.rule_province_id)
        self.assertTrue(form.rule_may_change_national)
        form.rehab_min_age = 20
        form.rehab_list_deadline_day = 12
        form.rule_legal_number = LEGAL
        form.save().execute()
        self.assertEqual(
            params_from_env(self.env, province=self.province_b)["min_age"], 20
        )
        # The programme's default: every province without its own value.
        for province in (self.province_a, self.province_b):
            self.assertEqual(
                params_from_env(self.env, province=province)["list_deadline_day"], 12
            )
        versions = self.Version.search(
            [
                ("key", "in", ("min_age", "list_deadline_day")),
                ("entered_by_id", "=", self.national_admin_user.id),
            ]
        )
        self.assertEqual(len(versions), 2)
        self.assertFalse(versions.province_id)
        self.assertEqual(set(versions.mapped("scope")), {"national", "province"})
        # Any province too.
        form = self.form(self.national_admin_user)
        form.rule_province_id = self.province_b
        form.rehab_list_deadline_day = 14
        form.rule_legal_number = LEGAL
        form.save().execute()
        self.assertEqual(
            params_from_env(self.env, province=self.province_b)["list_deadline_day"], 14
        )
        self.assertEqual(
            params_from_env(self.env, province=self.province_a)["list_deadline_day"], 12
        )

    def test_the_day_and_the_legal_text(self):
        today = self.today()
        before = self.versions()
        cases = [
            (
                {"rule_date_from": today - timedelta(days=1)},
                "from today or a later day",
            ),
            ({"rule_legal_number": "  "}, "Give the legal text"),
            ({"rule_legal_date": today + timedelta(days=1)}, "today or an earlier day"),
        ]
        for values, message in cases:
            with self.subTest(values=values):
                form = self.form(self.admin_b)
                form.rule_legal_number = LEGAL
                for name, value in values.items():
                    setattr(form, name, value)
                form.rehab_slip_validity_days = 20
                with self.assertRaisesRegex(ValidationError, message):
                    form.save().execute()
        self.assertEqual(self.versions(), before)
        # Today and the legal text of today: accepted.
        form = self.form(self.admin_b)
        form.rule_date_from = today
        form.rule_legal_date = today
        form.rule_legal_number = LEGAL
        form.rehab_slip_validity_days = 20
        form.save().execute()
        self.assertEqual(
            params_from_env(self.env, province=self.province_b)["slip_validity_days"],
            20,
        )
        # Changed again from today: the value in force does not change.
        form = self.form(self.admin_b)
        form.rule_legal_number = LEGAL
        form.rehab_slip_validity_days = 25
        with self.assertRaisesRegex(ValidationError, "already has a value from"):
            form.save().execute()

    def test_a_rule_from_a_later_day_leaves_today_untouched(self):
        person = self.person_a1  # born on 12 April 1990: 36 in 2026
        set_rule(self.env, "min_age", 30)
        with freeze_time(DAY):
            self.env["rehab.person"]._cron_refresh_eligibility()
            self.assertTrue(person.is_eligible)
            form = self.form(self.national_admin_user)
            form.rule_date_from = DAY + timedelta(days=30)
            form.rehab_min_age = 40
            form.rule_legal_number = LEGAL
            action = form.save().execute()
            self.assertEqual(
                action["params"]["message"],
                "The programme settings are saved. The changes apply from "
                "01/10/2026: nothing changes before that day.",
            )
            person.invalidate_recordset()
            self.assertTrue(person.is_eligible)
            self.assertEqual(params_from_env(self.env)["min_age"], 30)
        with freeze_time(DAY + timedelta(days=29)):
            self.env["rehab.person"]._cron_refresh_eligibility()
            person.invalidate_recordset()
            self.assertTrue(person.is_eligible)
        with freeze_time(DAY + timedelta(days=30)):
            self.env["rehab.person"]._cron_refresh_eligibility()
            person.invalidate_recordset()
            self.assertFalse(person.is_eligible)
            self.assertIn("40", person.eligibility_reasons)

    def test_a_rule_from_today_recomputes_and_counts_the_people(self):
        set_rule(self.env, "min_age", 30)
        Person = self.env["rehab.person"].sudo().with_context(active_test=False)
        with freeze_time(DAY):
            Person._cron_refresh_eligibility()
            eligible = set(Person.search([("is_eligible", "=", True)]).ids)
            self.assertIn(self.person_a1.id, eligible)
            form = self.form(self.national_admin_user)
            form.rehab_min_age = 40
            form.rule_legal_number = LEGAL
            settings = form.save()
            action = settings.execute()
            Person.invalidate_model()
            now_eligible = set(Person.search([("is_eligible", "=", True)]).ids)
            changed = eligible ^ now_eligible
            self.assertIn(self.person_a1.id, changed)
            self.assertEqual(
                action["params"]["message"],
                "The programme settings are saved. %s people change their "
                "eligibility to borrow." % len(changed),
            )
            # In Vietnamese, saved back.
            form = Form(
                self.env["rehab.settings"]
                .with_user(self.national_admin_user)
                .with_context(
                    lang="vi_VN", default_rule_date_from=DAY + timedelta(days=1)
                )
            )
            form.rehab_min_age = 30
            form.rule_legal_number = LEGAL
            form.save().execute()
        with freeze_time(DAY + timedelta(days=1)):
            form = Form(
                self.env["rehab.settings"]
                .with_user(self.national_admin_user)
                .with_context(lang="vi_VN")
            )
            form.rehab_window_years = 9
            form.rule_legal_number = LEGAL
            action = form.save().execute()
            self.assertRegex(action["params"]["message"], r"\d+ người thay đổi")

    def test_a_version_in_force_never_changes(self):
        national = self.national_admin_user
        in_force = self.Version.search(
            [("key", "=", "min_age"), ("date_from", "<=", self.today())], limit=1
        )
        self.assertTrue(in_force)
        with self.assertRaisesRegex(UserError, "does not change"):
            in_force.with_user(national).write({"value": 20})
        with self.assertRaisesRegex(UserError, "never deleted"):
            in_force.with_user(national).unlink()
        # A value to come changes, and is deleted, by its author's rights.
        later = self.Version.with_user(self.admin_b).create(
            {
                "key": "slip_validity_days",
                "province_id": self.province_b.id,
                "value": 20,
                "date_from": self.today() + timedelta(days=5),
                "legal_number": LEGAL,
                "legal_date": self.today(),
            }
        )
        later.write({"value": 21})
        self.assertEqual(later.value, 21)
        later.unlink()
        # Not before today.
        with self.assertRaisesRegex(ValidationError, "from today or a later day"):
            self.Version.with_user(self.admin_b).create(
                {
                    "key": "slip_validity_days",
                    "province_id": self.province_b.id,
                    "value": 20,
                    "date_from": self.today() - timedelta(days=1),
                    "legal_number": LEGAL,
                    "legal_date": self.today(),
                }
            )

    def test_the_history_of_the_province_and_the_national_rules(self):
        set_rule(
            self.env, "list_deadline_day", 8, day=self.today(), province=self.province_a
        )
        set_rule(
            self.env, "list_deadline_day", 9, day=self.today(), province=self.province_b
        )
        settings = self.env["rehab.settings"].with_user(self.admin_b).create({})
        action = settings.action_open_rule_history()
        self.assertEqual(action["res_model"], "rehab.rule.value")
        self.assertIn(self.province_b.name, action["name"])
        self.assertEqual(action["context"], {"search_default_group_key": 1})
        shown = self.Version.with_user(self.admin_b).search(action["domain"])
        self.assertIn(self.province_b, shown.province_id)
        self.assertNotIn(self.province_a, shown.province_id)
        self.assertIn("national", shown.mapped("scope"))
        # The list opens grouped by rule, its filters in the search view.
        arch = self.Version.get_views([(False, "search")])["views"]["search"]["arch"]
        for name in (
            "national",
            "province",
            "programme_default",
            "future",
            "group_key",
        ):
            self.assertIn('name="%s"' % name, arch)


@tagged("post_install", "-at_install")
class TestInterestRateRules(RuleSettingsCase):
    def rate_vals(self, **values):
        vals = {
            "effective_date": self.today() + timedelta(days=10),
            "annual_rate": 6.9,
            "legal_number": "1234/QĐ-NHCS",
            "legal_date": self.today(),
            "legal_article": "Điều 1",
        }
        vals.update(values)
        return vals

    def test_the_national_administrator_enters_the_rates(self):
        Rate = self.env["rehab.interest.rate"]
        rate = Rate.with_user(self.national_admin_user).create(self.rate_vals())
        self.assertEqual(rate.entered_by_id, self.national_admin_user)
        self.assertTrue(rate.entered_on)
        for user in (self.admin_b, self.admin_user, self.vbsp_manager_user):
            with self.subTest(user=user.login), mute_logger("odoo.models"):
                with self.assertRaises(AccessError):
                    Rate.with_user(user).create(
                        self.rate_vals(effective_date=self.today() + timedelta(days=20))
                    )
                with self.assertRaises(AccessError):
                    rate.with_user(user).write({"annual_rate": 7})
                with self.assertRaises(AccessError):
                    rate.with_user(user).unlink()
        # A rate to come changes; who entered it is the server's.
        rate.with_user(self.national_admin_user).write({"annual_rate": 7.2})
        with self.assertRaisesRegex(UserError, "recorded by the server"):
            rate.with_user(self.national_admin_user).write(
                {"entered_by_id": self.admin_b.id}
            )

    def test_the_dates_of_a_rate(self):
        Rate = self.env["rehab.interest.rate"].with_user(self.national_admin_user)
        today = self.today()
        with self.assertRaisesRegex(ValidationError, "from today or a later day"):
            Rate.create(self.rate_vals(effective_date=today - timedelta(days=1)))
        with self.assertRaisesRegex(ValidationError, "between 1900 and today"):
            Rate.create(self.rate_vals(legal_date=today + timedelta(days=1)))
        with self.assertRaisesRegex(ValidationError, "Give the legal text"):
            Rate.create(self.rate_vals(legal_number=" "))
        rate = Rate.create(self.rate_vals(effective_date=today))
        # In force from today: it neither changes nor goes.
        with self.assertRaisesRegex(UserError, "does not change"):
            rate.write({"annual_rate": 7})
        with self.assertRaisesRegex(UserError, "never deleted"):
            rate.unlink()
        self.assertEqual(Rate._rate_on(today), rate)
        # The superuser may (data, migrations).
        rate.sudo().write({"note": "Sửa bởi hệ thống"})


@tagged("post_install", "-at_install")
class TestRuleSettingsOverRpc(JsonRpcMixin, HttpCase, RuleSettingsCase):
    def rpc(self, user, model, method, *args, context=None, **kwargs):
        """In English, whatever the user's language."""
        return super().rpc(user, model, method, *args, context=context or {}, **kwargs)

    def version_vals(self, **values):
        vals = {
            "key": "slip_validity_days",
            "province_id": self.province_b.id,
            "value": 20,
            "date_from": fields.Date.to_string(self.today() + timedelta(days=5)),
            "legal_number": LEGAL,
            "legal_date": fields.Date.to_string(self.today()),
        }
        vals.update(values)
        return vals

    def test_a_province_administrator_over_rpc(self):
        user = self.admin_b
        before = self.versions()
        with mute_logger("odoo.http"):
            # The settings of another province, or the defaults.
            __, error = self.rpc(
                user,
                "rehab.settings",
                "create",
                {"rule_province_id": self.province_a.id},
            )
            self.assertIn("provinces you administer", error)
            __, error = self.rpc(
                user,
                "rehab.settings",
                "default_get",
                ["rehab_min_age"],
                context={"default_rule_province_id": self.province_a.id},
            )
            self.assertIn("provinces you administer", error)
            # A national rule with one of their province: nothing saved.
            settings_id = self.ok(
                user,
                "rehab.settings",
                "create",
                {
                    "rehab_list_deadline_day": 9,
                    "rehab_min_age": 20,
                    "rule_legal_number": LEGAL,
                },
            )
            __, error = self.rpc(user, "rehab.settings", "execute", [settings_id])
            self.assertIn("Nothing was saved", error)
            # The versions themselves.
            for vals in (
                self.version_vals(province_id=self.province_a.id),
                self.version_vals(province_id=False),
                self.version_vals(key="min_age", province_id=False, value=20),
            ):
                with self.subTest(vals=vals):
                    __, error = self.rpc(user, "rehab.rule.value", "create", vals)
                    self.assertTrue(error)
            other = self.Version.sudo().create(
                self.version_vals(province_id=self.province_a.id)
            )
            __, error = self.rpc(
                user, "rehab.rule.value", "write", [other.id], {"value": 30}
            )
            self.assertIn("provinces you administer", error)
            __, error = self.rpc(user, "rehab.rule.value", "unlink", [other.id])
            self.assertIn("provinces you administer", error)
            national = self.Version.search(
                [("key", "=", "min_age"), ("date_from", "<=", self.today())], limit=1
            )
            __, error = self.rpc(
                user, "rehab.rule.value", "write", [national.id], {"value": 20}
            )
            self.assertTrue(error)
        self.assertEqual([v for v in self.versions() if v["id"] != other.id], before)
        # Their own province, from a later day: accepted.
        version_id = self.ok(user, "rehab.rule.value", "create", self.version_vals())
        version = self.Version.browse(version_id)
        self.assertEqual(version.entered_by_id, user)
        self.ok(user, "rehab.rule.value", "write", [version_id], {"value": 21})
        self.ok(user, "rehab.rule.value", "unlink", [version_id])

    def test_the_national_administrator_over_rpc(self):
        user = self.national_admin_user
        settings_id = self.ok(
            user,
            "rehab.settings",
            "create",
            {
                "rule_province_id": self.province_b.id,
                "rehab_min_age": 20,
                "rehab_list_deadline_day": 9,
                "rule_legal_number": LEGAL,
            },
        )
        result = self.ok(user, "rehab.settings", "execute", [settings_id])
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(
            params_from_env(self.env, province=self.province_b)["min_age"], 20
        )
        self.assertEqual(
            params_from_env(self.env, province=self.province_b)["list_deadline_day"], 9
        )
        self.ok(
            user,
            "rehab.rule.value",
            "create",
            self.version_vals(key="max_term_months", province_id=False, value=96),
        )
        # A version in force: not even the national administrator.
        in_force = self.Version.search(
            [("key", "=", "min_age"), ("date_from", "<=", self.today())], limit=1
        )
        with mute_logger("odoo.http"):
            __, error = self.rpc(
                user, "rehab.rule.value", "write", [in_force.id], {"value": 19}
            )
            self.assertIn("does not change", error)
            __, error = self.rpc(user, "rehab.rule.value", "unlink", [in_force.id])
            self.assertIn("never deleted", error)
            # Nor a date before today, whatever the context says.
            __, error = self.rpc(
                user,
                "rehab.rule.value",
                "create",
                self.version_vals(
                    date_from=fields.Date.to_string(self.today() - timedelta(days=1))
                ),
                context={"su": True},
            )
            self.assertIn("from today or a later day", error)

    def test_the_lending_rates_over_rpc(self):
        vals = {
            "effective_date": fields.Date.to_string(self.today() + timedelta(days=10)),
            "annual_rate": 6.9,
            "legal_number": "1234/QĐ-NHCS",
            "legal_date": fields.Date.to_string(self.today()),
        }
        with mute_logger("odoo.http"):
            for user in (self.admin_b, self.vbsp_manager_user):
                with self.subTest(user=user.login):
                    __, error = self.rpc(user, "rehab.interest.rate", "create", vals)
                    self.assertTrue(error)
        rate_id = self.ok(
            self.national_admin_user, "rehab.interest.rate", "create", vals
        )
        rate = self.env["rehab.interest.rate"].browse(rate_id)
        self.assertEqual(rate.entered_by_id, self.national_admin_user)
        current = self.env["rehab.interest.rate"]._rate_on(self.today())
        with mute_logger("odoo.http"):
            __, error = self.rpc(
                self.national_admin_user,
                "rehab.interest.rate",
                "write",
                [current.id],
                {"annual_rate": 9},
            )
            self.assertIn("does not change", error)
            __, error = self.rpc(
                self.national_admin_user, "rehab.interest.rate", "unlink", [current.id]
            )
            self.assertIn("never deleted", error)


@tagged("post_install", "-at_install")
class TestDemoRules(TransactionCase):
    """The demo's administrators and its rules to come."""

    def test_the_demo_has_rules_to_come(self):
        ref = self.env.ref
        # make test installs the demo: its absence is a failure, not a skip.
        son_la = ref("post_rehab_credit.company_son_la")
        quantri = ref("post_rehab_credit.user_programme_admin")
        by_province = {
            "quantri.langson": ref("post_rehab_credit.company_lang_son"),
            "quantri.sonla": son_la,
        }
        self.assertTrue(quantri.has_group(NATIONAL_ADMIN))
        for login, province in by_province.items():
            user = self.env["res.users"].search([("login", "=", login)])
            self.assertFalse(user.has_group(NATIONAL_ADMIN))
            self.assertTrue(user.has_group(PREFIX + "programme_admin"))
            self.assertEqual(user.company_ids, province)
        Version = self.env["rehab.rule.value"]
        today = Version._rehab_today()
        to_come = Version.search([("date_from", ">", today)])
        fee = to_come.filtered(lambda v: v.key == "entrustment_fee_rate")
        self.assertEqual(fee.province_id, son_la)
        self.assertEqual(fee.legal_number, "15/QĐ-NHCS")
        self.assertEqual(fee.entered_by_id.login, "quantri.sonla")
        self.assertEqual(
            fee.date_from, (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        )
        ceiling = to_come.filtered(lambda v: v.key == "individual_ceiling")
        self.assertEqual(ceiling.value, 250_000_000)
        self.assertFalse(ceiling.province_id)
        self.assertEqual(ceiling.entered_by_id, quantri)
        self.assertIn("Mẫu minh họa", ceiling.legal_article)
        self.assertEqual(ceiling.date_from, date(today.year + 1, 1, 1))
        # Today's values are the ones the settings show.
        params = params_from_env(self.env, province=son_la)
        self.assertEqual(params["individual_ceiling"], 200_000_000)
        self.assertEqual(params["entrustment_fee_rate"], 10)
