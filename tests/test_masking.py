from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..models.rehab_masked_mixin import mask_value
from .common import JsonRpcMixin, MonthlyListCase
from .common_loan import LoanCase
from .document_reading import pdf_text

FULL_ID = "020090904512"  # person_a1's (tests/common.py)
MASKED_ID = "\u2022" * 8 + "4512"
PHONE = "0912 345 601"
ADDRESS = "Tổ 3, phường Tô Hiệu"


class MaskingCase(MonthlyListCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.person_a1.write(
            {
                "phone": PHONE,
                "address": ADDRESS,
                "household_rep_citizen_id": "020085001234",
            }
        )
        cls.Log = cls.env["rehab.access.log"].sudo()
        export = cls.env.ref("base.group_allow_export")
        for user in (
            cls.chairman_user,
            cls.province_user,
            cls.vbsp_user,
            cls.commune_officer_user,
        ):
            user.groups_id |= export

    def setUp(self):
        super().setUp()
        # The bank reads people through a confirmed list of its communes.
        self.record = self._confirmed_list()
        self.record.action_send()
        self.line = self.record.line_ids.filtered(
            lambda line: line.person_id == self.person_a1
        )

    def last_id(self):
        return self.Log.search([], limit=1, order="id desc").id or 0

    def new_entries(self, before):
        return self.Log.search([("id", ">", before)], order="id")

    def assert_no_value(self, entries, *values):
        for entry in entries:
            text = " ".join(
                str(entry[name])
                for name in entry._fields
                if name not in ("activity_ids", "activity_user_id")
            )
            for value in values or (FULL_ID, PHONE, ADDRESS):
                self.assertNotIn(value, text)


@tagged("post_install", "-at_install")
class TestMaskedByRole(MaskingCase):
    """The server masks: the real fields are refused, the twins masked."""

    def test_the_mask(self):
        self.assertEqual(mask_value(FULL_ID, "digits"), MASKED_ID)
        self.assertEqual(mask_value(PHONE, "digits"), "\u2022" * 6 + "5601")
        self.assertEqual(mask_value(ADDRESS, "text"), "\u2022" * 8)
        self.assertEqual(mask_value("12", "digits"), "\u2022" * 4)
        self.assertFalse(mask_value(False, "digits"))

    def test_the_police_read_in_full(self):
        person = self.person_a1.with_user(self.police_user)
        row = person.read(["citizen_id", "phone", "address"])[0]
        self.assertEqual(
            (row["citizen_id"], row["phone"], row["address"]),
            (FULL_ID, PHONE, ADDRESS),
        )
        line = self.line.with_user(self.police_user)
        self.assertEqual(line.read(["citizen_id"])[0]["citizen_id"], FULL_ID)

    def test_masked_roles_read_masked_values(self):
        masked = ["citizen_id_masked", "phone_masked", "address_masked"]
        expected = {
            "citizen_id_masked": MASKED_ID,
            "phone_masked": "\u2022" * 6 + "5601",
            "address_masked": "\u2022" * 8,
        }
        for user in (
            self.chairman_user,
            self.province_user,
            self.vbsp_user,
            self.commune_officer_user,
        ):
            with self.subTest(user=user.login):
                person = self.person_a1.with_user(user)
                for fname in ("citizen_id", "phone", "address"):
                    with (
                        self.assertRaises(AccessError),
                        mute_logger("odoo.models"),
                    ):
                        person.read([fname])
                row = person.read(masked)[0]
                self.assertEqual({name: row[name] for name in masked}, expected)
                # Every field a user may read: the real ones are left out.
                row = person.read()[0]
                self.assertNotIn("citizen_id", row)
                self.assertNotIn(FULL_ID, str(row))
                self.assertEqual(row["citizen_id_masked"], MASKED_ID)
                rows = person.search_read([("id", "=", person.id)], masked)
                self.assertEqual(rows[0]["citizen_id_masked"], MASKED_ID)
                web = person.web_read({name: {} for name in masked})[0]
                self.assertEqual(web["phone_masked"], expected["phone_masked"])
                export = person.export_data(["name", "citizen_id_masked"])["datas"]
                self.assertEqual(export, [[person.name, MASKED_ID]])
                with self.assertRaises(AccessError), mute_logger("odoo.models"):
                    person.export_data(["citizen_id"])
                with self.assertRaises(AccessError), mute_logger("odoo.models"):
                    person.search([("citizen_id", "like", "0200")])
                with self.assertRaises(AccessError), mute_logger("odoo.models"):
                    person.read_group([], ["citizen_id"], ["citizen_id"])

    def test_the_list_s_parties_read_its_lines_in_full(self):
        for user in (self.police_user, self.chairman_user, self.vbsp_user):
            line = self.line.with_user(user)
            self.assertEqual(line.read(["citizen_id"])[0]["citizen_id"], FULL_ID)
        for user in (self.province_user, self.commune_officer_user):
            line = self.line.with_user(user)
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                line.read(["citizen_id"])
            row = line.search_read([("id", "=", line.id)], ["citizen_id_masked"])
            self.assertEqual(row[0]["citizen_id_masked"], MASKED_ID)

    def test_a_masked_role_changes_a_person_not_the_id(self):
        person = self.person_a1.with_user(self.chairman_user)
        person.write({"birth_date": "1990-04-12", "village": "Bản Mới"})
        self.assertEqual(self.person_a1.village, "Bản Mới")
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            person.write({"citizen_id": "020090904513"})
        self.assertEqual(self.person_a1.citizen_id, FULL_ID)


@tagged("post_install", "-at_install")
class TestReveal(MaskingCase):
    def test_a_reveal_is_one_entry_without_the_value(self):
        before = self.last_id()
        action = self.person_a1.with_user(self.chairman_user).action_rehab_reveal(
            "citizen_id"
        )
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["message"], FULL_ID)
        self.assertNotIn(FULL_ID, action["params"]["title"])
        entries = self.new_entries(before)
        self.assertEqual(len(entries), 1)
        self.assertEqual(
            (
                entries.user_id,
                entries.channel,
                entries.res_model,
                entries.res_ids,
                entries.field_names,
                entries.record_count,
            ),
            (
                self.chairman_user,
                "reveal",
                "rehab.person",
                str(self.person_a1.id),
                "citizen_id",
                1,
            ),
        )
        self.assert_no_value(entries)
        # The chatter says nothing of it.
        self.assertFalse(
            self.person_a1.message_ids.filtered(lambda m: FULL_ID in (m.body or ""))
        )

    def test_who_may_reveal_what(self):
        allowed = [
            (self.person_a1, self.chairman_user, "household_rep_citizen_id"),
            (self.person_a1, self.province_user, "citizen_id"),
            (self.person_a1, self.vbsp_user, "citizen_id"),
            (self.person_a1, self.commune_officer_user, "phone"),
            (self.person_a1, self.commune_officer_user, "address"),
            (self.line, self.province_user, "citizen_id"),
            (self.line, self.commune_officer_user, "address"),
        ]
        for record, user, fname in allowed:
            with self.subTest(user=user.login, field=fname, model=record._name):
                before = self.last_id()
                action = record.with_user(user).action_rehab_reveal(fname)
                self.assertEqual(action["params"]["message"], record[fname])
                entries = self.new_entries(before)
                self.assertEqual(
                    (entries.user_id, entries.channel, entries.field_names),
                    (user, "reveal", fname),
                )
        refused = [
            (self.person_a1, self.commune_officer_user, "citizen_id"),
            (self.person_a1, self.commune_officer_user, "household_rep_citizen_id"),
            (self.line, self.commune_officer_user, "citizen_id"),
        ]
        for record, user, fname in refused:
            with self.subTest(user=user.login, field=fname, model=record._name):
                before = self.last_id()
                with self.assertRaises(AccessError):
                    record.with_user(user).action_rehab_reveal(fname)
                self.assertFalse(self.new_entries(before))

    def test_no_reveal_without_access_to_the_record(self):
        for user in (self.savings_user, self.department_user, self.police_b_user):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError), mute_logger("odoo.models"):
                    self.person_a1.with_user(user).action_rehab_reveal("citizen_id")
        # Another commune's person: the record rules first.
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.person_b1.with_user(self.chairman_user).action_rehab_reveal(
                "citizen_id"
            )

    def test_one_record_at_a_time(self):
        people = (self.person_a1 | self.second_a1).with_user(self.chairman_user)
        before = self.last_id()
        for records in (people, people.browse()):
            with self.assertRaises(UserError) as caught:
                records.action_rehab_reveal("citizen_id")
            self.assertNotIsInstance(caught.exception, AccessError)
        self.assertFalse(self.new_entries(before))

    def test_only_the_masked_fields_are_revealed(self):
        person = self.person_a1.with_user(self.chairman_user)
        for fname in ("rehab_route", "name", "__class__", 3, None):
            with self.assertRaises(UserError):
                person.action_rehab_reveal(fname)
        # A button without the field (as the views' check calls it): refused.
        with self.assertRaises(UserError):
            person.action_rehab_reveal()


