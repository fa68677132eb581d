"""The person's rights (issue 22, item 5): the extract of everything held on
one person, and the record of the notices they were given."""

import os
import subprocess
import tempfile
from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, tagged
from odoo.tools import mute_logger

from .common import JsonRpcMixin, MonthlyListCase

EXTRACT = "post_rehab_credit.action_report_person_extract"
# The province officer reads the citizen ID masked (models/rehab_masked_mixin.py).
PERSON_SPEC = {"display_name": {}, "citizen_id_masked": {}, "rehab_route": {}}


def pdf_words(pdf):
    """The text of a PDF in reading order (a table cell's lines together),
    its whitespace made single spaces."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "document.pdf")
        with open(path, "wb") as file:
            file.write(pdf)
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", path, "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    return " ".join(text.split())


@tagged("post_install", "-at_install")
class TestPersonExtract(JsonRpcMixin, HttpCase, MonthlyListCase):
    """The extract holds the person's file and who saw it; only the commune
    police and the province officer print it; printing it is logged."""

    def setUp(self):
        super().setUp()
        self.Log = self.env["rehab.access.log"].sudo()
        self.person = self.person_a1
        self.record = self._confirmed_list()
        self.line = self.record.line_ids.filtered(
            lambda line: line.person_id == self.person
        )
        self.assertTrue(self.line)
        # Short names, printed on one line of their cell.
        self.police_user.name = "Lò Ba"
        self.province_user.name = "Cầm Hoa"

    def last_id(self):
        return self.Log.search([], limit=1, order="id desc").id or 0

    def test_extract_holds_the_file_and_who_saw_it(self):
        # The province officer opens the person's form: an entry about them.
        __, error = self.rpc(
            self.province_user,
            "rehab.person",
            "web_read",
            [self.person.id],
            PERSON_SPEC,
        )
        self.assertFalse(error)
        self.env["rehab.person.notice"].with_user(self.police_user).create(
            {"person_id": self.person.id, "channel": "meeting", "acknowledged": True}
        )
        before = self.last_id()
        Report = (
            self.env["ir.actions.report"]
            .with_user(self.police_user)
            .with_context(force_report_rendering=True)
        )
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            content, kind = Report._render_qweb_pdf(EXTRACT, self.person.ids)
        self.assertEqual(kind, "pdf")
        text = pdf_words(content)
        self.assertIn("TRÍCH XUẤT DỮ LIỆU CÁ NHÂN", text)
        for value in (
            self.person.name,
            self.person.citizen_id,
            "Cơ sở cai nghiện tỉnh",
            "45/QĐ-UBND",
            "03/06/2024",
            "12/2026",
            self.province_user.name,
            self.police_user.name,
        ):
            self.assertIn(value, text)
        # The rehab history under its Vietnamese heading, the channel of the
        # access in Vietnamese.
        self.assertIn("Quá trình cai nghiện", text)
        # Who saw the data: the province officer's form, not yet this print.
        seen = text.split("11. Những ai đã xem")[1]
        self.assertIn(self.province_user.name, seen)
        self.assertIn("Biểu mẫu", seen)
        self.assertNotIn(self.police_user.name, seen)
        # The print itself is an entry of the access log, of the police.
        entries = self.Log.search([("id", ">", before)])
        self.assertEqual(len(entries), 1)
        self.assertEqual(entries.user_id, self.police_user)
        self.assertEqual(entries.channel, "report")
        self.assertEqual(entries.res_model, "rehab.person")
        self.assertEqual(entries.res_ids, str(self.person.id))
        self.assertEqual(entries.document, "Extract of the person's data")
        # The next extract lists the print.
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            content, __ = Report.with_user(self.province_user)._render_qweb_pdf(
                EXTRACT, self.person.ids
            )
        seen = pdf_words(content).split("11. Những ai đã xem")[1]
        self.assertIn(self.police_user.name, seen)

    def test_file_name_carries_no_name_nor_citizen_id(self):
        report = self.env.ref(EXTRACT).with_user(self.police_user)
        name = report._rehab_download_name(self.person.ids)
        today = self.person._rehab_today()
        self.assertEqual(
            name,
            "Trich_xuat_du_lieu_%s_%s" % (self.person.id, today.strftime("%Y_%m_%d")),
        )
        for several in (name, report._rehab_download_name([1, 2])):
            self.assertNotIn(self.person.citizen_id, several)
            self.assertNotIn(self.person.name, several)
            self.assertNotIn("Sáng", several)

    def test_roles_refused_over_rpc(self):
        person_id = self.person.id
        with mute_logger("odoo.http"):
            for user in (
                self.chairman_user,
                self.commune_officer_user,
                self.vbsp_user,
                self.department_user,
                self.savings_user,
                self.police_b_user,
            ):
                before = self.last_id()
                __, error = self.rpc(
                    user, "rehab.person", "action_print_extract", [person_id]
                )
                self.assertTrue(error, user.login)
                self.authenticate(user.login, user.login)
                response = self.url_open(
                    "/report/html/post_rehab_credit.report_person_extract/%s"
                    % person_id,
                    allow_redirects=False,
                )
                self.assertNotEqual(response.status_code, 200, user.login)
                self.assertNotIn("45/QĐ-UBND", response.text)
                self.assertEqual(self.last_id(), before, user.login)
        for user in (self.police_user, self.province_user):
            result, error = self.rpc(
                user, "rehab.person", "action_print_extract", [person_id]
            )
            self.assertFalse(error, user.login)
            self.assertEqual(
                result["report_name"], "post_rehab_credit.report_person_extract"
            )
        self.authenticate(self.province_user.login, self.province_user.login)
        response = self.url_open(
            "/report/html/post_rehab_credit.report_person_extract/%s" % person_id
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("45/QĐ-UBND", response.text)

    def test_the_province_officer_prints_it_masked(self):
        """Full IDs, phone and address for the commune police; masked for
        the province officer, whatever the route, several people at once."""
        full = {
            "citizen_id": self.person.citizen_id,
            "phone": "0912345601",
            "address": "Tổ 3 Tô Hiệu",
            "household_rep_citizen_id": "020085001234",
        }
        self.person.write({name: full[name] for name in full if name != "citizen_id"})
        self.second_a1.phone = "0987654321"
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            content, __ = Report.with_user(self.police_user)._render_qweb_pdf(
                EXTRACT, self.person.ids
            )
        text = pdf_words(content)
        for value in full.values():
            self.assertIn(value, text)
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            content, __ = Report.with_user(self.province_user)._render_qweb_pdf(
                EXTRACT, self.person.ids
            )
        text = pdf_words(content)
        for value in full.values():
            self.assertNotIn(value, text)
        for masked in ("\u2022" * 8 + "4512", "\u2022" * 6 + "5601"):
            self.assertIn(masked, text.replace(" ", ""))
        self.assertIn("\u2022" * 8 + "1234", text.replace(" ", ""))
        self.assertIn("45/QĐ-UBND", text)
        # Several people in one print, as the report route renders a list
        # of ids (/report/pdf/<report>/<id>,<id>): each masked.
        people = self.person | self.second_a1
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            content, __ = Report.with_user(self.province_user)._render_qweb_pdf(
                EXTRACT, people.ids
            )
        text = pdf_words(content)
        self.assertIn(self.second_a1.name, text)
        secrets = (*full.values(), self.second_a1.citizen_id, self.second_a1.phone)
        for value in secrets:
            self.assertNotIn(value, text)
        # The route itself (HTML here: a test server cannot print its own PDF).
        self.authenticate(self.province_user.login, self.province_user.login)
        response = self.url_open(
            "/report/html/post_rehab_credit.report_person_extract/%s"
            % ",".join(str(res_id) for res_id in people.ids)
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.second_a1.name, response.text)
        for value in secrets:
            self.assertNotIn(value, response.text)

    def test_several_people_print_one_document_each(self):
        people = self.person | self.second_a1
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(self.province_user)
            ._render_qweb_html(EXTRACT, people.ids)
        )
        self.assertEqual(kind, "html")
        html = content.decode()
        self.assertEqual(html.count("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), 2)
        self.assertIn(self.second_a1.name, html)


@tagged("post_install", "-at_install")
class TestPersonNotice(MonthlyListCase):
    """When and how the person was told about the processing of their data."""

    def _form(self, user=None, person=None):
        return Form(
            self.env["rehab.person.notice"]
            .with_user(user or self.police_user)
            .with_context(default_person_id=(person or self.person_a1).id)
        )

    def test_notice_recorded_through_the_form(self):
        person = self.person_a1
        messages = person.message_ids
        form = self._form()
        default = self.env["rehab.settings"]._person_notice_text()
        self.assertEqual(form.notice_text, default)
        self.assertEqual(form.date, person._rehab_today())
        if "vi_VN" in dict(self.env["res.lang"].get_installed()):
            self.assertIn("Luật số 91/2025/QH15", default)
            self.assertIn("Ngân hàng Chính sách xã hội", default)
        form.channel = "letter"
        form.acknowledged = True
        notice = form.save()
        person.invalidate_recordset(["message_ids"])
        self.assertEqual(notice.user_id, self.police_user)
        self.assertEqual(notice.notice_text, default)
        self.assertEqual(notice.company_id, self.commune_a1)
        # The province officer reads it, from the person's form.
        self.assertEqual(person.with_user(self.province_user).notice_ids, notice)
        self.assertEqual(person.with_user(self.province_user).notice_count, 1)
        # A note in the person's chatter, without any value of their file.
        note = person.message_ids - messages
        self.assertEqual(len(note), 1)
        self.assertIn("Personal data", note.body)
        for value in (person.citizen_id, "voluntary", "45/QĐ-UBND", default[:40]):
            self.assertNotIn(value, note.body)

    def test_an_extract_request_needs_no_text(self):
        form = self._form()
        form.kind = "extract_requested"
        self.assertFalse(form.notice_text)
        entry = form.save()
        self.assertEqual(entry.kind, "extract_requested")
        with self.assertRaises(ValidationError):
            self.env["rehab.person.notice"].with_user(self.police_user).create(
                {"person_id": self.person_a1.id, "notice_text": "  "}
            )

    def test_date_bounds(self):
        today = self.person_a1._rehab_today()
        Notice = self.env["rehab.person.notice"].with_user(self.police_user)
        for day in (today + timedelta(days=1), today - timedelta(days=1)):
            with self.subTest(day=day), self.assertRaises(ValidationError):
                Notice.create({"person_id": self.person_a1.id, "date": day})
        self.assertTrue(Notice.create({"person_id": self.person_a1.id, "date": today}))

    def test_append_only(self):
        notice = self._form().save()
        for user in (self.police_user, self.admin_user, self.province_user):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    notice.with_user(user).write({"acknowledged": True})
                with self.assertRaises(UserError):
                    notice.with_user(user).unlink()
        with self.assertRaises(UserError):
            notice.sudo().write({"channel": "other"})
        with self.assertRaises(UserError):
            notice.sudo().unlink()
        # The person cannot be deleted from under their notices.
        with self.assertRaises(UserError):
            self.person_a1.sudo().unlink()
        # A correction is a new entry naming the one it corrects.
        correction = self._form()
        correction.acknowledged = True
        correction.corrected_id = notice
        correction = correction.save()
        self.assertEqual(correction.corrected_id, notice)
        self.assertFalse(notice.acknowledged)
        with self.assertRaises(ValidationError):
            self.env["rehab.person.notice"].with_user(self.police_user).create(
                {"person_id": self.second_a1.id, "corrected_id": notice.id}
            )

    def test_who_records_and_reads(self):
        Notice = self.env["rehab.person.notice"]
        for user in (self.province_user, self.chairman_user, self.vbsp_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Notice.with_user(user).create({"person_id": self.person_a1.id})
        # The commune police of another commune neither.
        with self.assertRaises(AccessError):
            Notice.with_user(self.police_b_user).create(
                {"person_id": self.person_a1.id}
            )
        # The user is the server's to say.
        notice = Notice.with_user(self.police_user).create(
            {"person_id": self.person_a1.id, "user_id": self.admin_user.id}
        )
        self.assertEqual(notice.user_id, self.police_user)
        for user in (self.commune_officer_user, self.vbsp_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.person_a1.with_user(user).read(["notice_ids"])

    def test_default_text_from_settings(self):
        own = "Thông báo riêng của tỉnh về xử lý dữ liệu cá nhân."
        settings = Form(self.env["rehab.settings"].with_user(self.admin_user))
        settings.rehab_person_notice_text = own
        settings.save().execute()
        self.assertEqual(self._form().notice_text, own)
        # Emptied: the programme's own text again.
        settings = Form(self.env["rehab.settings"].with_user(self.admin_user))
        self.assertEqual(settings.rehab_person_notice_text, own)
        settings.rehab_person_notice_text = ""
        settings.save().execute()
        self.assertEqual(
            self._form().notice_text,
            self.env["rehab.settings"]._default_person_notice_text(),
        )
        # Only the programme administrator saves it.
        with self.assertRaises(AccessError):
            Form(self.env["rehab.settings"].with_user(self.police_user))
