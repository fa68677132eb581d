import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import JsonRpcMixin, set_rule, xlsx_table
from .common_loan import LoanCase
from .document_reading import pdf_text

# The decision of 3 June 2024 (RegistryCase.person_vals): the window's last
# day is 3 June 2034; it has closed on the 4th.
LAST_DAY = "2034-06-03 03:00:00"
CLOSED = "2034-06-04 03:00:00"
# Five years (the default retention) after the archiving on 4 June 2034.
BEFORE_ERASURE = "2039-06-03 03:00:00"
ERASURE = "2039-06-04 03:00:00"
SECRETS = ("Biên bản vi phạm bí mật", "0912345678", "Số 7 ngõ Kín", "Mẹ Kín")


class RetentionCase(LoanCase):
    def run_cron(self, when):
        with freeze_time(when):
            self.env["rehab.person"]._cron_retention()

    def _closed_loan(self):
        """person_a1 borrowed and repaid all: the slip is used, the loan
        closed."""
        loan = self._disbursed()
        self._wizard(
            "rehab.loan.repay",
            loan,
            self.vbsp_user,
            date=date(2026, 7, 1),
            amount=10_055_000,
        ).action_post()
        self.assertEqual(loan.state, "closed")
        return loan

    def _full_file(self, person):
        """The person's file as the police fill it: contact details, the
        household representative, a conduct record, a training confirmation
        (written by the police: the audit trail keeps what it may)."""
        person.with_user(self.police_user).write(
            {
                "phone": SECRETS[1],
                "address": SECRETS[2],
                "household_rep_name": SECRETS[3],
                "household_rep_relation": "Mẹ",
                "household_rep_citizen_id": "020170900011",
                "village": "Bản Mới",
                "training_confirmation": base64.b64encode(b"%PDF-1.4 xac nhan"),
                "training_confirmation_name": "xac_nhan.pdf",
            }
        )
        self.env["rehab.person.conduct"].create(
            [
                {"person_id": person.id, "date": "2025-01-10", "kind": "good"},
                {
                    "person_id": person.id,
                    "date": "2025-03-10",
                    "kind": "violation",
                    "note": SECRETS[0],
                },
            ]
        )
        # What the trail kept before the citizen IDs and phones were left
        # out of it, and a tracked value of the chatter of the same kind.
        model = self.env["ir.model"]._get("rehab.person")
        field = self.env["ir.model.fields"]._get("rehab.person", "citizen_id")
        self.env["auditlog.log"].sudo().create(
            {
                "name": person.name,
                "model_id": model.id,
                "res_id": person.id,
                "method": "create",
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "field_id": field.id,
                            "new_value": person.citizen_id,
                            "new_value_text": person.citizen_id,
                        },
                    ),
                    # And a phone, from before it was masked (the trail
                    # leaves out masked fields since).
                    (
                        0,
                        0,
                        {
                            "field_id": self.env["ir.model.fields"]
                            ._get("rehab.person", "phone")
                            .id,
                            "new_value": SECRETS[1],
                            "new_value_text": SECRETS[1],
                        },
                    ),
                ],
            }
        )
        phone = self.env["ir.model.fields"]._get("rehab.person", "phone")
        person.sudo()._message_log(
            body="Cập nhật",
            tracking_value_ids=[
                (
                    0,
                    0,
                    {
                        "field_id": phone.id,
                        "old_value_char": False,
                        "new_value_char": SECRETS[1],
                    },
                )
            ],
        )

    def trail_lines(self, person):
        return (
            self.env["auditlog.log.line"]
            .sudo()
            .search(
                [
                    ("log_id.model_model", "=", "rehab.person"),
                    ("log_id.res_id", "=", person.id),
                ]
            )
        )

    def trail_text(self, person):
        return " ".join(
            str(line[name])
            for line in self.trail_lines(person)
            for name in ("old_value", "new_value", "old_value_text", "new_value_text")
        )

    def tracking(self, person):
        return (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", "rehab.person"),
                    ("mail_message_id.res_id", "=", person.id),
                ]
            )
        )

    def erasures(self, person):
        return (
            self.env["rehab.erasure.log"].sudo().search([("person_id", "=", person.id)])
        )

    def chatter_text(self, person):
        return " ".join(
            str(message.body)
            for message in self.env["mail.message"]
            .sudo()
            .search([("model", "=", "rehab.person"), ("res_id", "=", person.id)])
        )


