import json
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..tools import rehab_rules
from .common import JsonRpcMixin, MonthlyListCase

PERSON_SPEC = {
    "display_name": {},
    "citizen_id": {},
    "rehab_route": {},
    "village": {},
}


def entry_text(entry):
    """Everything an entry holds, as text."""
    return " ".join(
        str(entry[name])
        for name in entry._fields
        if name not in ("activity_ids", "activity_user_id")
    )


@tagged("post_install", "-at_install")
class TestAccessLogOverHttp(JsonRpcMixin, HttpCase, MonthlyListCase):
    """One entry per request, naming the user, the records by id and the
    fields or the document, never a value read."""

    def setUp(self):
        super().setUp()
        self.Log = self.env["rehab.access.log"].sudo()
        self.people = self.Person.search([("company_id", "=", self.commune_a1.id)])
        self.assertGreater(len(self.people), 1)

    def new_entries(self, before):
        return self.Log.search([("id", ">", before)], order="id")

    def last_id(self):
        return self.Log.search([], limit=1, order="id desc").id or 0

    def assert_no_values(self, entries):
        for entry in entries:
            text = entry_text(entry)
            for person in self.people:
                self.assertNotIn(person.citizen_id, text)
                self.assertNotIn(person.name, text)
            self.assertNotIn("voluntary", text)

    def test_a_list_page_is_one_entry(self):
        before = self.last_id()
        result, error = self.rpc(
            self.police_user,
            "rehab.person",
            "web_search_read",
            [("company_id", "=", self.commune_a1.id)],
            PERSON_SPEC,
            limit=80,
        )
        self.assertFalse(error)
        entries = self.new_entries(before)
        self.assertEqual(len(entries), 1)
        self.assertEqual(entries.user_id, self.police_user)
        self.assertEqual(entries.channel, "list")
        self.assertEqual(entries.res_model, "rehab.person")
        self.assertEqual(entries.record_count, len(result["records"]))
        self.assertEqual(
            sorted(int(res_id) for res_id in entries.res_ids.split(",")),
            sorted(row["id"] for row in result["records"]),
        )
        self.assertIn("citizen_id", entries.field_names)
        self.assertIn("rehab_route", entries.field_names)
        self.assertEqual(entries.province_id, self.province_a)
        self.assert_no_values(entries)

    def test_a_form_opened_is_one_entry(self):
        person = self.people[0]
        before = self.last_id()
        __, error = self.rpc(
            self.police_user, "rehab.person", "web_read", [person.id], PERSON_SPEC
        )
        self.assertFalse(error)
        entries = self.new_entries(before)
        self.assertEqual(len(entries), 1)
        self.assertEqual(entries.channel, "form")
        self.assertEqual(entries.res_ids, str(person.id))
        self.assert_no_values(entries)

    def test_a_name_in_a_dropdown_is_not_logged(self):
        before = self.last_id()
        __, error = self.rpc(
            self.police_user,
            "rehab.person",
            "web_search_read",
            [],
            {"display_name": {}},
        )
        self.assertFalse(error)
        self.assertFalse(self.new_entries(before))

    def test_reads_over_rpc_are_logged(self):
        before = self.last_id()
        for method, args, kwargs in (
            ("read", [self.people.ids], {}),
            ("search_read", [[("id", "in", self.people.ids)]], {}),
            (
                "read_group",
                [[("id", "in", self.people.ids)], ["rehab_route"], ["rehab_route"]],
                {},
            ),
        ):
            __, error = self.rpc(
                self.police_user, "rehab.person", method, *args, **kwargs
            )
            self.assertFalse(error, method)
        entries = self.new_entries(before)
        self.assertEqual(
            entries.mapped("method"), ["read", "search_read", "read_group"]
        )
        self.assertEqual(entries.mapped("channel"), ["rpc", "rpc", "list"])
        # A grouped read counts the people, it does not list them.
        self.assertFalse(entries[2].res_ids)
        for entry in entries:
            self.assertEqual(entry.record_count, len(self.people))
        self.assert_no_values(entries)

    def test_an_empty_field_list_is_every_field(self):
        before = self.last_id()
        for method, args in (
            ("read", [self.people.ids, []]),
            ("search_read", [[("id", "in", self.people.ids)], []]),
        ):
            __, error = self.rpc(self.police_user, "rehab.person", method, *args)
            self.assertFalse(error, method)
        entries = self.new_entries(before)
        self.assertEqual(len(entries), 2)
        for entry in entries:
            self.assertIn("citizen_id", entry.field_names)
            self.assertIn("rehab_route", entry.field_names)

    def test_the_conduct_history_is_logged(self):
        conduct = self.env["rehab.person.conduct"].create(
            {"person_id": self.people[0].id, "kind": "violation", "note": "Biên bản"}
        )
        before = self.last_id()
        __, error = self.rpc(
            self.police_user,
            "rehab.person.conduct",
            "search_read",
            [("id", "=", conduct.id)],
            ["person_id", "kind", "note"],
        )
        self.assertFalse(error)
        entries = self.new_entries(before)
        self.assertEqual(len(entries), 1)
        self.assertEqual(entries.res_model, "rehab.person.conduct")
        self.assertEqual(entries.res_ids, str(conduct.id))
        self.assertNotIn("Biên bản", entry_text(entries))

    def test_an_onchange_logs_no_new_record(self):
        before = self.last_id()
        __, error = self.rpc(
            self.police_user,
            "rehab.person",
            "onchange",
            [],
            {},
            [],
            {"citizen_id": {}, "rehab_route": {}},
        )
        self.assertFalse(error)
        self.assertFalse(self.new_entries(before))

    def test_an_export_is_logged(self):
        self.police_user.groups_id |= self.env.ref("base.group_allow_export")
        before = self.last_id()
        self.authenticate(self.police_user.login, self.police_user.login)
        response = self.url_open(
            "/web/export/csv",
            data={
                "data": json.dumps(
                    {
                        "model": "rehab.person",
                        "fields": [
                            {"name": "name", "label": "Name"},
                            {"name": "citizen_id", "label": "Citizen ID"},
                        ],
                        "ids": self.people.ids,
                        "domain": [],
                        "import_compat": False,
                    }
                ),
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200)
        entries = self.new_entries(before)
        self.assertEqual(len(entries), 1)
        self.assertEqual(entries.channel, "export")
        self.assertEqual(entries.record_count, len(self.people))
        self.assertEqual(entries.field_names, "citizen_id, name")
        self.assert_no_values(entries)

    def test_a_printed_list_is_logged(self):
        record = self._list()
        before = self.last_id()
        self.authenticate(self.police_user.login, self.police_user.login)
        response = self.url_open(
            "/report/xlsx/post_rehab_credit.monthly_list_xlsx/%s" % record.id
        )
        self.assertEqual(response.status_code, 200)
        entries = self.new_entries(before)
        self.assertEqual(len(entries), 1)
        self.assertEqual(entries.channel, "report")
        self.assertEqual(entries.res_model, "rehab.monthly.list")
        self.assertEqual(entries.res_ids, str(record.id))
        self.assertTrue(entries.document)
        self.assert_no_values(entries)

    def test_nobody_changes_or_deletes_an_entry(self):
        self.rpc(
            self.police_user,
            "rehab.person",
            "web_read",
            [self.people[0].id],
            PERSON_SPEC,
        )
        entry = self.Log.search([], limit=1, order="id desc")
        admin = self.env.ref("base.user_admin")
        with mute_logger("odoo.http"):
            for user in (self.province_user, self.admin_user, self.police_user):
                for method, args in (
                    ("write", [[entry.id], {"record_count": 0}]),
                    ("unlink", [[entry.id]]),
                    ("create", [{"user_id": user.id, "res_model": "x"}]),
                ):
                    __, error = self.rpc(user, "rehab.access.log", method, *args)
                    self.assertTrue(error, (user.login, method))
        with self.assertRaises(UserError):
            entry.with_user(admin).sudo().write({"record_count": 0})
        with self.assertRaises(UserError):
            entry.with_user(admin).sudo().unlink()
        self.assertEqual(entry.exists(), entry)


@tagged("post_install", "-at_install")
class TestAccessLogReaders(MonthlyListCase):
    def test_a_read_outside_the_web_client_is_rpc(self):
        """The external API (/jsonrpc, /xmlrpc) runs without Odoo's request
        object: a user's read is logged all the same."""
        Log = self.env["rehab.access.log"].sudo()
        before = Log.search([], limit=1, order="id desc").id or 0
        people = self.Person.search([("company_id", "=", self.commune_a1.id)])
        people.with_user(self.police_user).read(["citizen_id"])
        entries = Log.search([("id", ">", before)])
        self.assertEqual(len(entries), 1)
        self.assertEqual(
            (entries.channel, entries.user_id, entries.record_count),
            ("rpc", self.police_user, len(people)),
        )

    def test_the_chairman_s_confirmation_wizard_is_logged(self):
        record = self._list()
        Log = self.env["rehab.access.log"].sudo()
        before = Log.search([], limit=1, order="id desc").id or 0
        self.env["rehab.monthly.list.confirm"].with_user(
            self.chairman_user
        ).with_context(default_list_id=record.id).default_get(["list_id", "line_ids"])
        entries = Log.search([("id", ">", before)])
        self.assertEqual(
            (entries.user_id, entries.res_model, entries.channel),
            (self.chairman_user, "rehab.monthly.list.line", "form"),
        )
        self.assertEqual(entries.record_count, len(record.line_ids))
        self.assertIn("citizen_id", entries.field_names)

    def test_a_wizard_on_another_commune_s_record_is_refused(self):
        record = self.List.create(
            {"company_id": self.commune_b1.id, "month_date": "2026-12-01"}
        )
        Return = self.env["rehab.monthly.list.return"].with_user(self.police_user)
        with self.assertRaises(AccessError):
            Return.create({"list_id": record.id, "reason": "x"})

    def test_province_reads_its_own_province_only(self):
        Log = self.env["rehab.access.log"]
        entry_a = Log.with_user(self.police_user)._record(
            [
                {
                    "res_model": "rehab.person",
                    "ids": {self.person_a1.id},
                    "channel": "form",
                    "fields": {"citizen_id"},
                }
            ]
        )
        entry_b = Log.with_user(self.police_b_user)._record(
            [
                {
                    "res_model": "rehab.person",
                    "ids": {self.person_b1.id},
                    "channel": "form",
                    "fields": {"citizen_id"},
                }
            ]
        )
        visible = Log.with_user(self.province_user).search([])
        self.assertIn(entry_a, visible)
        self.assertNotIn(entry_b, visible)
        for user in (self.police_user, self.chairman_user, self.vbsp_user):
            with self.assertRaises(AccessError):
                Log.with_user(user).search([])


@tagged("post_install", "-at_install")
class TestUnusualVolume(MonthlyListCase):
    def record(self, user, count, when):
        # Ids of no record: filed under the reader's province.
        start = (
            self.Person.with_context(active_test=False)
            .search([], limit=1, order="id desc")
            .id
            + 1
        )
        with freeze_time(when):
            self.env["rehab.access.log"].with_user(user)._record(
                [
                    {
                        "res_model": "rehab.person",
                        "ids": set(range(start, start + count)),
                        "channel": "list",
                        "fields": {"citizen_id"},
                    }
                ]
            )

    def todos(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "rehab.access.log"),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("post_rehab_credit.mail_activity_access_volume").id,
                ),
            ]
        )

    def test_the_rule(self):
        self.assertFalse(rehab_rules.unusual_volume(199, [], 3.0, 200))
        self.assertTrue(rehab_rules.unusual_volume(200, [], 3.0, 200))
        self.assertFalse(rehab_rules.unusual_volume(300, [100, 100], 3.0, 200))
        self.assertTrue(rehab_rules.unusual_volume(301, [100, 100], 3.0, 200))

    def test_a_user_far_above_their_usual_is_flagged_once(self):
        start = datetime(2026, 11, 1, 3, 0)
        for day in range(10):
            self.record(self.police_user, 20, start + timedelta(days=day))
            self.record(self.chairman_user, 300, start + timedelta(days=day))
        # 11 November, Viet Nam: 500 people for the police, the chairman as usual.
        self.record(self.police_user, 500, start + timedelta(days=10))
        self.record(self.chairman_user, 320, start + timedelta(days=10))
        with freeze_time("2026-11-11 18:30:00"):  # 12 November 01:30 in Viet Nam
            self.env["rehab.access.log"]._cron_check_volume()
            self.env["rehab.access.log"]._cron_check_volume()
        todos = self.todos()
        self.assertEqual(todos.user_id, self.province_user)
        self.assertEqual(len(todos), 1)
        self.assertIn(self.police_user.name, todos.summary)
        self.assertIn("500", todos.summary)
        for person in self.Person.search([]):
            self.assertNotIn(person.name, todos.summary + str(todos.note))
            self.assertNotIn(person.citizen_id, todos.summary + str(todos.note))

    def test_a_quiet_day_flags_nobody(self):
        self.record(self.police_user, 50, datetime(2026, 11, 11, 3, 0))
        with freeze_time("2026-11-11 18:30:00"):
            self.env["rehab.access.log"]._cron_check_volume()
        self.assertFalse(self.todos())
