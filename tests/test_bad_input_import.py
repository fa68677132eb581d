# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bad input in the import of people.

How each bad value is tried: tests/common_bad_input.py.
"""

import base64
import datetime
import io

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import RegistryCase, xlsx_file
from .common_bad_input import GOOD_NAMES, LANGS, NEW, BadInputMixin, tomorrow

IMPORT_HEADER = (
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD",
    "Thôn, bản, tổ dân phố",
    "Hình thức cai nghiện",
    "Ngày hoàn thành cai nghiện",
    "Ngày ban hành quyết định",
    "Số CCCD người đại diện",
    "Số tiền cần vay (đồng)",
)


def import_row(number, **values):
    """A good row; ``values`` by column position name."""
    row = {
        "name": "Người số %s" % number,
        "birth": "15/03/1990",
        "gender": "Nam",
        "cid": "020090%06d" % (500 + number),
        "village": "Bản Khòn Pổ",
        "route": "Tự nguyện",
        "completion": "01/05/2024",
        "decision": "01/06/2024",
        "rep": "020065001111",
        "amount": 50_000_000,
    }
    row.update(values)
    return list(row.values())


def workbook(rows, header=IMPORT_HEADER):
    return xlsx_file(rows, header)


@tagged("post_install", "-at_install")
class TestBadInputImport(BadInputMixin, RegistryCase):
    MODELS = ("rehab.person", "rehab.person.conduct")

    def _import(self, env, data, user=None):
        form = Form(env["rehab.person.import"].with_user(user or self.police_user))
        form.file = data
        wizard = form.save()
        return wizard, wizard.action_import()

    def test_bad_files(self):
        csv = "Họ và tên;Ngày sinh\nNguyễn Văn An;15/03/1990\n".encode()
        cases = [
            (
                "no file",
                False,
                "Choose the XLSX file to import.",
                "Hãy chọn tệp XLSX cần nhập.",
            ),
            (
                "a CSV file",
                base64.b64encode(csv),
                "The file is not a readable XLSX workbook",
                "Tệp không phải là bảng tính XLSX đọc được",
            ),
            (
                "an old XLS file",
                base64.b64encode(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
                "The file is not a readable XLSX workbook",
                "Tệp không phải là bảng tính XLSX đọc được",
            ),
            (
                "a zip that is not a workbook",
                base64.b64encode(
                    b"PK\x05\x06" + b"\0" * 18  # an empty zip archive
                ),
                "The file is not a readable XLSX workbook",
                "Tệp không phải là bảng tính XLSX đọc được",
            ),
            (
                "an empty workbook",
                workbook([], header=None),
                "The file is empty.",
                "Tệp trống.",
            ),
            (
                "wrong columns",
                workbook([["Nguyễn Văn An", "Nam"]], header=["Tên", "Phái"]),
                "The header row lacks the columns: Họ và tên, Ngày sinh, Giới tính, "
                "Số CCCD.",
                "Dòng tiêu đề thiếu các cột: Họ và tên, Ngày sinh, Giới tính, Số CCCD.",
            ),
            (
                "a header and no rows",
                workbook([["", None, "  "]]),
                "The file has no rows under its header.",
                "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.",
            ),
        ]
        for case, data, english, vietnamese in cases:
            with self.subTest(case=case):
                self.assertRefused(
                    lambda env, d=data: self._import(env, d),
                    UserError,
                    english,
                    vietnamese,
                    models=self.MODELS,
                )
        # Only into a commune.
        self.assertRefused(
            lambda env: (
                env["rehab.person.import"]
                .with_user(self.admin_user)
                .create({"company_id": self.province_a.id, "file": workbook([])})
                .action_import()
            ),
            UserError,
            "People are imported into a commune or ward.",
            "Chỉ nhập người sau cai nghiện vào một xã, phường.",
            models=self.MODELS,
        )

    def test_bad_rows_import_nothing_and_are_explained(self):
        long_name = "Nguyễn " * 40
        cases = [
            (
                {"birth": "31/02/1990"},
                "Ngày sinh: “31/02/1990” is not a date (day/month/year).",
                "Ngày sinh: “31/02/1990” không phải là ngày (ngày/tháng/năm).",
                False,
            ),
            (
                {"birth": "1990"},
                "“1990” is not a date",
                "“1990” không phải là ngày",
                False,
            ),
            (
                {"gender": "Không rõ"},
                "Giới tính: “Không rõ” is not one of the allowed values.",
                "Giới tính: “Không rõ” không thuộc các giá trị được chấp nhận.",
                False,
            ),
            (
                {"amount": "năm mươi triệu"},
                "“năm mươi triệu” is not an amount.",
                "“năm mươi triệu” không phải là số tiền.",
                False,
            ),
            (
                {"amount": datetime.datetime(2026, 5, 1)},
                "is not an amount.",
                "không phải là số tiền.",
                False,
            ),
            ({"amount": "nan"}, "“nan” is not an amount.", "“nan” không phải", False),
            ({"amount": "inf"}, "“inf” is not an amount.", "“inf” không phải", False),
            (
                {"amount": "-5.000.000"},
                "The amount cannot be negative.",
                "Số tiền không được âm.",
                False,
            ),
            (
                {"name": long_name},
                "Họ và tên: The text is longer than 256 characters.",
                "Họ và tên: Nội dung dài quá 256 ký tự.",
                False,
            ),
            ({"name": None}, "Họ và tên is required.", "Thiếu Họ và tên.", False),
            ({"name": "   "}, "Họ và tên is required.", "Thiếu Họ và tên.", False),
            (
                {"cid": "02009000A501"},
                "The citizen ID must contain digits only.",
                "Số CCCD chỉ được gồm các chữ số.",
                False,
            ),
            (
                {"cid": "0200900005019"},
                "The citizen ID must be 12 digits long.",
                "Số CCCD phải gồm đúng 12 chữ số.",
                False,
            ),
            (
                {"rep": "12345"},
                "Số CCCD người đại diện: The citizen ID must be 12 digits long.",
                "Số CCCD người đại diện: Số CCCD phải gồm đúng 12 chữ số.",
                False,
            ),
            (
                {"birth": tomorrow().strftime("%d/%m/%Y")},
                "Ngày sinh is in the future.",
                "Ngày sinh là một ngày trong tương lai.",
                False,
            ),
            (
                {"cid": self.person_a1.citizen_id},
                "The citizen ID is already registered in the programme.",
                "Số CCCD đã có trong chương trình.",
                False,
            ),
            (
                {"cid": "020090000501"},
                "The citizen ID is repeated on row 2 of the file.",
                "Số CCCD trùng với dòng 2 của tệp.",
                False,
            ),
        ]
        rows = [import_row(1)] + [
            import_row(number, **values)
            for number, (values, *__) in enumerate(cases, start=2)
        ]
        data = workbook(rows)
        before = self._state(self.MODELS)
        for lang in LANGS:
            with self.subTest(lang=lang):
                wizard, __ = self._import(self._env(lang), data)
                self.assertEqual(wizard.state, "error")
                self.assertEqual(wizard.error_count, len(cases))
                sheet = openpyxl.load_workbook(
                    io.BytesIO(base64.b64decode(wizard.error_file))
                ).active
                back = list(sheet.iter_rows(values_only=True))
                self.assertEqual(back[0][0], "Row" if lang == "en_US" else "Dòng")
                errors = {row[0]: row[-1] for row in back[1:]}
                self.assertEqual(sorted(errors), list(range(3, len(cases) + 3)))
                for number, (values, english, vietnamese, new) in enumerate(
                    cases, start=3
                ):
                    message = errors[number]
                    if lang == "en_US":
                        self.assertIn(english, message, values)
                    elif new:
                        self.assertTrue(english in message or vietnamese in message)
                    else:
                        self.assertIn(vietnamese, message, values)
        self.assertEqual(self._state(self.MODELS), before)

    def test_rows_refused_by_the_registry_import_nothing(self):
        """A row the file checks let through is still refused by the registry's
        own checks, and then nothing of the file is imported."""
        cases = [
            (
                {
                    "name": "Người sinh 1899",
                    "birth": "31/12/1899",
                    "cid": "020899000777",
                },
                "Nothing was imported: The date of birth of Người sinh 1899 is before "
                "1900.",
                "Không dòng nào được nhập: ",
                NEW,
            ),
            (
                {"completion": "01/01/1980"},
                "Nothing was imported: The date of rehab completion of Người số 2 is "
                "before the date of birth.",
                "Không dòng nào được nhập: Ngày hoàn thành cai nghiện của Người số 2 "
                "trước ngày sinh.",
                False,
            ),
        ]
        for values, english, vietnamese, new in cases:
            with self.subTest(values=values):
                data = workbook([import_row(1), import_row(2, **values)])
                self.assertRefused(
                    lambda env, d=data: self._import(env, d),
                    UserError,
                    english,
                    vietnamese,
                    new=new,
                    models=self.MODELS,
                )

    def test_good_rows_in_every_script_round_trip(self):
        rows = [
            import_row(number, name=name, village=name[:100])
            for number, name in enumerate(GOOD_NAMES, start=1)
        ]
        wizard, action = self._import(self.env, workbook(rows))
        self.assertEqual(wizard.state, "done")
        people = self.env["rehab.person"].search(action["domain"])
        self.assertEqual(sorted(people.mapped("name")), sorted(GOOD_NAMES))
        self.assertEqual(
            sorted(people.mapped("village")), sorted(n[:100] for n in GOOD_NAMES)
        )