@tagged("post_install", "-at_install")
class TestRetentionArchiving(RetentionCase):
    def test_archived_the_day_after_the_window_s_last_day(self):
        # Window's last day today: 4 June 2034.
        closing_today = self.Person.create(
            self.person_vals(
                self.commune_a1,
                name="Cửa sổ đóng hôm nay",
                citizen_id="020090900044",
                decision_date="2024-06-04",
            )
        )
        owing = self._disbursed()
        self.assertEqual(owing.state, "repaying")
        self.run_cron(LAST_DAY)
        self.assertTrue(self.second_a1.active)
        self.run_cron(CLOSED)
        # Closed yesterday, owing nothing: archived today, with a note.
        self.assertFalse(self.second_a1.active)
        self.assertEqual(self.second_a1.archived_date, date(2034, 6, 4))
        self.assertTrue(self.ineligible_a1.with_context(active_test=False).exists())
        self.assertFalse(self.ineligible_a1.active)
        # The window's last day is today: not yet.
        self.assertTrue(closing_today.active)
        self.assertFalse(closing_today.archived_date)
        # Owing: a loan being repaid keeps the person.
        self.assertTrue(self.person_a1.active)
        note = self.chatter_text(self.second_a1)
        self.assertIn("lưu trữ", note)
        self.assertNotIn(self.second_a1.citizen_id, note)
        self.assertNotIn("Cơ sở cai nghiện", note)
        self.assertNotIn("45/QĐ-UBND", note)
        # Nothing erased yet.
        self.assertEqual(self.second_a1.decision_number, "45/QĐ-UBND")
        self.assertFalse(self.erasures(self.second_a1))

    def test_a_second_run_changes_nothing(self):
        self.run_cron(CLOSED)
        messages = self.env["mail.message"].search_count(
            [("model", "=", "rehab.person")]
        )
        logs = self.env["auditlog.log"].sudo().search_count([])
        self.run_cron(CLOSED)
        self.run_cron("2034-06-05 03:00:00")
        self.assertEqual(
            self.env["mail.message"].search_count([("model", "=", "rehab.person")]),
            messages,
        )
        self.assertEqual(self.env["auditlog.log"].sudo().search_count([]), logs)
        self.assertEqual(self.second_a1.archived_date, date(2034, 6, 4))

    def test_a_closed_loan_owes_nothing_a_valid_slip_binds(self):
        self.assertEqual(self.slip.state, "valid")
        self.run_cron(CLOSED)
        # A valid slip: the bank may still make the loan.
        self.assertTrue(self.person_a1.active)
        self._closed_loan()
        self.run_cron(CLOSED)
        self.assertFalse(self.person_a1.active)

    def test_an_application_being_decided_binds(self):
        loan = self._application()
        self.assertEqual(loan.state, "draft")
        self.run_cron(CLOSED)
        self.assertTrue(self.person_a1.active)

    def test_archived_by_hand_the_day_is_kept(self):
        with freeze_time("2030-01-10 03:00:00"):
            self.second_a1.with_user(self.police_user).action_archive()
        self.assertEqual(self.second_a1.archived_date, date(2030, 1, 10))
        self.second_a1.with_user(self.police_user).action_unarchive()
        self.assertFalse(self.second_a1.archived_date)

    def test_only_the_police_and_the_province_archive(self):
        """Archiving then restoring would restart the retention period: the
        chairman (who may edit a person) neither archives nor restores."""
        with freeze_time("2030-01-10 03:00:00"):
            self.second_a1.with_user(self.police_user).action_archive()
        for person, action in (
            (self.second_a1, "action_unarchive"),
            (self.person_a1, "action_archive"),
        ):
            with self.assertRaisesRegex(UserError, "commune police"):
                getattr(person.with_user(self.chairman_user), action)()
            with self.assertRaisesRegex(UserError, "công an xã"):
                getattr(
                    person.with_user(self.chairman_user).with_context(lang="vi_VN"),
                    action,
                )()
        self.assertTrue(self.person_a1.active)
        with self.assertRaisesRegex(UserError, "commune police"):
            self.second_a1.with_user(self.chairman_user).write({"active": True})
        self.assertFalse(self.second_a1.active)
        self.assertEqual(self.second_a1.archived_date, date(2030, 1, 10))
        # The chairman still edits what is theirs to edit.
        self.person_a1.with_user(self.chairman_user).write({"active": True})
        self.second_a1.with_user(self.admin_user).action_unarchive()
        self.assertTrue(self.second_a1.active)

    def test_the_days_are_the_server_s(self):
        with self.assertRaisesRegex(UserError, "set by the server"):
            self.second_a1.with_user(self.police_user).write(
                {"archived_date": "2020-01-01"}
            )
        with self.assertRaisesRegex(UserError, "set by the server"):
            self.second_a1.with_user(self.admin_user).write(
                {"erased_date": "2020-01-01"}
            )


