"""The ODT and XLSX documents in the official layout (Decree 30/2020/NĐ-CP).

Each document is printed by the role that prints it in real life, read back
(the ODT's content.xml, the XLSX's cells), then turned into PDF by
LibreOffice and read back with pdftotext: its parts in their order, the
Vietnamese letters, names and amounts intact, numbers in the Vietnamese way.
"""

import importlib.util
import io
import os
import re
import subprocess
import tempfile
import zipfile
from datetime import date
from html import unescape

import openpyxl
from freezegun import freeze_time
from lxml import etree

from odoo import fields
from odoo.modules.module import get_module_path
from odoo.tests import Form, tagged

from .common import xlsx_heading, xlsx_rows, xlsx_table, xlsx_title_row
from .common_loan import YEAR_END, ClassificationCase

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
}
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MONEY = "[$-42A]#,##0"
# A number written with a decimal point («80.0», «0.00»): not Vietnamese.
DECIMAL_POINT = re.compile(r"(?<![\d.])\d+\.\d{1,2}(?![\d.])")


def place_date(place, day):
    """«Bằng Thành, ngày 05 tháng 02 năm 2026»."""
    month = "%02d" % day.month if day.month < 3 else str(day.month)
    return "%s, ngày %02d tháng %s năm %d" % (place, day.day, month, day.year)


def odt_parts(content):
    """The paragraphs of an ODT's body, in reading order, and its content.xml."""
    with zipfile.ZipFile(io.BytesIO(content)) as odt:
        root = etree.fromstring(odt.read("content.xml"))
    body = root.find(".//office:text", NS)
    paragraphs = [
        "".join(element.itertext()).strip()
        for element in body.iter("{%s}p" % NS["text"], "{%s}h" % NS["text"])
    ]
    return [text for text in paragraphs if text], root


WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>'
)


def pdf_words(bbox):
    """(page, top, left, text) of each word of ``pdftotext -bbox`` output, in
    pdftotext's reading order (a name wrapped in its column stays whole)."""
    words = []
    for page, html in enumerate(bbox.split("<page ")[1:], start=1):
        words.extend(
            (page, float(top), float(left), unescape(text))
            for left, top, text in WORD.findall(html)
        )
    return words


def to_pdf_text(content, name):
    """What LibreOffice prints of a file, read back from its PDF: its words
    with their places on the pages, and its text laid out as printed (a
    table's row on one line). The first page must make a picture."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, name)
        with open(path, "wb") as document:
            document.write(content)
        subprocess.run(
            [
                "soffice",
                "--headless",
                "-env:UserInstallation=file://%s/profile" % tmp,
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                path,
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        pdf = os.path.splitext(path)[0] + ".pdf"
        texts = [
            subprocess.run(
                ["pdftotext", option, pdf, "-"],
                check=True,
                capture_output=True,
                timeout=60,
            ).stdout.decode()
            for option in ("-bbox", "-layout")
        ]
        subprocess.run(
            ["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", pdf, pdf],
            check=True,
            capture_output=True,
            timeout=60,
        )
        pictures = [f for f in os.listdir(tmp) if f.endswith(".png")]
        if not pictures:
            raise AssertionError("no picture of the first page of %s" % name)
        with open(os.path.join(tmp, pictures[0]), "rb") as picture:
            if picture.read(8) != b"\x89PNG\r\n\x1a\n":
                raise AssertionError("the first page of %s is no picture" % name)
    return pdf_words(texts[0]), texts[1]


def cells(sheet):
    """Every written cell's text, row by row, left to right."""
    return [
        str(value)
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value not in (None, "")
    ]