@tagged("post_install", "-at_install")
class TestSearchByCitizenId(MaskingCase):
    def test_a_masked_role_finds_a_person_by_the_whole_id(self):
        Person = self.env["rehab.person"].with_user(self.chairman_user)
        before = self.last_id()
        found = Person.search([("citizen_id_masked", "=", FULL_ID)])
        self.assertEqual(found, self.person_a1)
        entries = self.new_entries(before)
        self.assertEqual(len(entries), 1)
        self.assertEqual(
            (
                entries.user_id,
                entries.method,
                entries.field_names,
                entries.res_ids,
            ),
            (self.chairman_user, "search", "citizen_id", str(self.person_a1.id)),
        )
        self.assert_no_value(entries)
        # Not by a part of it: no guessing digit by digit.
        self.assertFalse(Person.search([("citizen_id_masked", "ilike", "4512")]))
        self.assertFalse(Person.search([("citizen_id_masked", "ilike", "0200909")]))
        with self.assertRaises(UserError):
            Person.search([("citizen_id_masked", "!=", FULL_ID)])

    def test_the_police_search_by_a_part(self):
        Person = self.env["rehab.person"].with_user(self.police_user)
        self.assertIn(
            self.person_a1, Person.search([("citizen_id_masked", "ilike", "4512")])
        )

    def test_the_search_box_is_one_entry(self):
        """The people list's search box (name or citizen ID), as the web
        client sends it: the search and the page are one entry."""
        Person = self.env["rehab.person"].with_user(self.province_user)
        before = self.last_id()
        result = Person.web_search_read(
            [
                "|",
                ("name", "ilike", FULL_ID),
                ("citizen_id_masked", "ilike", FULL_ID),
            ],
            {"display_name": {}, "citizen_id_masked": {}},
        )
        self.assertEqual([row["id"] for row in result["records"]], self.person_a1.ids)
        self.assertEqual(result["records"][0]["citizen_id_masked"], MASKED_ID)
        entries = self.new_entries(before)
        self.assertEqual(len(entries), 1)
        self.assertEqual(entries.field_names, "citizen_id")
        self.assertEqual(entries.res_ids, str(self.person_a1.id))

    def test_the_list_lines_are_searched_the_same_way(self):
        Line = self.env["rehab.monthly.list.line"].with_user(self.province_user)
        self.assertEqual(Line.search([("citizen_id_masked", "=", FULL_ID)]), self.line)
        with self.assertRaises(UserError):
            Line.search([("citizen_id_masked", "in", [FULL_ID])])
        # The commune officer may not reveal a line's ID: nor search by it.
        Line = Line.with_user(self.commune_officer_user)
        with self.assertRaises(AccessError):
            Line.search([("citizen_id_masked", "=", FULL_ID)])

    def guesses(self):
        """What the mask and the person's birth give away: the province
        (020), the gender and century (0), the year of birth (90) and the
        last four digits (4512); two digits left, 100 guesses."""
        return ["020090%02d4512" % number for number in range(100)]

    def test_a_list_of_guesses_is_refused(self):
        Person = self.env["rehab.person"].with_user(self.province_user)
        guesses = self.guesses()
        self.assertIn(FULL_ID, guesses)
        before = self.last_id()
        for operator, value in (
            ("in", guesses),
            ("in", guesses[:50]),
            ("in", [FULL_ID]),
            ("not in", [FULL_ID]),
            ("=", guesses),
            ("!=", guesses),
            ("=like", FULL_ID),
            ("like", FULL_ID),
            ("not ilike", FULL_ID),
            ("!=", FULL_ID),
        ):
            # Refused, and the guesses are not written to the server's log
            # (Odoo warns of "=" with a list, the values in the message).
            with (
                self.subTest(operator=operator),
                self.assertRaises(UserError),
                self.assertNoLogs("odoo.osv.expression", "WARNING"),
            ):
                Person.search([("citizen_id_masked", operator, value)])
        self.assertFalse(self.new_entries(before))
        # A role that reads the IDs in full: the same rows as with "in".
        Police = self.env["rehab.person"].with_user(self.police_user)
        with self.assertNoLogs("odoo.osv.expression", "WARNING"):
            found = Police.search([("citizen_id", "=", guesses)])
        self.assertEqual(found, Police.search([("citizen_id", "in", guesses)]))
        self.assertIn(FULL_ID, found.mapped("citizen_id"))

    def test_the_bisection_attack_is_refused(self):
        """A hundred guesses in one domain (one "=" each): beyond the day's
        cap, refused, and nothing found."""
        Person = self.env["rehab.person"].with_user(self.chairman_user)
        domain = ["|"] * 99 + [
            ("citizen_id_masked", "=", cid) for cid in self.guesses()
        ]
        with self.assertRaises(UserError):
            Person.search(domain)
        # One by one: thirty searches, then the cap.
        found = Person.browse()
        guesses = iter(self.guesses())
        for cid in guesses:
            found |= Person.search([("citizen_id_masked", "=", cid)])
            if cid == "020090294512":
                break
        with self.assertRaises(UserError):
            Person.search([("citizen_id_masked", "=", next(guesses))])
        entries = self.Log.search(
            [("user_id", "=", self.chairman_user.id), ("method", "=", "search")]
        )
        self.assertEqual(len(entries), 30)
        # 020090904512 is the 91st guess: not reached.
        self.assertFalse(found)

    def test_a_miss_is_logged(self):
        Person = self.env["rehab.person"].with_user(self.vbsp_user)
        before = self.last_id()
        self.assertFalse(Person.search([("citizen_id_masked", "=", "020090994512")]))
        entries = self.new_entries(before)
        self.assertEqual(len(entries), 1)
        self.assertEqual(
            (
                entries.user_id,
                entries.res_model,
                entries.method,
                entries.field_names,
                entries.record_count,
                entries.res_ids or False,
            ),
            (self.vbsp_user, "rehab.person", "search", "citizen_id", 0, False),
        )
        self.assert_no_value(entries, "020090994512")
        # A text that is no citizen ID (a name in the search box) finds
        # nothing by the ID, and is no search by an ID: not logged.
        self.assertFalse(Person.search([("citizen_id_masked", "ilike", "Sáng")]))
        self.assertFalse(self.new_entries(entries.id))

    def test_the_day_s_cap(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "post_rehab_credit.masked_search_cap", "3"
        )
        Person = self.env["rehab.person"].with_user(self.province_user)
        for number in range(3):
            Person.search([("citizen_id_masked", "=", "0200909%05d" % number)])
        before = self.last_id()
        with self.assertRaises(UserError) as caught:
            Person.search([("citizen_id_masked", "=", FULL_ID)])
        self.assertIn("3", str(caught.exception))
        self.assertFalse(self.new_entries(before))
        # Another user, and the commune police, are not held by it.
        Other = Person.with_user(self.chairman_user)
        self.assertEqual(
            Other.search([("citizen_id_masked", "=", FULL_ID)]), self.person_a1
        )
        Police = Person.with_user(self.police_user)
        for __ in range(5):
            self.assertEqual(
                Police.search([("citizen_id_masked", "=", FULL_ID)]), self.person_a1
            )
        # Yesterday's searches do not count today.
        self.env.cr.execute(
            "UPDATE rehab_access_log SET access_day = access_day - 1"
            " WHERE user_id = %s",
            (self.province_user.id,),
        )
        self.assertEqual(
            Person.search([("citizen_id_masked", "=", FULL_ID)]), self.person_a1
        )

    def test_the_commune_officer_does_not_search_by_id(self):
        Person = self.env["rehab.person"].with_user(self.commune_officer_user)
        before = self.last_id()
        with self.assertRaises(AccessError):
            Person.search([("citizen_id_masked", "=", FULL_ID)])
        with self.assertRaises(AccessError):
            Person.search([("citizen_id_masked", "ilike", FULL_ID)])
        self.assertFalse(self.new_entries(before))
        # The people list's search box still finds a person by name.
        self.assertIn(
            self.person_a1,
            Person.search(
                [
                    "|",
                    ("name", "ilike", self.person_a1.name),
                    ("citizen_id_masked", "ilike", self.person_a1.name),
                ]
            ),
        )