@tagged("post_install", "-at_install")
class TestRetentionErasure(RetentionCase):
    def _class_fixtures(self):
        type(self).person = self.second_a1
        self._full_file(self.person)
        self.run_cron(CLOSED)
        self.assertFalse(self.person.active)
        self.assertIn(SECRETS[1], self.trail_text(self.person))
        self.assertIn(self.person.citizen_id, self.trail_text(self.person))

    def test_erased_after_the_retention_period(self):
        person = self.person
        self.run_cron(BEFORE_ERASURE)
        self.assertEqual(person.rehab_route, "voluntary")
        self.assertFalse(self.erasures(person))
        self.run_cron(ERASURE)
        self.assertEqual(person.erased_date, date(2039, 6, 4))
        for name in (
            "rehab_route",
            "rehab_facility",
            "completion_date",
            "decision_number",
            "decision_date",
            "decision_issuer",
            "phone",
            "address",
            "household_rep_name",
            "household_rep_relation",
            "household_rep_citizen_id",
            "training_confirmation",
            "training_confirmation_name",
            "conduct_ids",
            "conduct",
        ):
            self.assertFalse(person[name], name)
        # Kept: who they are, where, for the loans and confirmed lists.
        self.assertEqual(
            (person.name, person.citizen_id, person.village),
            ("Người thứ hai", "020090900003", "Bản Mới"),
        )
        self.assertFalse(
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "rehab.person"),
                    ("res_id", "=", person.id),
                    ("res_field", "=", "training_confirmation"),
                ]
            )
        )
        # The eligibility says why, and the daily refresh leaves it so.
        self.assertFalse(person.is_eligible)
        self.assertFalse(person.window_end_date)
        self.assertIn("erased", person.with_context(lang="en_US").eligibility_reasons)
        with freeze_time("2039-06-05 03:00:00"):
            self.Person._cron_refresh_eligibility()
        self.assertFalse(person.is_eligible)
        self.assertFalse(person.conduct)
        self.assertFalse(person.window_end_date)

    def test_the_copies_in_the_trail_and_the_chatter(self):
        person = self.person
        self.run_cron(ERASURE)
        text = self.trail_text(person)
        for secret in SECRETS + (person.citizen_id, "020170900011"):
            self.assertNotIn(secret, text)
        # The trail of the fields kept is left as it was.
        self.assertIn("Bản Mới", text)
        village = self.trail_lines(person).filtered(
            lambda line: line.field_name == "village"
        )
        self.assertIn("Bản Mới", village.mapped("new_value_text"))
        tracking = self.tracking(person).filtered(
            lambda value: value.field_id.name == "phone"
        )
        self.assertEqual(len(tracking), 1)
        self.assertFalse(tracking.new_value_char)
        chatter = self.chatter_text(person)
        for secret in SECRETS + (person.citizen_id,):
            self.assertNotIn(secret, chatter)

    def test_the_entry_of_erasure(self):
        person = self.person
        cleared = self.trail_lines(person).filtered(
            lambda line: (
                line.field_name
                in ("phone", "address", "household_rep_name", "citizen_id")
            )
        )
        self.run_cron(ERASURE)
        entry = self.erasures(person)
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.erasure_day, date(2039, 6, 4))
        self.assertEqual(str(entry.erasure_time), "2039-06-04 03:00:00")
        self.assertEqual(entry.archived_date, date(2034, 6, 4))
        self.assertEqual(entry.retention_years, 5)
        self.assertEqual(entry.company_id, self.commune_a1)
        self.assertEqual(entry.province_id, self.province_a)
        self.assertEqual(entry.conduct_count, 2)
        self.assertEqual(entry.attachment_count, 1)
        self.assertEqual(entry.tracking_value_count, 1)
        self.assertGreaterEqual(entry.audit_line_count, len(cleared))
        names = entry.field_names.split(", ")
        for name in ("rehab_route", "decision_number", "phone", "conduct_ids"):
            self.assertIn(name, names)
        self.assertIn(
            "Management decision number",
            entry.with_context(lang="en_US").field_labels,
        )
        text = " ".join(str(entry[name]) for name in entry._fields)
        for secret in SECRETS + (person.citizen_id, "45/QĐ-UBND", "voluntary"):
            self.assertNotIn(secret, text)
        # Idempotent: a second run erases nothing more.
        self.run_cron(ERASURE)
        self.run_cron("2039-06-05 03:00:00")
        self.assertEqual(len(self.erasures(person)), 1)

    def test_the_retention_period_is_a_setting(self):
        set_rule(self.env, "retention_years", 2)
        self.run_cron("2036-06-03 03:00:00")
        self.assertFalse(self.person.erased_date)
        self.run_cron("2036-06-04 03:00:00")
        self.assertEqual(self.person.erased_date, date(2036, 6, 4))
        self.assertEqual(self.erasures(self.person).retention_years, 2)

    def test_restored_without_history_never_eligible_silently(self):
        person = self.person
        self.run_cron(ERASURE)
        with freeze_time("2039-07-01 03:00:00"):
            person.with_user(self.police_user).action_unarchive()
        self.assertTrue(person.active)
        # It was erased: the record keeps saying so.
        self.assertEqual(person.erased_date, date(2039, 6, 4))
        self.assertFalse(person.archived_date)
        self.assertFalse(person.is_eligible)
        reasons = person.with_context(lang="en_US").eligibility_reasons
        self.assertIn("Rehab route or its completion is not recorded", reasons)
        self.assertIn("nhập lại", self.chatter_text(person))
        # The entry of erasure stays.
        self.assertEqual(len(self.erasures(person)), 1)
        # Archived again, their data (entered again) are erased again after
        # the period, counted from the new archiving.
        with freeze_time("2039-07-02 03:00:00"):
            person.with_user(self.police_user).action_archive()
        self.assertEqual(person.archived_date, date(2039, 7, 2))
        self.run_cron("2044-07-01 03:00:00")
        self.assertEqual(len(self.erasures(person)), 1)
        self.run_cron("2044-07-02 03:00:00")
        self.assertEqual(len(self.erasures(person)), 2)
        self.assertEqual(person.erased_date, date(2044, 7, 2))


