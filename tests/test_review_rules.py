# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A hostile review of the dated rules, the lending rates, the issued
statements and the rule sets: every refusal over JSON-RPC, as the demo
roles would try them."""

from datetime import timedelta
from types import SimpleNamespace
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import JsonRpcMixin
from .test_fee_rates_dated import JULY, FeeRateCase

LOG = "odoo.http"


@tagged("post_install", "-at_install")
class TestReviewRulesRpc(JsonRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Users = cls.env["res.users"].with_context(active_test=False)

        def user(login):
            return Users.search([("login", "=", login)], limit=1)

        cls.national = user("quantri")
        cls.admin_ls = user("quantri.langson")
        cls.admin_sl = user("quantri.sonla")
        cls.officer = user("canbo.chauson")
        cls.chairman = user("chutich.chauson")
        cls.vbsp = user("nhcsxh.dinhlap")
        cls.vbsp_manager = user("nhcsxh.sonla")
        cls.lang_son = cls.env.ref("post_rehab_credit.company_lang_son")
        cls.son_la = cls.env.ref("post_rehab_credit.company_son_la")
        cls.today = cls.env["rehab.rule.value"]._rehab_today()
        cls.future = cls.today + timedelta(days=40)

    def _version(self, **vals):
        values = {
            "key": "list_deadline_day",
            "value": 9,
            "province_id": self.lang_son.id,
            "date_from": str(self.future),
            "legal_number": "12/QĐ-UBND",
            "legal_date": str(self.today),
        }
        values.update(vals)
        return values

    def _versions_count(self):
        return self.env["rehab.rule.value"].sudo().search_count([])

    @mute_logger(LOG)
    def test_province_admin_rule_value_create_refusals(self):
        before = self._versions_count()
        for vals in (
            {"province_id": self.son_la.id},
            {"province_id": False},
            {"key": "min_age", "value": 17, "province_id": False},
            {"date_from": str(self.today - timedelta(days=1))},
            {"date_to": str(self.future - timedelta(days=1))},
            {"province_id": self.env.ref("post_rehab_credit.company_chau_son").id},
        ):
            __, error = self.rpc(
                self.admin_ls, "rehab.rule.value", "create", self._version(**vals)
            )
            self.assertTrue(error, vals)
        for login_user in (self.officer, self.vbsp, self.vbsp_manager):
            __, error = self.rpc(
                login_user, "rehab.rule.value", "create", self._version()
            )
            self.assertTrue(error, login_user.login)
        self.assertEqual(self._versions_count(), before)

    @mute_logger(LOG)
    def test_province_admin_rule_value_write_refusals(self):
        version_id = self.ok(
            self.admin_ls, "rehab.rule.value", "create", self._version()
        )
        version = self.env["rehab.rule.value"].sudo().browse(version_id)
        self.assertEqual(version.entered_by_id, self.admin_ls)
        for vals in (
            {"province_id": self.son_la.id},
            {"province_id": False},
            {"key": "min_age"},
            {"date_from": str(self.today - timedelta(days=3))},
            {"date_to": str(self.future - timedelta(days=1))},
            {"entered_by_id": self.national.id},
            {"entered_on": "2020-01-01 00:00:00"},
        ):
            __, error = self.rpc(
                self.admin_ls, "rehab.rule.value", "write", [version_id], vals
            )
            self.assertTrue(error, vals)
        # The other province's administrator neither changes nor deletes it.
        __, error = self.rpc(
            self.admin_sl, "rehab.rule.value", "write", [version_id], {"value": 10}
        )
        self.assertTrue(error)
        __, error = self.rpc(self.admin_sl, "rehab.rule.value", "unlink", [version_id])
        self.assertTrue(error)
        version.invalidate_recordset()
        self.assertEqual(
            (version.province_id, version.key, version.value, version.date_from),
            (self.lang_son, "list_deadline_day", 9, self.future),
        )
        self.assertEqual(version.entered_by_id, self.admin_ls)

    @mute_logger(LOG)
    def test_version_in_force_frozen(self):
        in_force = (
            self.env["rehab.rule.value"]
            .sudo()
            .search([("date_from", "<=", self.today), ("province_id", "=", False)])[:1]
        )
        for login_user in (self.national, self.admin_ls):
            __, error = self.rpc(
                login_user, "rehab.rule.value", "write", [in_force.id], {"value": 1}
            )
            self.assertTrue(error)
            __, error = self.rpc(
                login_user, "rehab.rule.value", "unlink", [in_force.id]
            )
            self.assertTrue(error)
        self.assertTrue(in_force.exists())

    @mute_logger(LOG)
    def test_rule_cache_follows_a_write(self):
        """The cached rows see a version written over RPC at once."""
        Version = self.env["rehab.rule.value"]
        version_id = self.ok(
            self.admin_ls, "rehab.rule.value", "create", self._version()
        )
        self.assertEqual(
            Version._params_on(self.future, self.lang_son)["list_deadline_day"], 9
        )
        self.ok(self.admin_ls, "rehab.rule.value", "write", [version_id], {"value": 11})
        self.env.invalidate_all()
        self.assertEqual(
            Version._params_on(self.future, self.lang_son)["list_deadline_day"], 11
        )
        self.ok(self.admin_ls, "rehab.rule.value", "unlink", [version_id])
        self.env.invalidate_all()
        self.assertNotEqual(
            Version._params_on(self.future, self.lang_son)["list_deadline_day"], 11
        )

    @mute_logger(LOG)
    def test_a_version_from_today_by_hand_refreshes_the_eligibility(self):
        """A rule entered from today in the rule list (not the settings)
        judges the people at once, not at the next daily run."""
        Person = self.env["rehab.person"].sudo()
        person = Person.search([("is_eligible", "=", True)], limit=1)
        self.assertTrue(person)
        self.ok(
            self.national,
            "rehab.rule.value",
            "create",
            self._version(
                key="min_age", value=100, province_id=False, date_from=str(self.today)
            ),
        )
        person.invalidate_recordset()
        self.assertFalse(person.is_eligible)

    @mute_logger(LOG)
    def test_settings_of_another_province_refused(self):
        before = self._versions_count()
        values = {
            "rule_province_id": self.son_la.id,
            "rule_date_from": str(self.future),
            "rule_legal_number": "1/QĐ",
            "rehab_list_deadline_day": 7,
        }
        settings_id, error = self.rpc(self.admin_ls, "rehab.settings", "create", values)
        self.assertTrue(error)
        __, error = self.rpc(
            self.admin_ls,
            "rehab.settings",
            "default_get",
            ["rehab_list_deadline_day"],
            context={"default_rule_province_id": self.son_la.id},
        )
        self.assertTrue(error)
        # Made for their province, then moved to another by write.
        values["rule_province_id"] = self.lang_son.id
        settings_id = self.ok(self.admin_ls, "rehab.settings", "create", values)
        __, error = self.rpc(
            self.admin_ls,
            "rehab.settings",
            "write",
            [settings_id],
            {"rule_province_id": self.son_la.id},
        )
        if not error:
            __, error = self.rpc(
                self.admin_ls, "rehab.settings", "execute", [settings_id]
            )
        self.assertTrue(error)
        # A national rule by a province administrator.
        values.update(rehab_min_age=17)
        settings_id = self.ok(self.admin_ls, "rehab.settings", "create", values)
        __, error = self.rpc(self.admin_ls, "rehab.settings", "execute", [settings_id])
        self.assertTrue(error)
        self.assertEqual(self._versions_count(), before)

    @mute_logger(LOG)
    def test_rule_set_and_interest_rate_refused(self):
        RuleSet = self.env["rehab.rule.set"].sudo()
        rule_set = RuleSet.search([], limit=1)
        for login_user in (self.admin_ls, self.national, self.vbsp, self.officer):
            __, error = self.rpc(login_user, "rehab.rule.set", "create", {})
            self.assertTrue(error, login_user.login)
            if rule_set:
                __, error = self.rpc(
                    login_user, "rehab.rule.set", "unlink", [rule_set.id]
                )
                self.assertTrue(error, login_user.login)
        rate = self.env["rehab.interest.rate"].sudo().search([], limit=1)
        rate_vals = {
            "effective_date": str(self.future),
            "annual_rate": 1.0,
            "legal_number": "9/QĐ-NHCS",
        }
        for login_user in (self.admin_ls, self.vbsp_manager, self.vbsp):
            __, error = self.rpc(login_user, "rehab.interest.rate", "create", rate_vals)
            self.assertTrue(error, login_user.login)
            __, error = self.rpc(
                login_user,
                "rehab.interest.rate",
                "write",
                [rate.id],
                {"annual_rate": 1},
            )
            self.assertTrue(error, login_user.login)
            __, error = self.rpc(login_user, "rehab.interest.rate", "unlink", [rate.id])
            self.assertTrue(error, login_user.login)
        # The national administrator: never a past day, never a rate in force.
        __, error = self.rpc(
            self.national,
            "rehab.interest.rate",
            "create",
            dict(rate_vals, effective_date=str(self.today - timedelta(days=1))),
        )
        self.assertTrue(error)
        __, error = self.rpc(
            self.national, "rehab.interest.rate", "write", [rate.id], {"annual_rate": 1}
        )
        self.assertTrue(error)

    @mute_logger(LOG)
    def test_rule_set_written_by_clients(self):
        """The rules applied to a person, a list or a loan are the server's."""
        rule_sets = self.env["rehab.rule.set"].sudo().search([])
        if len(rule_sets) < 2:
            rule_sets |= rule_sets.create({})
        chau_son = self.env.ref("post_rehab_credit.company_chau_son")
        cases = [
            (
                self.officer,
                "rehab.person",
                [("company_id", "=", chau_son.id)],
                "rule_set_id",
            ),
            (
                self.chairman,
                "rehab.monthly.list",
                [("company_id", "=", chau_son.id)],
                "rule_set_id",
            ),
            (
                self.vbsp,
                "rehab.loan",
                [("company_id", "=", chau_son.id)],
                "decision_rule_set_id",
            ),
            (
                self.vbsp,
                "rehab.loan",
                [("company_id", "=", chau_son.id)],
                "schedule_rule_set_id",
            ),
            (
                self.officer,
                "rehab.loan",
                [("company_id", "=", chau_son.id)],
                "decision_rule_set_id",
            ),
        ]
        tried = 0
        for login_user, model, domain, field in cases:
            records = self.env[model].sudo().search(domain, limit=3, order="id")
            for record in records:
                other = (rule_sets - record[field])[:1]
                before = record[field]
                self.rpc(login_user, model, "write", [record.id], {field: other.id})
                record.invalidate_recordset()
                self.assertEqual(
                    record[field],
                    before,
                    "%s.%s by %s" % (model, field, login_user.login),
                )
                tried += 1
        self.assertTrue(tried)

    @mute_logger(LOG)
    def test_issued_statement_refusals(self):
        Issue = self.env["rehab.entrustment.statement.issue"]
        office = self.env.ref("post_rehab_credit.company_dinh_lap_vbsp_office")
        other_office = self.env.ref("post_rehab_credit.company_son_la_vbsp_office")
        first = self.today.replace(day=1)
        last_month = str((first - timedelta(days=1)).replace(day=1))
        for login_user, vals in (
            (self.vbsp, {"vbsp_office_id": other_office.id, "month": last_month}),
            (self.vbsp, {"vbsp_office_id": office.id, "month": str(first)}),
            (self.vbsp_manager, {"vbsp_office_id": office.id, "month": last_month}),
            (self.admin_ls, {"vbsp_office_id": office.id, "month": last_month}),
        ):
            wizard_id, error = self.rpc(
                login_user, "rehab.entrustment.statement", "create", vals
            )
            if not error:
                __, error = self.rpc(
                    login_user,
                    "rehab.entrustment.statement",
                    "action_issue",
                    [wizard_id],
                )
            self.assertTrue(error, (login_user.login, vals))
        self.assertFalse(
            Issue.sudo().search(
                [("company_id", "=", other_office.id), ("month", ">=", first)]
            )
        )
        # Issued once; lines never written nor deleted; another province's not read.
        wizard_id = self.ok(
            self.vbsp,
            "rehab.entrustment.statement",
            "create",
            {"vbsp_office_id": office.id, "month": last_month},
        )
        issued = Issue.sudo().search(
            [("company_id", "=", office.id), ("month", "=", last_month)]
        )
        if not issued:
            self.ok(
                self.vbsp, "rehab.entrustment.statement", "action_issue", [wizard_id]
            )
            issued = Issue.sudo().search(
                [("company_id", "=", office.id), ("month", "=", last_month)]
            )
        self.assertEqual(len(issued), 1)
        __, error = self.rpc(
            self.vbsp, "rehab.entrustment.statement", "action_issue", [wizard_id]
        )
        self.assertTrue(error)
        self.assertEqual(
            Issue.sudo().search_count(
                [("company_id", "=", office.id), ("month", "=", last_month)]
            ),
            1,
        )
        for method, args in (
            ("write", ([issued.id], {"fee_amount": 1})),
            ("unlink", ([issued.id],)),
            ("create", ({"company_id": office.id, "month": last_month},)),
        ):
            __, error = self.rpc(
                self.vbsp, "rehab.entrustment.statement.issue", method, *args
            )
            self.assertTrue(error, method)
        if issued.line_ids:
            __, error = self.rpc(
                self.vbsp,
                "rehab.entrustment.statement.issue.line",
                "write",
                issued.line_ids[:1].ids,
                {"fee_amount": 1},
            )
            self.assertTrue(error)
        for login_user in (self.admin_sl, self.vbsp_manager):
            __, error = self.rpc(
                login_user,
                "rehab.entrustment.statement.issue",
                "read",
                [issued.id],
                ["fee_amount"],
            )
            self.assertTrue(error, login_user.login)