@tagged("post_install", "-at_install")
class TestMaskedViews(MaskingCase):
    def arch(self, model, user, view="form"):
        views = self.env[model].with_user(user).get_views([(False, view)])
        return etree.fromstring(views["views"][view]["arch"])

    def reveal_args(self, arch):
        return {
            button.get("args")
            for button in arch.xpath("//button[@name='action_rehab_reveal']")
        }

    def test_the_police_see_the_real_fields(self):
        arch = self.arch("rehab.person", self.police_user)
        self.assertTrue(arch.xpath("//field[@name='citizen_id']"))
        self.assertFalse(arch.xpath("//field[@name='citizen_id_masked']"))
        self.assertFalse(self.reveal_args(arch))

    def test_masked_roles_see_the_masked_fields_and_their_buttons(self):
        arch = self.arch("rehab.person", self.chairman_user)
        self.assertFalse(arch.xpath("//field[@name='citizen_id']"))
        self.assertTrue(arch.xpath("//field[@name='citizen_id_masked']"))
        self.assertEqual(
            self.reveal_args(arch),
            {
                "['citizen_id']",
                "['household_rep_citizen_id']",
                "['phone']",
                "['address']",
            },
        )
        arch = self.arch("rehab.person", self.commune_officer_user)
        self.assertEqual(self.reveal_args(arch), {"['phone']", "['address']"})
        listed = self.arch("rehab.person", self.province_user, "list")
        self.assertTrue(listed.xpath("//field[@name='citizen_id_masked']"))
        self.assertFalse(listed.xpath("//field[@name='citizen_id']"))