@tagged("post_install", "-at_install")
class TestRetentionOverRpc(JsonRpcMixin, HttpCase, RetentionCase):
    def _entry(self):
        return (
            self.env["rehab.erasure.log"]
            .sudo()
            .create(
                {
                    "person_id": self.second_a1.id,
                    "company_id": self.commune_a1.id,
                    "province_id": self.province_a.id,
                    "erasure_time": "2039-06-04 03:00:00",
                    "erasure_day": "2039-06-04",
                    "field_names": "phone",
                }
            )
        )

    def test_nobody_runs_the_erasure_over_rpc(self):
        with mute_logger("odoo.http"):
            for user in (self.police_user, self.admin_user, self.province_user):
                for method in (
                    "_cron_retention",
                    "_job_retention_erase",
                    "_erase_sensitive_data",
                ):
                    __, error = self.rpc(
                        user, "rehab.person", method, [self.second_a1.id]
                    )
                    self.assertTrue(error, (user.login, method))
                __, error = self.rpc(
                    user,
                    "rehab.person",
                    "write",
                    [self.second_a1.id],
                    {"erased_date": "2020-01-01"},
                )
                self.assertTrue(error, user.login)
        self.assertTrue(self.second_a1.active)
        self.assertEqual(self.second_a1.rehab_route, "voluntary")
        self.assertFalse(self.second_a1.erased_date)

    def test_nobody_changes_or_deletes_an_entry(self):
        entry = self._entry()
        with mute_logger("odoo.http"):
            for user in (self.province_user, self.admin_user, self.police_user):
                for method, args in (
                    ("write", [[entry.id], {"field_names": "x"}]),
                    ("unlink", [[entry.id]]),
                    (
                        "create",
                        [{"person_id": self.second_a1.id, "field_names": "x"}],
                    ),
                ):
                    __, error = self.rpc(user, "rehab.erasure.log", method, *args)
                    self.assertTrue(error, (user.login, method))
        admin = self.env.ref("base.user_admin")
        with self.assertRaises(UserError):
            entry.with_user(admin).sudo().write({"field_names": "x"})
        with self.assertRaises(UserError):
            entry.with_user(admin).sudo().unlink()
        with self.assertRaises(UserError):
            self.second_a1.sudo().unlink()
        self.assertEqual(entry.exists(), entry)
        self.assertEqual(entry.field_names, "phone")

    def test_who_reads_the_entries(self):
        entry = self._entry()
        Log = self.env["rehab.erasure.log"]
        for user in (self.province_user, self.admin_user):
            self.assertEqual(Log.with_user(user).search([]), entry)
        for user in (self.police_user, self.chairman_user, self.vbsp_user):
            with self.assertRaises(AccessError):
                Log.with_user(user).search([])
        __, error = self.rpc(
            self.province_user,
            "rehab.erasure.log",
            "read",
            [entry.id],
            ["field_labels"],
        )
        self.assertFalse(error)


