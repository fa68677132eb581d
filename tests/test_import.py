import base64
import io

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import RegistryCase, xlsx_file

HEADER = (
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD",
    "Thôn, bản, tổ dân phố",
    "Hình thức cai nghiện",
    "Ngày hoàn thành cai nghiện",
    "Ngày ban hành quyết định",
    "Mục đích vay",
    "Số tiền cần vay (đồng)",
)
GOOD = [
    [
        "Nguyễn Văn Một",
        "15/03/1990",
        "Nam",
        "020090000101",
        "Bản A",
        "Tự nguyện",
        "01/05/2024",
        "01/06/2024",
        "Sản xuất kinh doanh",
        50000000,
    ],
    # A number typed as a number loses its leading zero in a spreadsheet.
    [
        "Trần Thị Hai",
        "02/09/1995",
        "Nữ",
        20195000102,
        "Bản B",
        "Bắt buộc",
        "01/05/2024",
        "01/06/2024",
        "Học nghề",
        "12.000.000",
    ],
]


def workbook(rows, header=HEADER):
    return xlsx_file(rows, header)


@tagged("post_install", "-at_install")
class TestImport(RegistryCase):
    def _wizard(self, data, user=None):
        form = Form(self.env["rehab.person.import"].with_user(user or self.police_user))
        form.file = data
        return form.save()

    def test_good_file_is_imported_whole(self):
        wizard = self._wizard(workbook(GOOD))
        action = wizard.action_import()
        people = self.Person.search(action["domain"])
        self.assertEqual(wizard.state, "done")
        self.assertEqual(len(people), 2)
        self.assertEqual(set(people.mapped("company_id")), {self.commune_a1})
        second = people.filtered(lambda p: p.name == "Trần Thị Hai")
        self.assertEqual(second.citizen_id, "020195000102")
        self.assertEqual(second.amount_needed, 12_000_000)
        self.assertEqual(second.purpose, "training")
        self.assertEqual(second.sudo().rehab_route, "compulsory")

    def test_one_bad_row_imports_nothing_and_explains(self):
        rows = GOOD + [
            ["", "32/13/1990", "Không rõ", "12345", "Bản C", "", "", "", "", -5],
            [
                "Bản sao",
                "15/03/1990",
                "Nam",
                "020090000101",
                "Bản A",
                "",
                "",
                "",
                "",
                "",
            ],
            [
                "Đã có",
                "12/04/1990",
                "Nam",
                self.person_b1.citizen_id,
                "",
                "",
                "",
                "",
                "",
                "",
            ],
        ]
        before = self.Person.search_count([])
        wizard = self._wizard(workbook(rows))
        wizard.action_import()
        self.assertEqual(self.Person.search_count([]), before)
        self.assertEqual(wizard.state, "error")
        self.assertEqual(wizard.error_count, 3)
        sheet = openpyxl.load_workbook(
            io.BytesIO(base64.b64decode(wizard.error_file))
        ).active
        rows_back = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows_back[0][0], "Row")
        self.assertEqual([r[0] for r in rows_back[1:]], [4, 5, 6])
        first_errors = rows_back[1][-1]
        for expected in (
            "is required",
            "not a date",
            "allowed values",
            "12 digits",
            "negative",
        ):
            self.assertIn(expected, first_errors)
        self.assertIn("repeated on row 2", rows_back[2][-1])
        # The person of another commune is not named in the error file.
        self.assertIn("already registered", rows_back[3][-1])
        self.assertNotIn(self.person_b1.name, rows_back[3][-1])
        # Download buttons give the files.
        self.assertIn("/error_file/", wizard.action_download_errors()["url"])

    def test_template_can_be_downloaded_and_imported(self):
        wizard = self.env["rehab.person.import"].with_user(self.police_user).create({})
        action = wizard.action_download_template()
        self.assertIn("/template_file/", action["url"])
        sheet = openpyxl.load_workbook(
            io.BytesIO(base64.b64decode(wizard.template_file))
        ).active
        header = [c.value for c in sheet[1]]
        self.assertIn("Số CCCD", header)
        # The example row of the template is itself a valid row.
        wizard.file = wizard.template_file
        wizard.action_import()
        self.assertEqual(wizard.state, "done")

    def test_bad_files(self):
        with self.assertRaisesRegex(UserError, "not a readable XLSX"):
            self._wizard(base64.b64encode(b"not a workbook")).action_import()
        with self.assertRaisesRegex(UserError, "lacks the columns"):
            self._wizard(workbook([["x"]], header=["Tên"])).action_import()
        with self.assertRaisesRegex(UserError, "no rows"):
            self._wizard(workbook([])).action_import()
        with self.assertRaisesRegex(UserError, "Choose the XLSX"):
            self.env["rehab.person.import"].with_user(self.police_user).create(
                {}
            ).action_import()

    def test_only_police_may_import(self):
        with self.assertRaises(AccessError):
            self.env["rehab.person.import"].with_user(self.chairman_user).create({})