@tagged("post_install", "-at_install")
class TestMaskedPrints(HttpCase, MaskingCase):
    """The monthly list in print: the full IDs for its parties (police,
    chairman, bank), masked for the others."""

    def _pdf_text(self, user):
        Report = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(force_report_rendering=True)
        )
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            pdf, __ = Report._render_qweb_pdf(
                "post_rehab_credit.action_report_monthly_list", self.record.ids
            )
        return pdf_text(pdf)

    def test_who_prints_what(self):
        text = self._pdf_text(self.chairman_user)
        self.assertIn(FULL_ID, text)
        text = self._pdf_text(self.province_user)
        self.assertNotIn(FULL_ID, text)
        self.assertIn("4512", text)


@tagged("post_install", "-at_install")
class TestMaskedLoan(LoanCase):
    def test_the_representative_s_id_on_a_loan(self):
        self.person_a1.household_rep_citizen_id = "020085001234"
        loan = self._application()
        self.assertEqual(
            loan.with_user(self.vbsp_user).read(["household_rep_citizen_id"])[0][
                "household_rep_citizen_id"
            ],
            "020085001234",
        )
        for user in (self.savings_user, self.chairman_user, self.province_user):
            with self.subTest(user=user.login):
                record = loan.with_user(user)
                with self.assertRaises(AccessError), mute_logger("odoo.models"):
                    record.read(["household_rep_citizen_id"])
                self.assertEqual(
                    record.read(["household_rep_citizen_id_masked"])[0][
                        "household_rep_citizen_id_masked"
                    ],
                    "\u2022" * 8 + "1234",
                )
        action = loan.with_user(self.chairman_user).action_rehab_reveal(
            "household_rep_citizen_id"
        )
        self.assertEqual(action["params"]["message"], "020085001234")
        with self.assertRaises(AccessError):
            loan.with_user(self.savings_user).action_rehab_reveal(
                "household_rep_citizen_id"
            )


