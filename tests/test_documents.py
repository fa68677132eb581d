import io
import re
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from reportlab.pdfgen import canvas

from odoo.addons.post_rehab_credit.models.ir_actions_report import number_pages
from odoo.addons.post_rehab_credit.tools import document_rules, loan_rules
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import config, convert_file, mute_logger

from .common import MonthlyListCase, PostRehabCreditCase
from .common_review import ReviewCase
from .common_session import SessionCase
from .document_reading import first_page_png, pdf_fonts, pdf_pages, positions

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PLACE_DATE = re.compile(r"Tân Thanh, ngày (\d\d) tháng (\d+) năm (\d{4})")


class TestDocumentRules(TransactionCase):
    def test_names_of_a_people_committee(self):
        rules = document_rules
        self.assertEqual(
            rules.split_committee_name("UBND xã Tân Thanh"), ("xã", "Tân Thanh")
        )
        self.assertEqual(
            rules.split_committee_name("Ủy ban nhân dân phường Tô Hiệu"),
            ("phường", "Tô Hiệu"),
        )
        self.assertEqual(
            rules.split_committee_name("UBND thị trấn Bắc Mê"),
            ("thị trấn", "Bắc Mê"),
        )
        self.assertEqual(rules.split_committee_name("Sở Tài chính"), (None, None))
        self.assertEqual(
            rules.document_name("UBND tỉnh Tuyên Quang"),
            "Ủy ban nhân dân tỉnh Tuyên Quang",
        )
        self.assertEqual(rules.document_name("Sở Tài chính"), "Sở Tài chính")
        self.assertEqual(rules.police_name("UBND xã Tân Thanh"), "Công an xã Tân Thanh")
        self.assertEqual(rules.police_name("Sở Tài chính"), "")
        self.assertEqual(rules.place_name("Sở Tài chính", "Tuyên Quang"), "Tuyên Quang")

    def test_heading_lines(self):
        lines = document_rules.heading_lines
        self.assertEqual(
            lines("Ủy ban nhân dân xã Tân Thanh"), ["ỦY BAN NHÂN DÂN", "XÃ TÂN THANH"]
        )
        self.assertEqual(lines("Công an xã Tân Thanh"), ["CÔNG AN XÃ TÂN THANH"])
        self.assertEqual(lines(""), [])

    def test_date_written_in_full_with_the_decree_zeros(self):
        """Days below 10 and the months 1 and 2 take a leading zero."""
        parts = document_rules.date_parts
        self.assertEqual(
            parts(date(2026, 2, 5)), {"day": "05", "month": "02", "year": "2026"}
        )
        self.assertEqual(
            parts(date(2026, 1, 9)), {"day": "09", "month": "01", "year": "2026"}
        )
        self.assertEqual(
            parts(date(2026, 3, 10)), {"day": "10", "month": "3", "year": "2026"}
        )
        self.assertEqual(
            parts(date(2026, 12, 31)), {"day": "31", "month": "12", "year": "2026"}
        )
        self.assertIsNone(parts(False))