@tagged("post_install", "-at_install")
class TestRetentionPrints(HttpCase, RetentionCase):
    """PDFs are rendered by wkhtmltopdf, which calls the server back: an
    HttpCase shares the test's transaction with it."""

    def test_prints_after_erasure(self):
        """The confirmed list, its slip and the loans print as signed."""
        # person_a1 borrowed and repaid: archived, then erased with the rest.
        self._full_file(self.second_a1)
        self.person_a1.write(
            {"household_rep_name": "Bố Ký", "household_rep_citizen_id": "020160900011"}
        )
        loan = self._closed_loan()
        self.assertEqual(loan.household_rep_citizen_id, "020160900011")
        self.run_cron(CLOSED)
        self.assertFalse(self.person_a1.active)
        self.run_cron(ERASURE)
        self.assertTrue(self.person_a1.erased_date)
        self.assertTrue(self.second_a1.erased_date)
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        content, kind = Report.with_user(self.police_user)._render(
            "post_rehab_credit.action_report_monthly_list", self.record.ids
        )
        self.assertEqual(kind, "pdf")
        text = pdf_text(content)
        for person in (self.person_a1, self.second_a1):
            self.assertIn(person.name, text)
            self.assertIn(person.citizen_id, text)
        content, kind = Report.with_user(self.police_user)._render_xlsx(
            "post_rehab_credit.action_report_monthly_list_xlsx", self.record.ids, {}
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = [row for row in xlsx_table(sheet) if isinstance(row[0], int)]
        self.assertEqual(
            {row[1] for row in rows}, set(self.record.line_ids.mapped("person_name"))
        )
        content, kind = Report.with_user(self.police_user)._render(
            "post_rehab_credit.action_report_referral_slip", self.slip.ids
        )
        text = pdf_text(content)
        self.assertIn(self.person_a1.name, text)
        self.assertIn(self.person_a1.citizen_id, text)
        content, kind = Report.with_user(self.vbsp_user)._render_xlsx(
            "post_rehab_credit.action_report_loan_portfolio_xlsx", loan.ids, {}
        )
        book = openpyxl.load_workbook(io.BytesIO(content))
        cells = " ".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value
        )
        self.assertIn(self.person_a1.name, cells)
        # The loan keeps the representative who signed it; the person not.
        self.assertEqual(
            (loan.household_rep_name, loan.household_rep_citizen_id),
            ("Bố Ký", "020160900011"),
        )
        self.assertFalse(self.person_a1.household_rep_citizen_id)