@tagged("post_install", "-at_install")
class TestDocumentFiles(ClassificationCase):
    """The monthly list (ODT, XLSX), the periodic report (ODT) and its annex,
    the loan portfolio, the overdue register and the debt classification."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Agencies and people named as in life: the documents derive their
        # headings (full names, place names) from these names.
        cls.province_a.name = "UBND tỉnh Bắc Kạn"
        cls.police_a.name = "Công an tỉnh Bắc Kạn"
        cls.branch_a.name = "Chi nhánh NHCSXH tỉnh Bắc Kạn"
        cls.finance_a.name = "Sở Tài chính tỉnh Bắc Kạn"
        cls.commune_a1.name = "UBND xã Bằng Thành"
        cls.office_a.write(
            {"name": "Phòng giao dịch NHCSXH huyện Pác Nặm", "city": "Pác Nặm"}
        )
        for user, name in (
            (cls.police_user, "Hoàng Văn Tuấn"),
            (cls.chairman_user, "Lò Văn Minh"),
            (cls.vbsp_user, "Nông Văn Bình"),
            (cls.vbsp_manager_user, "Cầm Thị Mai"),
            (cls.department_user, "Đinh Thị Thu"),
        ):
            user.name = name

    def _odt(self, xmlid, records, user):
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render("post_rehab_credit.%s" % xmlid, records.ids)
        )
        self.assertEqual(kind, "odt")
        return content

    def _xlsx(self, xmlid, records, user, data=None):
        content, kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(active_model=records._name)
            ._render_xlsx("post_rehab_credit.%s" % xmlid, records.ids, data or {})
        )
        self.assertEqual(kind, "xlsx")
        return content, openpyxl.load_workbook(io.BytesIO(content)).active

    def assertInOrder(self, text, parts, position=0):
        """``parts`` are found in ``text`` (a string or a list of strings,
        joined) from ``position`` on, each after the one before; returns the
        position after the last."""
        if not isinstance(text, str):
            text = "\n".join(text)
        for part in parts:
            found = text.find(part, position)
            self.assertNotEqual(
                found,
                -1,
                "%r not found after position %d of:\n%s" % (part, position, text),
            )
            position = found + len(part)
        return position

    def _place(self, words, phrase):
        """(page, top, left) of the first printed ``phrase``."""
        texts = [word[3] for word in words]
        starts, offset = {}, 0
        for index, text in enumerate(texts):
            starts[offset] = index
            offset += len(text) + 1
        joined = " ".join(texts)
        for found in re.finditer(re.escape(phrase), joined):
            if found.start() in starts:
                return words[starts[found.start()]][:3]
        self.fail("%r is not printed:\n%s" % (phrase, joined))

    def assertReadingOrder(self, words, *stages):
        """The parts of printed pages from top to bottom: each stage below
        the one before; a stage is a list of columns side by side (the two
        halves of the heading, the signature blocks, «Nơi nhận»), left to
        right, each read down in its own order."""
        bottom = (0, -1.0)
        for stage in stages:
            lowest = bottom
            left = -1.0
            for column in stage:
                places = [self._place(words, phrase) for phrase in column]
                self.assertGreater(places[0][2], left, "%s: not right of" % column)
                left = places[0][2]
                above = bottom
                for phrase, (page, top, __) in zip(column, places, strict=True):
                    self.assertGreater(
                        (page, top),
                        (above[0], above[1] + 0.5),
                        "%r is not below" % phrase,
                    )
                    above = (page, top)
                lowest = max(lowest, above)
            bottom = lowest

    def assertRow(self, layout, *values):
        """One printed line holds every value, each whole."""
        for line in layout.splitlines():
            if all(re.search(r"(?<!\S)%s(?!\S)" % re.escape(v), line) for v in values):
                return
        self.fail("no line with %s in:\n%s" % (values, layout))

    def _day(self, record, moment):
        return fields.Datetime.context_timestamp(record, moment).date()

    # The ODT templates

    def test_odt_templates_are_built_by_the_script(self):
        """The committed templates are what scripts/build_odt_templates.py makes."""
        path = os.path.join(
            get_module_path("post_rehab_credit"), "scripts", "build_odt_templates.py"
        )
        spec = importlib.util.spec_from_file_location("build_odt_templates", path)
        builder = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(builder)
        self.assertEqual(builder.main(["--check"]), 0)

    def _assert_odt_tables(self, root):
        """Every table has a width, and every column an absolute and a relative
        width, adding up to the table's: LibreOffice squeezes no column."""
        styles = {}
        for style in root.iterfind(".//style:style", NS):
            properties = style.find("style:table-properties", NS)
            if properties is None:
                properties = style.find("style:table-column-properties", NS)
            if properties is not None:
                styles[style.get("{%s}name" % NS["style"])] = properties
        tables = root.findall(".//table:table", NS)
        self.assertTrue(tables)
        for table in tables:
            width = styles[table.get("{%s}style-name" % NS["table"])].get(
                "{%s}width" % NS["style"]
            )
            self.assertTrue(width and width.endswith("cm"), table.attrib)
            total = 0
            for column in table.findall("table:table-column", NS):
                properties = styles[column.get("{%s}style-name" % NS["table"])]
                column_width = properties.get("{%s}column-width" % NS["style"])
                self.assertTrue(properties.get("{%s}rel-column-width" % NS["style"]))
                total += float(column_width[:-2])
            self.assertAlmostEqual(total, float(width[:-2]), places=1)

    def test_monthly_list_odt(self):
        """Drawn up by the commune police: a draft until confirmed."""
        record = self._list(month="2026-11-01")
        record.with_user(self.police_user).action_submit()
        paragraphs, root = odt_parts(
            self._odt("action_report_monthly_list_odt", record, self.police_user)
        )
        day = self._day(record.with_user(self.police_user), record.submitted_date)
        self.assertInOrder(
            paragraphs,
            [
                "DỰ THẢO",
                "CÔNG AN TỈNH BẮC KẠN",
                "CÔNG AN XÃ BẰNG THÀNH",
                "Số: ……",
                NATION,
                MOTTO,
                place_date("Bằng Thành", day),
                "DANH SÁCH",
                "Người sau cai nghiện ma túy đủ điều kiện vay vốn, tháng 11/2026",
                "STT",
                "Số tiền đề nghị vay (đồng)",
                "Hoàng Văn Sáng",
                "12/04/1990",
                "020090904512",
                "Bản Khòn Pổ",
                "Sản xuất, kinh doanh",
                "50.000.000",
                "Người thứ hai",
                "Tổng cộng",
                "100.000.000",
                "100.000.000 đồng",
                "NGƯỜI LẬP",
                "TRƯỞNG CÔNG AN XÃ",
                "Hoàng Văn Tuấn",
                "TM. ỦY BAN NHÂN DÂN",
                "CHỦ TỊCH",
                "Nơi nhận:",
                "- Ủy ban nhân dân xã Bằng Thành",
                "- Phòng giao dịch NHCSXH huyện Pác Nặm",
            ],
        )
        self.assertNotIn("Kính gửi", "\n".join(paragraphs))
        self._assert_odt_tables(root)
        words, layout = to_pdf_text(
            self._odt("action_report_monthly_list_odt", record, self.police_user),
            "danh_sach.odt",
        )
        self.assertReadingOrder(
            words,
            [["DỰ THẢO"]],
            [["CÔNG AN TỈNH BẮC KẠN", "CÔNG AN XÃ BẰNG THÀNH"], [NATION, MOTTO]],
            [["DANH SÁCH", "Người sau cai nghiện ma túy đủ điều kiện vay vốn", "STT"]],
            [["NGƯỜI LẬP", "Hoàng Văn Tuấn"], ["XÁC NHẬN CỦA ỦY BAN NHÂN DÂN"]],
            [["Nơi nhận:"]],
        )
        # Each line of the table on one printed line, its date and amount whole.
        self.assertRow(layout, "1", "Hoàng Văn Sáng", "12/04/1990", "50.000.000")
        self.assertRow(layout, "2", "Người thứ hai", "12/04/1990", "50.000.000")
        self.assertRow(layout, "Tổng cộng", "100.000.000")

        # Confirmed by the chairman: no draft mark, his name under his title.
        Form(
            self.env["rehab.monthly.list.confirm"]
            .with_user(self.chairman_user)
            .with_context(default_list_id=record.id)
        ).save().action_confirm()
        paragraphs, __ = odt_parts(
            self._odt("action_report_monthly_list_odt", record, self.chairman_user)
        )
        self.assertNotIn("DỰ THẢO", paragraphs)
        self.assertInOrder(
            paragraphs, ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lò Văn Minh"]
        )

    def _report_with_figures(self, company, recipient):
        plan = self.env["rehab.plan"].create(
            {
                "name": "Kế hoạch thực hiện Quyết định 08/2026/QĐ-TTg",
                "company_id": self.province_a.id,
                "recipient_id": recipient.id,
            }
        )
        report = self.env["rehab.report"].create(
            {
                "plan_id": plan.id,
                "company_id": company.id,
                "period": "year",
                "period_start": "2026-01-01",
                "period_end": "2026-12-31",
                "due_date": "2026-12-15",
                "results": "Đã triển khai đồng bộ, đúng đối tượng",
                "difficulties": "Người vay ở xa điểm giao dịch",
                "proposals": "Bổ sung nguồn vốn ủy thác",
            }
        )
        # Figures that show the number forms: thousands, decimals, money.
        report.sudo().write(
            {
                "people_registered": 1234,
                "people_informed": 987,
                "informed_share": 80.0,
                "amount_disbursed": 1_234_567,
                "par30": 12.5,
            }
        )
        return report

    def test_periodic_report_odt(self):
        """A department reports to the agency of its plan."""
        report = self._report_with_figures(self.finance_a, self.police_a)
        content = self._odt("action_report_periodic_odt", report, self.department_user)
        paragraphs, root = odt_parts(content)
        self.assertInOrder(
            paragraphs,
            [
                "DỰ THẢO",
                "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN",
                "SỞ TÀI CHÍNH TỈNH BẮC KẠN",
                "Số: ……",
                NATION,
                MOTTO,
                "Bắc Kạn, ngày … tháng … năm …",
                "BÁO CÁO",
                "Kết quả thực hiện Quyết định số 08/2026/QĐ-TTg",
                "Kính gửi: Công an tỉnh Bắc Kạn",
                "Sở Tài chính tỉnh Bắc Kạn báo cáo",
                "I. KẾT QUẢ THỰC HIỆN",
                "1.234",
                "987",
                "80,0 %",
                "1.234.567 đồng",
                "12,50 %",
                "II. ĐÁNH GIÁ KẾT QUẢ",
                "Đã triển khai đồng bộ, đúng đối tượng",
                "III. KHÓ KHĂN, VƯỚNG MẮC",
                "IV. KIẾN NGHỊ, ĐỀ XUẤT",
                "Bổ sung nguồn vốn ủy thác",
                "Nơi nhận:",
                "- Như trên;",
                "GIÁM ĐỐC",
            ],
        )
        self.assertFalse(DECIMAL_POINT.findall("\n".join(paragraphs)))
        self._assert_odt_tables(root)
        words, layout = to_pdf_text(content, "bao_cao.odt")
        self.assertReadingOrder(
            words,
            [["DỰ THẢO"]],
            [["ỦY BAN NHÂN DÂN TỈNH BẮC KẠN", "SỞ TÀI CHÍNH TỈNH BẮC KẠN"], [NATION]],
            [
                [
                    "BÁO CÁO",
                    "Kết quả thực hiện Quyết định số 08/2026/QĐ-TTg",
                    "Kính gửi: Công an tỉnh Bắc Kạn",
                    "I. KẾT QUẢ THỰC HIỆN",
                    "IV. KIẾN NGHỊ, ĐỀ XUẤT",
                ]
            ],
            [["Nơi nhận:", "- Như trên;"], ["GIÁM ĐỐC"]],
        )
        self.assertRow(layout, "Đã được tuyên truyền (%)", "80,0 %")
        self.assertRow(layout, "Số tiền đã giải ngân", "1.234.567 đồng")
        self.assertFalse(DECIMAL_POINT.findall(layout))

        # Submitted: dated the day it was, no draft mark, signed by its writer.
        report.with_user(self.department_user).action_submit()
        paragraphs, __ = odt_parts(
            self._odt("action_report_periodic_odt", report, self.department_user)
        )
        day = self._day(report.with_user(self.department_user), report.submitted_date)
        self.assertNotIn("DỰ THẢO", paragraphs)
        self.assertInOrder(
            paragraphs,
            [place_date("Bắc Kạn", day), "GIÁM ĐỐC", "Đinh Thị Thu"],
        )

    def test_commune_report_is_issued_by_its_police(self):
        """A commune reports to its own People's Committee through its police."""
        report = self._report_with_figures(self.commune_a1, self.commune_a1)
        paragraphs, __ = odt_parts(
            self._odt("action_report_periodic_odt", report, self.police_user)
        )
        self.assertInOrder(
            paragraphs,
            [
                "CÔNG AN TỈNH BẮC KẠN",
                "CÔNG AN XÃ BẰNG THÀNH",
                NATION,
                "Bằng Thành, ngày … tháng … năm …",
                "BÁO CÁO",
                "Kính gửi: Ủy ban nhân dân xã Bằng Thành",
                "Công an xã Bằng Thành báo cáo",
                "Nơi nhận:",
                "TRƯỞNG CÔNG AN XÃ",
            ],
        )

    # The XLSX documents

    def _assert_official_sheet(self, sheet, widths):
        """Times New Roman, the columns' widths, A4 landscape, the Decree's
        margins, fitted to the width, the header row repeated, page numbers."""
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value not in (None, ""):
                    self.assertEqual(cell.font.name, "Times New Roman", cell.coordinate)
        for index, width in enumerate(widths, start=1):
            letter = openpyxl.utils.get_column_letter(index)
            self.assertGreaterEqual(sheet.column_dimensions[letter].width, width)
        setup = sheet.page_setup
        self.assertEqual(setup.orientation, "landscape")
        self.assertEqual(int(setup.paperSize), 9)
        self.assertTrue(sheet.sheet_properties.pageSetUpPr.fitToPage)
        self.assertEqual(int(setup.fitToHeight), 0)
        margins = sheet.page_margins
        for side, centimetres in (
            ("left", 3),
            ("right", 1.5),
            ("top", 2),
            ("bottom", 2),
        ):
            self.assertAlmostEqual(getattr(margins, side) * 2.54, centimetres, places=2)
        self.assertTrue(sheet.print_title_rows)
        self.assertEqual(sheet.oddHeader.center.text, "&P")
        self.assertTrue(sheet.HeaderFooter.differentFirst)

    def _money_cells(self, sheet, column):
        title = xlsx_title_row(sheet)
        return [
            sheet.cell(row, column)
            for row in range(title + 1, title + 1 + len(xlsx_table(sheet)))
            if isinstance(sheet.cell(row, column).value, (int, float))
        ]

    def test_monthly_list_xlsx(self):
        record = self._list(month="2026-11-01")
        record.with_user(self.police_user).action_submit()
        content, sheet = self._xlsx(
            "action_report_monthly_list_xlsx", record, self.police_user
        )
        day = self._day(record.with_user(self.police_user), record.submitted_date)
        self.assertInOrder(
            cells(sheet),
            [
                "DỰ THẢO",
                "CÔNG AN TỈNH BẮC KẠN",
                NATION,
                "CÔNG AN XÃ BẰNG THÀNH",
                MOTTO,
                "Số: ……",
                place_date("Bằng Thành", day),
                "DANH SÁCH",
                "Người sau cai nghiện ma túy đủ điều kiện vay vốn, tháng 11/2026",
                "STT",
                "Họ và tên",
                "Hoàng Văn Sáng",
                "Người thứ hai",
                "NGƯỜI LẬP",
                "XÁC NHẬN CỦA ỦY BAN NHÂN DÂN",
                "TRƯỞNG CÔNG AN XÃ",
                "TM. ỦY BAN NHÂN DÂN",
                "Hoàng Văn Tuấn",
                "Nơi nhận:",
                "- Ủy ban nhân dân xã Bằng Thành (để xác nhận);",
                "- Lưu: Công an xã Bằng Thành.",
            ],
        )
        # The police's internal copy: addressed internally, not to the bank.
        self.assertNotIn("- Phòng giao dịch NHCSXH huyện Pác Nặm;", cells(sheet))
        self.assertEqual(xlsx_heading(sheet)[0], "DỰ THẢO")
        self._assert_official_sheet(sheet, [6, 26, 13, 16])
        amounts = self._money_cells(sheet, 8)
        self.assertEqual(
            [c.value for c in amounts], [50_000_000, 50_000_000, 100_000_000]
        )
        self.assertEqual({c.number_format for c in amounts}, {MONEY})
        born = sheet.cell(xlsx_title_row(sheet) + 1, 3)
        self.assertEqual(born.number_format, "dd/mm/yyyy")
        words, layout = to_pdf_text(content, "danh_sach.xlsx")
        self.assertReadingOrder(
            words,
            [["DỰ THẢO"]],
            [["CÔNG AN TỈNH BẮC KẠN", "CÔNG AN XÃ BẰNG THÀNH"], [NATION, MOTTO]],
            [["DANH SÁCH", "Người sau cai nghiện ma túy đủ điều kiện vay vốn", "STT"]],
            [["NGƯỜI LẬP", "Hoàng Văn Tuấn"], ["XÁC NHẬN CỦA ỦY BAN NHÂN DÂN"]],
            [["Nơi nhận:"]],
        )
        self.assertRow(layout, "1", "Hoàng Văn Sáng", "12/04/1990", "50.000.000")
        self.assertRow(layout, "100.000.000")

    def _list_with_one_left_out(self):
        record = self._list(month="2026-11-01")
        record.with_user(self.police_user).action_submit()
        form = Form(
            self.env["rehab.monthly.list.confirm"]
            .with_user(self.chairman_user)
            .with_context(default_list_id=record.id)
        )
        with form.line_ids.edit(1) as line:
            line.include = False
            line.exclusion_reason = "Đã chuyển khỏi địa bàn"
        form.save().action_confirm()
        record.with_user(self.police_user).action_send()
        left_out = record.line_ids.filtered("excluded")
        self.assertEqual(len(left_out), 1)
        return record, left_out.person_name

    def test_monthly_list_xlsx_copies(self):
        """The bank prints the list sent to it: the people on it, addressed
        to it, never who was left out or why; the police and the chairman
        print the commune's copy with the people left out and the reasons."""
        record, left_out = self._list_with_one_left_out()
        kept = record.included_line_ids.person_name
        __, sheet = self._xlsx(
            "action_report_monthly_list_xlsx", record, self.vbsp_user
        )
        text = cells(sheet)
        self.assertInOrder(
            text,
            [
                "CÔNG AN XÃ BẰNG THÀNH",
                "STT",
                kept,
                "Tổng",
                "Nơi nhận:",
                "- Phòng giao dịch NHCSXH huyện Pác Nặm;",
                "- Lưu: Công an xã Bằng Thành.",
            ],
        )
        joined = "\n".join(text)
        for secret in (left_out, "Đã chuyển khỏi địa bàn", "Lý do", "không tính"):
            self.assertNotIn(secret, joined)
        for user in (self.police_user, self.chairman_user):
            __, sheet = self._xlsx("action_report_monthly_list_xlsx", record, user)
            text = cells(sheet)
            self.assertInOrder(
                text, [kept, left_out, "Đã chuyển khỏi địa bàn", "Nơi nhận:"]
            )
            self.assertInOrder(
                text,
                [
                    "- Ủy ban nhân dân xã Bằng Thành (để xác nhận);",
                    "- Lưu: Công an xã Bằng Thành.",
                ],
            )
            self.assertNotIn("- Phòng giao dịch NHCSXH huyện Pác Nặm;", text)

    def test_monthly_list_of_a_ward(self):
        """A ward's documents say phường, never xã."""
        self.commune_a1.name = "UBND phường Đức Xuân"
        record, __ = self._list_with_one_left_out()
        for user in (self.police_user, self.vbsp_user):
            __, sheet = self._xlsx("action_report_monthly_list_xlsx", record, user)
            joined = "\n".join(cells(sheet))
            self.assertIn("CÔNG AN PHƯỜNG ĐỨC XUÂN", joined)
            self.assertIn("TRƯỞNG CÔNG AN PHƯỜNG", joined)
            self.assertIn("- Lưu: Công an phường Đức Xuân.", joined)
            # «xã hội» of the national name and the bank's is no commune.
            self.assertNotRegex(re.sub(r"(?i)xã hội", "", joined), r"(?i)\bxã\b")
        content = self._odt("action_report_monthly_list_odt", record, self.police_user)
        with zipfile.ZipFile(io.BytesIO(content)) as odt:
            xml = odt.read("content.xml").decode()
        self.assertIn("Công an phường Đức Xuân", xml)
        self.assertNotRegex(re.sub(r"(?i)xã hội", "", xml), r"(?i)\bxã\b")

    def test_annex_xlsx(self):
        """The annex carries its report's heading and signature."""
        report = self._report_with_figures(self.finance_a, self.police_a)
        content, sheet = self._xlsx(
            "action_report_periodic_annex_xlsx", report, self.department_user
        )
        self.assertInOrder(
            cells(sheet),
            [
                "DỰ THẢO",
                "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN",
                NATION,
                "SỞ TÀI CHÍNH TỈNH BẮC KẠN",
                "PHỤ LỤC",
                "Số liệu theo xã",
                "Xã, phường",
                "UBND xã Bằng Thành",
                "Tổng",
                "Nơi nhận:",
                "GIÁM ĐỐC",
            ],
        )
        self.assertNotIn("Kính gửi", " ".join(cells(sheet)))
        self._assert_official_sheet(sheet, [26, 14])
        # Ratios with a decimal comma (80,0), counts and money with dots.
        header = [c.value for c in sheet[xlsx_title_row(sheet)]]
        informed = header.index("Đã được tuyên truyền (%)") + 1
        par30 = header.index("Tỷ lệ nợ quá hạn trên 30 ngày (%)") + 1
        first = xlsx_title_row(sheet) + 1
        self.assertEqual(sheet.cell(first, informed).number_format, "[$-42A]0.0")
        self.assertEqual(sheet.cell(first, par30).number_format, "[$-42A]0.00")
        self.assertEqual(sheet.cell(first, 2).number_format, MONEY)
        words, layout = to_pdf_text(content, "phu_luc.xlsx")
        self.assertReadingOrder(
            words,
            [["SỞ TÀI CHÍNH TỈNH BẮC KẠN"], [NATION]],
            [["PHỤ LỤC", "Số liệu theo xã"]],
            [["Nơi nhận:"], ["GIÁM ĐỐC"]],
        )
        self.assertRow(layout, "Tổng")

    def test_portfolio_and_overdue_xlsx(self):
        """Printed by the bank's office: its heading, the day printed (or the
        day asked), its officer's name under «Người lập biểu»."""
        loan = self._disbursed(10_000_000)
        with freeze_time("2026-08-10"):
            self.Loan._cron_overdue()
        with freeze_time("2026-08-12"):
            content, sheet = self._xlsx(
                "action_report_loan_portfolio_xlsx", loan, self.vbsp_user
            )
        self.assertInOrder(
            cells(sheet),
            [
                "NGÂN HÀNG CHÍNH SÁCH XÃ HỘI",
                NATION,
                "PHÒNG GIAO DỊCH NHCSXH HUYỆN PÁC NẶM",
                MOTTO,
                place_date("Pác Nặm", date(2026, 8, 12)),
                "BÁO CÁO",
                "Dư nợ cho vay tại ngày 12/08/2026",
                loan.name,
                "Hoàng Văn Sáng",
                "NGƯỜI LẬP BIỂU",
                "GIÁM ĐỐC",
                "Nông Văn Bình",
                "Nơi nhận:",
            ],
        )
        self.assertNotIn("DỰ THẢO", cells(sheet))
        self._assert_official_sheet(sheet, [16, 26, 28])
        [approved] = self._money_cells(sheet, 6)
        self.assertEqual((approved.value, approved.number_format), (10_000_000, MONEY))
        words, layout = to_pdf_text(content, "du_no.xlsx")
        self.assertReadingOrder(
            words,
            [["PHÒNG GIAO DỊCH NHCSXH HUYỆN PÁC NẶM"], [NATION]],
            [["BÁO CÁO", "Dư nợ cho vay tại ngày 12/08/2026"]],
            [["NGƯỜI LẬP BIỂU", "Nông Văn Bình"], ["GIÁM ĐỐC"]],
            [["Nơi nhận:"]],
        )
        self.assertRow(layout, loan.name, "Hoàng Văn Sáng", "10.000.000")

        content, sheet = self._xlsx(
            "action_report_loan_overdue_xlsx",
            loan,
            self.vbsp_user,
            {"as_of": "2026-08-10"},
        )
        self.assertInOrder(
            cells(sheet),
            [
                place_date("Pác Nặm", date(2026, 8, 10)),
                "SỔ THEO DÕI",
                "Sổ theo dõi nợ quá hạn tại ngày 10/08/2026",
                loan.name,
                "Nơi nhận:",
            ],
        )
        self.assertEqual(len(xlsx_table(sheet)), 1)
        words, layout = to_pdf_text(content, "no_qua_han.xlsx")
        self.assertReadingOrder(
            words, [["SỔ THEO DÕI", "Sổ theo dõi nợ quá hạn"]], [["Nơi nhận:"]]
        )
        self.assertRow(layout, loan.name, "Hoàng Văn Sáng", "10.000.000")

    def test_classification_xlsx(self):
        """Drawn up by the province's VBSP branch: a draft until its manager
        approves it, then signed with his name."""
        self._year_end_portfolio()
        record = self._classification()
        content, sheet = self._xlsx(
            "action_report_loan_classification_xlsx", record, self.vbsp_manager_user
        )
        self.assertInOrder(
            cells(sheet),
            [
                "DỰ THẢO",
                "NGÂN HÀNG CHÍNH SÁCH XÃ HỘI",
                NATION,
                "CHI NHÁNH NHCSXH TỈNH BẮC KẠN",
                "Bắc Kạn, ngày 31 tháng 12 năm 2026",
                "BÁO CÁO",
                "31/12/2026",
                "Xã, phường",
                "UBND xã Bằng Thành",
                "Tổng",
                "Nơi nhận:",
                "GIÁM ĐỐC",
            ],
        )
        self._assert_official_sheet(sheet, [24, 30])
        total = [row for row in xlsx_rows(sheet) if row[7] == "Tổng"]
        self.assertEqual(total[0][9], record.outstanding_principal)
        with freeze_time("2027-01-06"):
            record.with_user(self.vbsp_manager_user).action_approve()
        content, sheet = self._xlsx(
            "action_report_loan_classification_xlsx", record, self.vbsp_manager_user
        )
        self.assertNotIn("DỰ THẢO", cells(sheet))
        self.assertInOrder(
            cells(sheet),
            ["Bắc Kạn, ngày 06 tháng 01 năm 2027", "GIÁM ĐỐC", "Cầm Thị Mai"],
        )
        words, layout = to_pdf_text(content, "phan_loai_no.xlsx")
        self.assertReadingOrder(
            words,
            [["CHI NHÁNH NHCSXH TỈNH BẮC KẠN"], [NATION]],
            [
                [
                    "BÁO CÁO",
                    "Phân loại nợ cho vay người sau cai nghiện ma túy tại ngày "
                    + YEAR_END.strftime("%d/%m/%Y"),
                ]
            ],
            [["Nơi nhận:"], ["GIÁM ĐỐC", "Cầm Thị Mai"]],
        )
        self.assertRow(layout, "UBND xã Bằng Thành")
        self.assertRow(
            layout,
            "Tổng",
            f"{record.outstanding_principal:,.0f}".replace(",", "."),
        )
