from freezegun import freeze_time

from odoo.tests import HttpCase, new_test_user, tagged

from .common import JsonRpcMixin, MonthlyListCase, set_rule


class AccessLogCase(MonthlyListCase):
    def setUp(self):
        super().setUp()
        self.Log = self.env["rehab.access.log"].sudo()
        self.before = self.Log.search([], limit=1, order="id desc").id or 0
        # One person of the commune had compulsory rehab.
        self.person_a1.rehab_route = "compulsory"

    def new_entries(self):
        return self.Log.search([("id", ">", self.before)], order="id")


@tagged("post_install", "-at_install")
class TestAccessLogCoverage(JsonRpcMixin, HttpCase, AccessLogCase):
    """Every way of reading sensitive data over RPC leaves one entry."""

    def test_copy_data_is_logged(self):
        record = self._list()
        result, error = self.rpc(
            self.chairman_user,
            "rehab.monthly.list.line",
            "copy_data",
            record.line_ids.ids,
        )
        self.assertFalse(error)
        self.assertEqual(len(result), len(record.line_ids))
        conduct = self.env["rehab.person.conduct"].create(
            {"person_id": self.person_a1.id, "kind": "relapse", "note": "Tái"}
        )
        __, error = self.rpc(
            self.chairman_user, "rehab.person.conduct", "copy_data", conduct.ids
        )
        self.assertFalse(error)
        entries = self.new_entries()
        self.assertEqual(
            entries.mapped("res_model"),
            ["rehab.monthly.list.line", "rehab.person.conduct"],
        )
        self.assertEqual(set(entries.mapped("method")), {"copy_data"})
        self.assertEqual(entries[0].record_count, len(record.line_ids))
        self.assertIn("citizen_id", entries[0].field_names)
        self.assertIn("kind", entries[1].field_names)
        self.assertEqual(entries[1].res_ids, str(conduct.id))

    def test_a_filter_on_a_sensitive_field_is_logged(self):
        """Who had compulsory rehab, with no sensitive column shown."""
        domain = [("rehab_route", "=", "compulsory")]
        for method, args, kwargs in (
            ("web_search_read", [domain, {"display_name": {}}], {}),
            ("search_read", [domain, ["name"]], {}),
            ("read_group", [domain, ["village"], ["village"]], {}),
            ("web_read_group", [domain, ["village"], ["village"]], {}),
            ("search_count", [domain], {}),
            ("search", [domain], {}),
            ("name_search", [], {"args": domain}),
            (
                "search",
                [["|", ("name", "=", "x"), "!", ("rehab_route", "!=", "compulsory")]],
                {},
            ),
        ):
            before = self.Log.search([], limit=1, order="id desc").id
            result, error = self.rpc(
                self.police_user, "rehab.person", method, *args, **kwargs
            )
            self.assertFalse(error, method)
            self.assertTrue(result, method)
            entries = self.Log.search([("id", ">", before)])
            self.assertEqual(len(entries), 1, method)
            self.assertEqual(entries.field_names, "rehab_route", method)
            self.assertEqual(entries.record_count, 1, method)
            self.assertEqual(entries.province_id, self.province_a, method)
        # A name filter says nothing sensitive.
        before = self.Log.search([], limit=1, order="id desc").id
        __, error = self.rpc(
            self.police_user, "rehab.person", "search", [("name", "!=", False)]
        )
        self.assertFalse(error)
        self.assertFalse(self.Log.search([("id", ">", before)]))

    def test_a_filter_through_a_relation_is_logged(self):
        record = self._list()
        for domain in (
            [("person_id.rehab_route", "=", "compulsory")],
            [("person_id", "any", [("rehab_route", "=", "compulsory")])],
        ):
            before = self.Log.search([], limit=1, order="id desc").id or 0
            result, error = self.rpc(
                self.chairman_user,
                "rehab.monthly.list.line",
                "web_search_read",
                domain + [("list_id", "=", record.id)],
                {"person_name": {}},
            )
            self.assertFalse(error)
            self.assertEqual(len(result["records"]), 1)
            entries = self.Log.search([("id", ">", before)])
            self.assertEqual(len(entries), 1)
            self.assertEqual(entries.res_model, "rehab.monthly.list.line")
            self.assertEqual(entries.field_names, "person_id.rehab_route")

    def test_the_external_api_search_is_logged(self):
        count = self.xmlrpc_object.execute(
            self.env.cr.dbname,
            self.police_user.id,
            self.police_user.login,
            "rehab.person",
            "search_count",
            [("rehab_route", "=", "compulsory")],
        )
        self.assertEqual(count, 1)
        entries = self.new_entries()
        self.assertEqual(len(entries), 1)
        self.assertEqual(
            (entries.method, entries.channel, entries.record_count),
            ("search_count", "rpc", 1),
        )

    def test_filed_under_the_province_of_the_data(self):
        """The programme admin of province A reads people of both provinces:
        one entry each, so that each province's officer sees theirs."""
        people = self.person_a1 | self.person_b1
        __, error = self.rpc(
            self.admin_user,
            "rehab.person",
            "read",
            people.ids,
            ["citizen_id"],
            context={"allowed_company_ids": (self.province_a | self.province_b).ids},
        )
        self.assertFalse(error)
        entries = self.new_entries()
        self.assertEqual(len(entries), 2)
        by_province = {entry.province_id: entry for entry in entries}
        self.assertEqual(set(by_province), {self.province_a, self.province_b})
        self.assertEqual(by_province[self.province_b].res_ids, str(self.person_b1.id))
        self.assertEqual(by_province[self.province_a].res_ids, str(self.person_a1.id))
        self.assertEqual(set(entries.mapped("company_id")), {self.province_a})
        province_b_user = self.env["res.users"].create(
            {
                "name": "Province B officer",
                "login": "t_province_b",
                "company_id": self.province_b.id,
                "company_ids": [(6, 0, self.province_b.ids)],
                "groups_id": [
                    (
                        6,
                        0,
                        [
                            self.env.ref("base.group_user").id,
                            self.env.ref("post_rehab_credit.group_province_officer").id,
                        ],
                    )
                ],
            }
        )
        visible = self.Log.with_user(province_b_user).sudo(False).search([])
        self.assertIn(by_province[self.province_b], visible)
        self.assertNotIn(by_province[self.province_a], visible)