class TestAgencyDocumentNames(PostRehabCreditCase):
    def test_defaults_from_the_records_and_kept_when_corrected(self):
        Company = self.env["res.company"]
        commune = Company.create(
            {
                "name": "UBND xã Tân Thanh",
                "agency_type": "commune",
                "parent_id": self.province_a.id,
                "city": "Bắc Mê",
            }
        )
        self.assertEqual(commune.document_name, "Ủy ban nhân dân xã Tân Thanh")
        self.assertEqual(commune.document_place, "Tân Thanh")
        self.assertFalse(commune.document_parent_name)
        self.assertEqual(commune.signer_authority, "TM. ỦY BAN NHÂN DÂN")
        self.assertEqual(commune.signer_title, "CHỦ TỊCH")
        self.assertEqual(commune.police_document_name, "Công an xã Tân Thanh")
        self.assertEqual(commune.police_signer_title, "TRƯỞNG CÔNG AN XÃ")
        # A department is governed by its province's People's Committee.
        self.province_a.name = "UBND tỉnh Tuyên Quang"
        department = Company.create(
            {
                "name": "Sở Tài chính tỉnh Tuyên Quang",
                "agency_type": "department",
                "parent_id": self.province_a.id,
            }
        )
        self.assertEqual(
            department.document_parent_name, "Ủy ban nhân dân tỉnh Tuyên Quang"
        )
        self.assertEqual(department.document_place, "Tuyên Quang")
        self.assertEqual(department.signer_title, "GIÁM ĐỐC")
        self.assertFalse(department.police_document_name)
        # One part given at creation leaves the others derived.
        office = Company.create(
            {
                "name": "Phòng giao dịch NHCSXH huyện Bắc Mê",
                "agency_type": "vbsp_office",
                "parent_id": self.province_a.id,
                "city": "Bắc Mê",
                "document_parent_name": "Chi nhánh NHCSXH tỉnh Tuyên Quang",
            }
        )
        self.assertEqual(
            office.document_parent_name, "Chi nhánh NHCSXH tỉnh Tuyên Quang"
        )
        self.assertEqual(office.document_name, "Phòng giao dịch NHCSXH huyện Bắc Mê")
        self.assertEqual(office.document_place, "Bắc Mê")
        self.assertEqual(office.signer_title, "GIÁM ĐỐC")
        # What the agency corrects stays.
        department.document_parent_name = "UBND TỈNH TUYÊN QUANG"
        department.invalidate_recordset()
        self.assertEqual(department.document_parent_name, "UBND TỈNH TUYÊN QUANG")


class TestAddresses(TransactionCase):
    def test_public_url_from_the_configuration_at_install(self):
        params = self.env["ir.config_parameter"].sudo()
        settings = self.env["rehab.settings"]
        # A host's address is left as it was, frozen or not.
        params.set_param("web.base.url", "https://erp.sonla.gov.vn")
        params.set_param("web.base.url.freeze", False)
        with patch.dict(config.options, {"http_port": 8765}):
            settings._init_public_url()
        self.assertEqual(params.get_param("web.base.url"), "https://erp.sonla.gov.vn")
        self.assertFalse(params.get_param("web.base.url.freeze"))
        # A database without any address (Odoo keeps the parameter, blank)
        # gets this server's.
        params.set_param("web.base.url", " ")
        with patch.dict(config.options, {"http_port": 8765}):
            settings._init_public_url()
        self.assertEqual(params.get_param("web.base.url"), "http://localhost:8765")
        self.assertFalse(params.get_param("web.base.url.freeze"))
        # The configuration file's option sets it for good.
        with patch.dict(
            config.options,
            {"post_rehab_credit_public_url": "https://tindung.sonla.gov.vn/"},
        ):
            settings._init_public_url()
        self.assertEqual(
            params.get_param("web.base.url"), "https://tindung.sonla.gov.vn"
        )
        self.assertEqual(params.get_param("web.base.url.freeze"), "True")
        with patch.dict(config.options, {"http_port": 8765}):
            settings._init_public_url()
        self.assertEqual(
            params.get_param("web.base.url"), "https://tindung.sonla.gov.vn"
        )

    def test_installing_leaves_the_host_s_address(self):
        """The data file's call, as at install, on a host with its address."""
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("web.base.url", "https://erp.example.org")
        params.set_param("web.base.url.freeze", False)
        with patch.dict(config.options, {"http_port": 8765}):
            convert_file(
                self.env,
                "post_rehab_credit",
                "data/ir_config_parameter_data.xml",
                {},
                mode="init",
                noupdate=True,
            )
        self.assertEqual(params.get_param("web.base.url"), "https://erp.example.org")

    def test_activating_the_dong_hands_no_group_to_the_host_s_users(self):
        """A host booking in another currency, the đồng inactive: installing
        the addon activates it and gives nobody «Multi-currency»."""
        group_user = self.env.ref("base.group_user")
        multi = self.env.ref("base.group_multi_currency")
        group_user.sudo()._remove_group(multi.sudo())
        clerk = new_test_user(self.env, login="host_clerk", groups="base.group_user")
        self.assertNotIn(multi, clerk.groups_id)
        groups_before = {
            user.id: user.groups_id.ids
            for user in self.env["res.users"].with_context(active_test=False).search([])
        }
        vnd = self.env.ref("base.VND")
        # The host's database: the đồng not in use (written as Odoo's own
        # data does, without the group's toggling).
        vnd._write({"active": False})
        vnd.invalidate_recordset(["active"])
        self.assertFalse(vnd.active)
        convert_file(
            self.env,
            "post_rehab_credit",
            "data/res_currency_data.xml",
            {},
            mode="init",
            noupdate=False,
        )
        vnd.invalidate_recordset(["active"])
        self.assertTrue(vnd.active)
        self.env.invalidate_all()
        self.assertNotIn(multi, group_user.implied_ids)
        self.assertEqual(
            {
                user.id: user.groups_id.ids
                for user in self.env["res.users"]
                .with_context(active_test=False)
                .search([])
            },
            groups_before,
        )
        self.assertNotIn(multi, clerk.groups_id)

    def test_documents_fetch_their_styles_from_this_server(self):
        Report = self.env["ir.actions.report"]
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("report.url", False)
        params.set_param("web.base.url", "http://tindung.example.org")
        slip = self.env.ref("post_rehab_credit.action_report_referral_slip")
        with patch.dict(config.options, {"http_port": 8765, "http_interface": ""}):
            self.assertEqual(slip._get_report_url(), "http://127.0.0.1:8765")
            # Another addon's documents keep Odoo's rule.
            other = Report.search([("model", "=", "res.partner")], limit=1)
            if other:
                self.assertEqual(other._get_report_url(), "http://tindung.example.org")
        params.set_param("report.url", "http://10.0.0.5:8069")
        self.assertEqual(slip._get_report_url(), "http://10.0.0.5:8069")