class _Rows(list):
    """Rows of the fee view, as the statement reads them."""

    def mapped(self, name):
        return [getattr(row, name) for row in self]


@tagged("post_install", "-at_install")
class TestReviewIssuedTotals(FeeRateCase):
    def test_the_issued_totals_are_the_sums_of_the_lines(self):
        """Two groups' fees of 4,752.5 đồng each: each line 4,753, the
        statement 9,506 (not 9,505, the rounded sum of the unrounded)."""
        row = SimpleNamespace(
            company_id=self.commune_a1,
            savings_group_id=self.group,
            organisation="women",
            leader_name="Leader",
            interest_collected=59_406.5,
            fee_rate=8.0,
            fee_amount=4_752.5,
            commission_rate=15.0,
            commission_amount=8_910.5,
        )
        rows = _Rows([row, row])
        Fee = type(self.env["rehab.entrustment.fee"])
        Issue = self.env["rehab.entrustment.statement.issue"]
        with (
            freeze_time("2026-08-03"),
            patch.object(Fee, "search", lambda *args, **kwargs: rows),
        ):
            statement = Issue.with_user(self.vbsp_user)._issue(self.office_a, JULY)
        statement = statement.sudo()
        self.assertEqual(statement.line_ids.mapped("fee_amount"), [4_753, 4_753])
        for name in ("interest_collected", "fee_amount", "commission_amount"):
            self.assertEqual(
                statement[name], sum(statement.line_ids.mapped(name)), name
            )
        self.assertEqual(statement.fee_amount, 9_506)