@tagged("post_install", "-at_install")
class TestAccessLogServerSearches(AccessLogCase):
    def test_the_server_s_own_searches_are_not_logged(self):
        """A search the server makes for its own work (or as superuser) is
        not a user's request."""
        domain = [("rehab_route", "=", "compulsory")]
        self.assertEqual(
            self.Person.with_user(self.police_user).search(domain), self.person_a1
        )
        self.assertEqual(
            self.Person.with_user(self.police_user).search_count(domain), 1
        )
        self.assertGreaterEqual(self.Person.sudo().search_count(domain), 1)
        self.assertFalse(self.new_entries())

    def test_the_people_named_as_post_rehab_elsewhere(self):
        """Slips (why revoked), establishments' workers and activities'
        participants name people after rehab."""
        record = self._confirmed_list()
        line = record.line_ids.filtered(lambda rec: rec.person_id == self.person_a1)
        slip = self.env["rehab.referral.slip"].browse(
            line.with_user(self.police_user).action_issue_slip()["res_id"]
        )
        slip.with_user(self.police_user)._revoke("Tái sử dụng")
        establishment = self.env["rehab.establishment"].create(
            {
                "name": "HTX thử nghiệm",
                "establishment_type": "cooperative",
                "company_id": self.commune_a1.id,
                "total_workers": 10,
                "worker_ids": [
                    (
                        0,
                        0,
                        {
                            "person_id": self.person_a1.id,
                            "contract_number": "HĐ-1",
                            "contract_start": "2026-01-01",
                        },
                    )
                ],
            }
        )
        activity = self.env["rehab.support.activity"].create(
            {
                "name": "Tư vấn",
                "activity_type": self.env["rehab.support.activity"]
                ._fields["activity_type"]
                .selection[0][0],
                "company_id": self.commune_a1.id,
                "participant_ids": [(6, 0, self.person_a1.ids)],
            }
        )
        self.before = self.Log.search([], limit=1, order="id desc").id
        slip.with_user(self.police_user).read(["name"])
        establishment.worker_ids.with_user(self.admin_user).read(["contract_number"])
        self.assertFalse(self.new_entries())
        slip.with_user(self.police_user).read(["revoke_reason"])
        establishment.worker_ids.with_user(self.admin_user).read(["person_id"])
        activity.with_user(self.admin_user).read(["participant_ids"])
        entries = self.new_entries()
        self.assertEqual(
            entries.mapped("res_model"),
            [
                "rehab.referral.slip",
                "rehab.establishment.worker",
                "rehab.support.activity",
            ],
        )
        self.assertEqual(
            entries.mapped("field_names"),
            ["revoke_reason", "person_id", "participant_ids"],
        )
        self.assertEqual(set(entries.mapped("province_id")), {self.province_a})
        self.assertNotIn("Tái", " ".join(entries.mapped("field_names")))


@tagged("post_install", "-at_install")
class TestUnusualVolumeByProvince(AccessLogCase):
    def test_flagged_to_the_province_of_the_people_read(self):
        """The programme admin of province A opens people of province B:
        province B's officer is told, not province A's."""
        set_rule(self.env, "access_volume_minimum", 1)
        officer_b = new_test_user(
            self.env,
            login="t_province_b",
            groups="base.group_user,post_rehab_credit.group_province_officer",
            company_id=self.province_b.id,
            company_ids=[(6, 0, self.province_b.ids)],
        )
        with freeze_time("2026-11-11 03:00:00"):
            self.person_b1.with_user(self.admin_user).with_context(
                allowed_company_ids=(self.province_a | self.province_b).ids
            ).read(["citizen_id"])
        with freeze_time("2026-11-11 18:30:00"):
            self.env["rehab.access.log"]._cron_check_volume()
        todos = self.env["mail.activity"].search(
            [
                ("res_model", "=", "rehab.access.log"),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("post_rehab_credit.mail_activity_access_volume").id,
                ),
            ]
        )
        self.assertEqual(todos.user_id, officer_b)
        self.assertIn(self.admin_user.name, todos.summary)