class TestPageNumbers(TransactionCase):
    def test_numbered_from_the_second_page(self):
        buffer = io.BytesIO()
        pdf = canvas.Canvas(buffer, pagesize=(595, 842))
        for text in ("first", "second", "third"):
            pdf.drawString(100, 400, text)
            pdf.showPage()
        pdf.save()
        pages = pdf_pages(number_pages(buffer.getvalue()))
        self.assertEqual(pages[0].split(), ["first"])
        self.assertEqual(pages[1].split(), ["2", "second"])
        self.assertEqual(pages[2].split(), ["3", "third"])
        one = io.BytesIO()
        pdf = canvas.Canvas(one)
        pdf.drawString(100, 400, "alone")
        pdf.save()
        self.assertEqual(number_pages(one.getvalue()), one.getvalue())


@tagged("post_install", "-at_install")
class TestPrintedDocuments(HttpCase, MonthlyListCase):
    """The PDFs as printed, read back from their text layer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.province_a.name = "UBND tỉnh Hà Giang"
        cls.police_a.name = "Công an tỉnh Hà Giang"
        cls.commune_a1.write({"name": "UBND xã Tân Thanh", "city": "Bắc Mê"})
        cls.office_a.write(
            {"name": "Phòng giao dịch NHCSXH huyện Bắc Mê", "city": "Bắc Mê"}
        )
        cls.police_user.name = "Hoàng Văn Tuấn"
        cls.chairman_user.name = "Lương Thị Hạnh"

    def _pdf(self, report, records, user):
        Report = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(force_report_rendering=True)
        )
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            pdf, kind = Report._render_qweb_pdf(report, records.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return pdf

    def assertReadsBack(self, pdf, parts):
        """Every part present, in this order, and every font embedded."""
        text = pdf_pages(pdf)[0]
        found = positions(text, parts)
        for part, where in zip(parts, found, strict=True):
            self.assertGreaterEqual(where, 0, "%r not found in:\n%s" % (part, text))
        self.assertEqual(found, sorted(found), "parts out of order in:\n%s" % text)
        for name, embedded in pdf_fonts(pdf):
            self.assertTrue(embedded, "font %s not embedded" % name)
        png = first_page_png(pdf)
        self.assertEqual(png[:8], b"\x89PNG\r\n\x1a\n")
        return text

    def test_referral_slip(self):
        record = self._confirmed_list()
        line = record.line_ids.filtered(lambda line: line.person_id == self.person_a1)
        slip = self.env["rehab.referral.slip"].browse(
            line.with_user(self.police_user).action_issue_slip()["res_id"]
        )
        pdf = self._pdf(
            "post_rehab_credit.action_report_referral_slip", slip, self.police_user
        )
        text = self.assertReadsBack(
            pdf,
            [
                "ỦY BAN NHÂN DÂN",
                "XÃ TÂN THANH",
                "Số: %s" % slip.name,
                "PHIẾU GIỚI THIỆU",
                "Kính gửi: Phòng giao dịch NHCSXH huyện Bắc Mê",
                self.person_a1.name,
                self.person_a1.citizen_id,
                "50.000.000 đồng",
                "Nơi nhận:",
                "Lương Thị Hạnh",
            ],
        )
        self.assertIn(NATION, text)
        self.assertIn(MOTTO, text)
        day = slip.issue_date
        match = PLACE_DATE.search(text)
        self.assertTrue(match, text)
        self.assertEqual(
            match.groups(),
            tuple(
                document_rules.date_parts(day)[key] for key in ("day", "month", "year")
            ),
        )
        self.assertNotIn("Bắc Mê,", text)
        self.assertNotIn("DỰ THẢO", text)
        # Confirmed by the commune's own committee (a ward's says phường).
        self.assertRegex(
            text,
            r"đã\s+được\s+xác\s+nhận\s+bởi\s+Ủy\s+ban\s+nhân\s+dân\s+xã\s+Tân\s+Thanh",
        )

    def test_monthly_list_draft(self):
        draft = self._list()
        pdf = self._pdf(
            "post_rehab_credit.action_report_monthly_list", draft, self.police_user
        )
        text = self.assertReadsBack(
            pdf,
            [
                "DỰ THẢO",
                "CÔNG AN TỈNH HÀ GIANG",
                "CÔNG AN XÃ TÂN THANH",
                "DANH SÁCH",
                self.person_a1.name,
                "TRƯỞNG CÔNG AN XÃ",
            ],
        )
        self.assertIn("Tân Thanh, ngày … tháng … năm …", text)

    def test_monthly_list_confirmed(self):
        record = self._confirmed_list()
        pdf = self._pdf(
            "post_rehab_credit.action_report_monthly_list", record, self.chairman_user
        )
        text = "\n".join(pdf_pages(pdf))
        self.assertNotIn("DỰ THẢO", text)
        self.assertTrue(PLACE_DATE.search(text), text)
        total = sum(record.included_line_ids.mapped("amount_needed"))
        self.assertIn(loan_rules.format_vnd(total) + " đồng", text)
        self.assertIn("Hoàng Văn Tuấn", text)
        self.assertIn("Lương Thị Hạnh", text)
        self.assertIn("Nơi nhận:", text)

    def test_a_long_list_keeps_its_signatures_with_its_last_rows(self):
        """Over several pages, no page holds the signatures alone: the last
        people on the list, the total and «Nơi nhận» share the last page."""
        self.Person.create(
            [
                self.person_vals(
                    self.commune_a1,
                    name="Người số %02d" % index,
                    citizen_id="020090%06d" % (500000 + index),
                )
                for index in range(40)
            ]
        )
        record = self._list()
        pdf = self._pdf(
            "post_rehab_credit.action_report_monthly_list", record, self.police_user
        )
        pages = [page for page in pdf_pages(pdf) if page.strip()]
        self.assertGreater(len(pages), 1)
        last = pages[-1]
        self.assertIn("Nơi nhận:", last)
        self.assertIn("Tổng", last)
        self.assertIn(record.included_line_ids[-1].person_name, last)
        self.assertTrue(re.search(r"(?m)^\s*42\s", last), last)
        self.assertIn(record.included_line_ids[-2].person_name, last)
        # Everyone is printed.
        text = "\n".join(pages)
        for line in record.included_line_ids:
            self.assertIn(line.citizen_id, text)


class PrintedMixin:
    """Print as a user and read the PDF back."""

    def _pdf(self, report, records, user):
        Report = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(force_report_rendering=True)
        )
        with mute_logger("odoo.addons.base.models.ir_actions_report"):
            pdf, kind = Report._render_qweb_pdf(report, records.ids)
        self.assertEqual(kind, "pdf")
        return pdf

    def assertInOrder(self, pdf, parts, absent=()):
        text = "\n".join(pdf_pages(pdf))
        found = positions(text, parts)
        for part, where in zip(parts, found, strict=True):
            self.assertGreaterEqual(where, 0, "%r not found in:\n%s" % (part, text))
        self.assertEqual(found, sorted(found), "parts out of order in:\n%s" % text)
        everything = "\n".join(pdf_pages(pdf))
        for part in absent:
            self.assertNotIn(part, everything)
        for name, embedded in pdf_fonts(pdf):
            self.assertTrue(embedded, "font %s not embedded" % name)
        self.assertEqual(first_page_png(pdf)[:8], b"\x89PNG\r\n\x1a\n")
        return text


@tagged("post_install", "-at_install")
class TestPrintedSessionDocuments(PrintedMixin, HttpCase, SessionCase):
    """The collection sheet and the session report, as printed."""

    def test_collection_sheet_and_session_report(self):
        self._group_of_three()
        session = self._session()
        with freeze_time("2026-08-10"):
            session.with_user(self.other_officer).action_prepare_sheets()
        sheet = session.sheet_ids
        pdf = self._pdf(
            "post_rehab_credit.action_report_collection_sheet", sheet, self.vbsp_user
        )
        self.assertInOrder(
            pdf,
            [
                "NGÂN HÀNG CHÍNH SÁCH XÃ HỘI",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "BẢNG KÊ",
                self.late.borrower_name,
                "1.778.156",
                "Nơi nhận:",
            ],
            # Nothing of the rehab history on the group leader's sheet.
            absent=[
                "DỰ THẢO",
                "cai nghiện",
                "QĐ-TTg",
                self.person_a1.citizen_id,
                self.second_a1.citizen_id,
            ],
        )
        pdf = self._pdf(
            "post_rehab_credit.action_report_transaction_session",
            session,
            self.vbsp_user,
        )
        # Not closed yet: a draft.
        self.assertInOrder(pdf, ["DỰ THẢO", "BÁO CÁO", self.group.name, "Nơi nhận:"])


@tagged("post_install", "-at_install")
class TestPrintedGroupReview(PrintedMixin, HttpCase, ReviewCase):
    def test_form_03_td(self):
        review = self._meeting(
            [
                (self.first, {"reason": "Có phương án tốt"}),
                (self.second, {"opinion": "disagree", "reason": "Chưa đủ hồ sơ"}),
            ]
        )
        draft = self._pdf(
            "post_rehab_credit.action_report_group_review", review, self.savings_user
        )
        self.assertInOrder(draft, ["DỰ THẢO", "DANH SÁCH", "03/TD"])
        review.with_user(self.savings_user).action_confirm()
        pdf = self._pdf(
            "post_rehab_credit.action_report_group_review", review, self.vbsp_user
        )
        self.assertInOrder(
            pdf,
            [
                self.group.name.upper(),
                "ngày 20 tháng 5 năm 2026",
                "DANH SÁCH",
                "Thành viên đề nghị vay vốn (mẫu 03/TD)",
                self.first.borrower_name,
                "Chưa đủ hồ sơ",
                "THƯ KÝ",
                "CHỦ TRÌ CUỘC HỌP",
            ],
            absent=["DỰ THẢO", self.person_a1.citizen_id],
        )
