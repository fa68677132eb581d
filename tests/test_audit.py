from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common_loan import LoanCase

# The rehab history of the person created below: none of it may reach the trail.
HISTORY = ("Trung tâm cai nghiện Bí Mật", "77/QĐ-KIỂMTOÁN", "UBND xã Kiểm Toán")


@tagged("post_install", "-at_install")
class TestAuditTrail(LoanCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        police_b = cls.env["res.company"].create(
            {
                "name": "Test police B",
                "agency_type": "province_police",
                "parent_id": cls.province_b.id,
            }
        )
        cls.province_b_user = new_test_user(
            cls.env,
            login="t_province_b",
            groups="base.group_user,post_rehab_credit.group_province_officer",
            company_id=police_b.id,
            company_ids=[(6, 0, police_b.ids)],
        )

    def _logs(self, record, method=None, user=None):
        domain = [("model_model", "=", record._name), ("res_id", "=", record.id)]
        if method:
            domain.append(("method", "=", method))
        Log = self.env["auditlog.log"]
        return (Log.with_user(user) if user else Log).search(domain, order="id")

    def _new_person(self):
        return self.Person.with_user(self.police_user).create(
            self.person_vals(
                self.commune_a1,
                name="Lò Văn Kiểm",
                citizen_id="020090904598",
                rehab_facility=HISTORY[0],
                decision_number=HISTORY[1],
                decision_issuer=HISTORY[2],
            )
        )

    def _trail_text(self, logs):
        return " ".join(
            str(value)
            for line in logs.line_ids
            for value in (
                line.old_value,
                line.new_value,
                line.old_value_text,
                line.new_value_text,
            )
        )

    def test_person_trail_without_rehab_history(self):
        person = self._new_person()
        created = self._logs(person, "create")
        self.assertEqual(len(created), 1)
        self.assertEqual(created.user_id, self.police_user)
        self.assertEqual(created.company_id, self.commune_a1)
        logged = set(created.line_ids.mapped("field_name"))
        self.assertTrue({"name", "village", "amount_needed"} <= logged)
        # Nor the citizen IDs: the trail is read without an access-log entry.
        self.assertFalse(
            logged
            & {
                "citizen_id",
                "household_rep_citizen_id",
                "rehab_route",
                "rehab_facility",
                "completion_date",
                "decision_number",
                "decision_date",
                "decision_issuer",
                "conduct",
                "conduct_ids",
                "window_end_date",
                "eligibility_reasons",
                "training_confirmation",
                "message_ids",
            }
        )

        person.with_user(self.police_user).write(
            {"village": "Bản Mới", "rehab_facility": "Cơ sở khác"}
        )
        changed = self._logs(person, "write")
        self.assertEqual(len(changed), 1)
        self.assertEqual(changed.user_id, self.police_user)
        self.assertEqual(changed.line_ids.mapped("field_name"), ["village"])
        self.assertEqual(changed.line_ids.old_value_text, "Bản Khòn Pổ")
        self.assertEqual(changed.line_ids.new_value_text, "Bản Mới")
        self.assertEqual(changed.operation, "write")
        # The changed field is named in the reader's language.
        self.assertEqual(
            changed.line_ids.with_context(lang="vi_VN").field_label,
            "Thôn, bản, tổ dân phố",
        )
        self.assertEqual(
            changed.line_ids.with_user(self.province_user).field_label,
            "Village / residential group",
        )
        labels = dict(
            changed._fields["operation"]._description_selection(
                self.env(context={"lang": "vi_VN"})
            )
        )
        self.assertEqual(labels["write"], "Sửa")

        # A change of the rehab history alone leaves no trace.
        person.with_user(self.police_user).write({"decision_number": "78/QĐ"})
        self.assertEqual(len(self._logs(person, "write")), 1)

        person.with_user(self.police_user).unlink()
        deleted = self._logs(person, "unlink")
        self.assertEqual(deleted.operation, "unlink")
        self.assertEqual(deleted.user_id, self.police_user)
        self.assertEqual(deleted.company_id, self.commune_a1)
        self.assertIn("Lò Văn Kiểm", deleted.line_ids.mapped("old_value_text"))

        text = self._trail_text(self._logs(person))
        for secret in HISTORY + ("Cơ sở khác", "78/QĐ"):
            self.assertNotIn(secret, text)

    def test_daily_eligibility_refresh_leaves_no_trail(self):
        person = self._new_person()
        self.assertTrue(person.is_eligible)
        before = self._logs(person)
        # The 10-year window from the decision of 3 June 2024 has closed.
        with freeze_time("2034-07-01"):
            self.Person._cron_refresh_eligibility()
        self.assertFalse(person.is_eligible)
        self.assertEqual(self._logs(person), before)

    def test_lines_removed_by_hand_are_logged_not_read_by_the_runs(self):
        record = self._list(month="2027-01-01")
        self.assertGreater(len(record.line_ids), 1)
        # The police take a line off the draft in its form: in the trail.
        line = record.line_ids[0]
        record.with_user(self.police_user).write({"line_ids": [(2, line.id)]})
        (removed,) = self._logs(record, "write", user=None).filtered(
            lambda log: log.user_id == self.police_user
        )
        self.assertIn("line_ids", removed.line_ids.mapped("field_name"))
        # The run marking the list late reads no line into its entry.
        self.List._mark_late(record.month_date)
        self.assertTrue(record.is_late)
        late = self._logs(record, "write") - removed
        self.assertEqual(late.line_ids.mapped("field_name"), ["is_late"])

    def test_list_and_slip_transitions_are_logged(self):
        record = self.record  # submitted, confirmed and sent in setUp
        writes = self._logs(record, "write")
        by_user = {
            log.user_id: set(log.line_ids.mapped("field_name")) for log in writes
        }
        self.assertIn("state", by_user[self.police_user])
        self.assertIn("confirmed_by_id", by_user[self.chairman_user])
        states = [
            (line.old_value, line.new_value)
            for line in writes.line_ids
            if line.field_name == "state"
        ]
        self.assertEqual(
            states,
            [("draft", "submitted"), ("submitted", "confirmed"), ("confirmed", "sent")],
        )
        slip = self.slip
        slip_log = self._logs(slip, "create")
        self.assertEqual(slip_log.company_id, self.commune_a1)
        self.assertIn("expiry_date", slip_log.line_ids.mapped("field_name"))

    def test_loan_trail_of_people_not_of_the_daily_run(self):
        loan = self._disbursed()
        created = self._logs(loan, "create")
        self.assertEqual(created.user_id, self.vbsp_user)
        self.assertEqual(created.company_id, self.commune_a1)
        decided = self._logs(loan, "write").filtered(
            lambda log: "decision_date" in log.line_ids.mapped("field_name")
        )
        self.assertEqual(decided.user_id, self.vbsp_user)
        before = len(self._logs(loan))
        with freeze_time(date(2026, 9, 15)):
            self.Loan._cron_overdue()
        self.assertGreater(loan.days_past_due, 0)
        self.assertEqual(len(self._logs(loan)), before)

    def test_who_reads_the_trail(self):
        person = self._new_person()
        person_b = self.person_b1
        person_b.with_user(self.police_b_user).write({"village": "Bản B mới"})
        for user in (self.province_user, self.admin_user):
            logs = self._logs(person, user=user)
            self.assertEqual(len(logs), 1, user.login)
            self.assertTrue(logs.line_ids.with_user(user).read(["field_name"]))
        # A department reads no person's data, not even through the trail.
        self.assertFalse(self._logs(person, user=self.department_user))
        self.assertFalse(
            self.env["auditlog.log.line"]
            .with_user(self.department_user)
            .search([("log_id.res_id", "=", person.id)])
        )
        trail_b = self._logs(person_b)
        self.assertIn(self.police_b_user, trail_b.user_id)
        self.assertEqual(self._logs(person_b, user=self.admin_user), trail_b)
        self.assertEqual(self._logs(person_b, user=self.province_b_user), trail_b)
        self.assertFalse(self._logs(person, user=self.province_b_user))
        self.assertFalse(self._logs(person_b, user=self.province_user))
        for user in (self.police_user, self.chairman_user, self.vbsp_user):
            with self.assertRaises(AccessError):
                self._logs(person, user=user)
        # The trail is read, never edited, by the province.
        with self.assertRaises(AccessError):
            self._logs(person, user=self.province_user).with_user(
                self.province_user
            ).unlink()

    def test_the_trail_speaks_vietnamese(self):
        """OCA auditlog's own labels, translated by i18n_extra/vi.po."""
        Log = self.env["auditlog.log"].with_context(lang="vi_VN")
        described = Log.fields_get(["name", "line_ids", "user_id", "company_id"])
        self.assertEqual(described["name"]["string"], "Bản ghi")
        self.assertEqual(described["line_ids"]["string"], "Trường thay đổi")
        self.assertEqual(described["company_id"]["string"], "Cơ quan")
        Line = self.env["auditlog.log.line"].with_context(lang="vi_VN")
        described = Line.fields_get(["old_value_text", "new_value_text"])
        self.assertEqual(described["old_value_text"]["string"], "Giá trị cũ")
        self.assertEqual(described["new_value_text"]["string"], "Giá trị mới")

    def test_the_trail_shows_values_as_the_reader_reads_them(self):
        """Not «male», «True», «1990-04-12» or «(16, 'UBND xã …')»."""
        person = self._new_person()
        person.with_user(self.police_user).write({"purpose": "training"})

        def shown(method):
            lines = (
                self._logs(person, method)
                .line_ids.with_user(self.province_user)
                .with_context(lang="vi_VN")
            )
            return {
                line.field_name: (line.old_value_label, line.new_value_label)
                for line in lines
            }

        created = shown("create")
        self.assertEqual(created["gender"], ("", "Nam"))
        self.assertEqual(created["active"], ("", "Có"))
        self.assertEqual(created["birth_date"], ("", "12/04/1990"))
        self.assertEqual(created["amount_needed"], ("", "50.000.000"))
        self.assertEqual(created["company_id"], ("", self.commune_a1.name))
        self.assertEqual(created["village"], ("", "Bản Khòn Pổ"))
        self.assertEqual(
            shown("write")["purpose"], ("Sản xuất, kinh doanh", "Học nghề")
        )