@tagged("post_install", "-at_install")
class TestMaskedOverHttp(JsonRpcMixin, HttpCase, MaskingCase):
    """The same through the web client's route, as any client may call it."""

    def test_rpc_calls_of_a_masked_role(self):
        user = self.chairman_user
        person = self.person_a1
        for method, args, kwargs in (
            ("read", [person.ids, ["citizen_id_masked"]], {}),
            ("search_read", [[("id", "=", person.id)], ["citizen_id_masked"]], {}),
            ("web_read", [person.ids, {"citizen_id_masked": {}}], {}),
        ):
            result, error = self.rpc(user, "rehab.person", method, *args, **kwargs)
            self.assertFalse(error, method)
            self.assertEqual(result[0]["citizen_id_masked"], MASKED_ID, method)
            self.assertNotIn(FULL_ID, str(result))
        result, error = self.rpc(
            user, "rehab.person", "export_data", person.ids, ["citizen_id_masked"]
        )
        self.assertFalse(error)
        self.assertEqual(result["datas"], [[MASKED_ID]])
        for method, args in (
            ("read", [person.ids, ["citizen_id"]]),
            ("search_read", [[("id", "=", person.id)], ["phone"]]),
            ("web_read", [person.ids, {"address": {}}]),
            ("export_data", [person.ids, ["citizen_id"]]),
        ):
            with mute_logger("odoo.http", "odoo.models"):
                result, error = self.rpc(user, "rehab.person", method, *args)
            self.assertTrue(error, method)
            self.assertNotIn(FULL_ID, str(result))

    def test_a_search_by_id_over_rpc(self):
        """The web client's list search (a read-only request): a miss is
        written to the log too; a list of guesses is refused."""
        before = self.last_id()
        result, error = self.rpc(
            self.province_user,
            "rehab.person",
            "web_search_read",
            [("citizen_id_masked", "=", "020090994512")],
            {"display_name": {}},
        )
        self.assertFalse(error)
        self.assertEqual(result["length"], 0)
        entries = self.new_entries(before)
        self.assertEqual(
            (entries.method, entries.field_names, entries.record_count),
            ("search", "citizen_id", 0),
        )
        with mute_logger("odoo.http"):
            result, error = self.rpc(
                self.province_user,
                "rehab.person",
                "web_search_read",
                [("citizen_id_masked", "in", [FULL_ID, "020090994512"])],
                {"display_name": {}},
            )
        self.assertTrue(error)
        self.assertNotIn(FULL_ID, str(result))

    def test_a_reveal_over_rpc(self):
        before = self.last_id()
        result, error = self.rpc(
            self.province_user,
            "rehab.person",
            "action_rehab_reveal",
            self.person_a1.ids,
            "phone",
        )
        self.assertFalse(error)
        self.assertEqual(result["params"]["message"], PHONE)
        entries = self.new_entries(before)
        self.assertEqual(
            (entries.user_id, entries.channel, entries.field_names),
            (self.province_user, "reveal", "phone"),
        )
        with mute_logger("odoo.http"):
            result, error = self.rpc(
                self.commune_officer_user,
                "rehab.person",
                "action_rehab_reveal",
                self.person_a1.ids,
                "citizen_id",
            )
        self.assertTrue(error)
        self.assertFalse(result)
