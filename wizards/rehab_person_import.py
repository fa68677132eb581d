# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import datetime
import io
import math

import openpyxl
from openpyxl.styles import Font, PatternFill

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import rehab_rules

# (field, column header in the template, kind). Headers are the words of the
# commune police; the technical field name is accepted as a header too.
COLUMNS = [
    ("name", "Họ và tên", "char"),
    ("birth_date", "Ngày sinh", "date"),
    ("gender", "Giới tính", "gender"),
    ("ethnicity", "Dân tộc", "char"),
    ("citizen_id", "Số CCCD", "citizen_id"),
    ("village", "Thôn, bản, tổ dân phố", "char"),
    ("address", "Địa chỉ", "char"),
    ("phone", "Điện thoại", "char"),
    ("rehab_route", "Hình thức cai nghiện", "route"),
    ("rehab_facility", "Cơ sở cai nghiện", "char"),
    ("completion_date", "Ngày hoàn thành cai nghiện", "date"),
    ("decision_number", "Số quyết định quản lý sau cai nghiện", "char"),
    ("decision_date", "Ngày ban hành quyết định", "date"),
    ("decision_issuer", "Cơ quan ban hành quyết định", "char"),
    ("household_rep_name", "Người đại diện hộ gia đình", "char"),
    ("household_rep_relation", "Quan hệ với người đại diện", "char"),
    ("household_rep_citizen_id", "Số CCCD người đại diện", "citizen_id"),
    ("informed_date", "Ngày được tuyên truyền chính sách", "date"),
    ("purpose", "Mục đích vay", "purpose"),
    ("amount_needed", "Số tiền cần vay (đồng)", "amount"),
]
REQUIRED = ("name", "birth_date", "gender", "citizen_id")
CHOICES = {
    "gender": {"nam": "male", "nữ": "female", "male": "male", "female": "female"},
    "route": {
        "tự nguyện": "voluntary",
        "bắt buộc": "compulsory",
        "điều trị thay thế": "substitution",
        "voluntary": "voluntary",
        "compulsory": "compulsory",
        "substitution": "substitution",
    },
    "purpose": {
        "học nghề": "training",
        "sản xuất kinh doanh": "production",
        "training": "training",
        "production": "production",
    },
}
EXAMPLE = [
    "Nguyễn Văn An",
    "15/03/1990",
    "Nam",
    "Tày",
    "020090001234",
    "Bản Khòn Pổ",
    "Bản Khòn Pổ, xã Châu Sơn",
    "0912345678",
    "Tự nguyện",
    "Cơ sở cai nghiện ma túy tỉnh Lạng Sơn",
    "20/06/2024",
    "15/QĐ-UBND",
    "01/07/2024",
    "UBND xã Châu Sơn",
    "Nguyễn Văn Bình",
    "Bố",
    "020065001111",
    "10/05/2026",
    "Sản xuất kinh doanh",
    "50000000",
]
MAX_LENGTH = rehab_rules.MAX_TEXT_LENGTH


class RehabPersonImport(models.TransientModel):
    _name = "rehab.person.import"
    _inherit = ["rehab.base.mixin"]
    _description = "Import people after rehab from an XLSX file"

    company_id = fields.Many2one(
        "res.company",
        string="Commune",
        required=True,
        default=lambda self: self.env.company,
        domain="[('agency_type', '=', 'commune'), ('id', 'in', allowed_company_ids)]",
    )
    file = fields.Binary(string="XLSX file")
    file_name = fields.Char()
    state = fields.Selection(
        [("draft", "To import"), ("error", "Errors found"), ("done", "Imported")],
        default="draft",
        required=True,
    )
    error_file = fields.Binary(readonly=True, attachment=False)
    error_file_name = fields.Char(readonly=True)
    error_count = fields.Integer(readonly=True)
    imported_count = fields.Integer(readonly=True)
    template_file = fields.Binary(readonly=True, attachment=False)

    # Template

    def action_download_template(self):
        self.ensure_one()
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Danh sach"
        sheet.append([header for __, header, __ in COLUMNS])
        sheet.append(EXAMPLE)
        self._style_header(sheet)
        self.template_file = self._workbook_bytes(book)
        return self._download("template_file", "mau_nhap_nguoi_sau_cai_nghien.xlsx")

    def _download(self, field, filename):
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%s/%s/%s/%s?download=true"
            % (self._name, self.id, field, filename),
            "target": "self",
        }

    @staticmethod
    def _style_header(sheet):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 22

    @staticmethod
    def _workbook_bytes(book):
        buffer = io.BytesIO()
        book.save(buffer)
        return base64.b64encode(buffer.getvalue())

    # Reading and checking

    def _read_rows(self):
        if not self.file:
            raise UserError(_("Choose the XLSX file to import."))
        try:
            book = openpyxl.load_workbook(
                io.BytesIO(base64.b64decode(self.file)), read_only=True, data_only=True
            )
        except Exception as error:
            raise UserError(
                _("The file is not a readable XLSX workbook (%s).", error)
            ) from error
        rows = list(book.active.iter_rows(values_only=True))
        if not rows:
            raise UserError(_("The file is empty."))
        headers = [str(h).strip().lower() if h is not None else "" for h in rows[0]]
        index = {}
        for field, header, kind in COLUMNS:
            for label in (header.lower(), field):
                if label in headers:
                    index[field] = (headers.index(label), kind)
                    break
        missing = [
            header
            for field, header, __ in COLUMNS
            if field in REQUIRED and field not in index
        ]
        if missing:
            raise UserError(
                _(
                    "The header row lacks the columns: %s. Download the template "
                    "to see the expected columns.",
                    ", ".join(missing),
                )
            )
        data = []
        for number, row in enumerate(rows[1:], start=2):
            # A row of empty cells, or of cells holding only spaces, is skipped.
            if not any(v is not None and str(v).strip() for v in row):
                continue
            data.append((number, row, index))
        if not data:
            raise UserError(_("The file has no rows under its header."))
        return rows[0], data

    def _parse_cell(self, value, kind):
        """(value, error message or None)."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return False, None
        if kind in CHOICES:
            return self._parse_choice(value, kind)
        parser = {
            "date": self._parse_date,
            "citizen_id": self._parse_citizen_id,
            "amount": self._parse_amount,
        }.get(kind, self._parse_text)
        return parser(value)

    def _parse_date(self, value):
        if isinstance(value, datetime.datetime):
            return value.date(), None
        if isinstance(value, datetime.date):
            return value, None
        text = str(value).strip()
        for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
            try:
                return datetime.datetime.strptime(text, fmt).date(), None
            except ValueError:
                continue
        return False, _("“%s” is not a date (day/month/year).", text)

    def _parse_citizen_id(self, value):
        # A spreadsheet keeps an ID typed as a number without its leading zero.
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int):
            return str(value).zfill(12), None
        return str(value).strip(), None

    def _parse_choice(self, value, kind):
        key = str(value).strip().lower()
        if key not in CHOICES[kind]:
            return False, _("“%s” is not one of the allowed values.", value)
        return CHOICES[kind][key], None

    def _parse_amount(self, value):
        if isinstance(value, str):
            value = value.strip().replace(".", "").replace(",", "")
        try:
            amount = float(value)
        except (TypeError, ValueError):
            amount = math.nan
        # A date, a word or "nan" / "inf" in the column is not an amount.
        if isinstance(value, bool) or not math.isfinite(amount):
            return False, _("“%s” is not an amount.", value)
        if amount < 0:
            return False, _("The amount cannot be negative.")
        return amount, None

    def _parse_text(self, value):
        text = str(value).strip()
        if len(text) > MAX_LENGTH:
            return False, _("The text is longer than %s characters.", MAX_LENGTH)
        return text, None

    def _check_rows(self, data):
        """[(row number, row, vals, [errors])] for every row."""
        person_model = self.env["rehab.person"]
        id_messages = person_model._citizen_id_messages()
        labels = {field: header for field, header, __ in COLUMNS}
        today = self._rehab_today()
        checked = []
        for number, row, index in data:
            vals, errors = {"company_id": self.company_id.id}, []
            for field, (position, kind) in index.items():
                value = row[position] if position < len(row) else None
                parsed, error = self._parse_cell(value, kind)
                if error:
                    errors.append("%s: %s" % (labels[field], error))
                elif parsed is not False:
                    vals[field] = parsed
            for field in REQUIRED:
                if field not in vals and not any(
                    e.startswith(labels[field]) for e in errors
                ):
                    errors.append(_("%s is required.", labels[field]))
            if vals.get("citizen_id"):
                codes = rehab_rules.citizen_id_errors(
                    vals["citizen_id"], vals.get("birth_date"), vals.get("gender")
                )
                errors += [id_messages[c] for c in codes]
            if vals.get("household_rep_citizen_id"):
                codes = rehab_rules.citizen_id_errors(vals["household_rep_citizen_id"])
                errors += [
                    "%s: %s" % (labels["household_rep_citizen_id"], id_messages[c])
                    for c in codes
                ]
            for field in (
                "birth_date",
                "completion_date",
                "decision_date",
                "informed_date",
            ):
                if vals.get(field) and vals[field] > today:
                    errors.append(_("%s is in the future.", labels[field]))
            checked.append((number, row, vals, errors))
        self._check_duplicates(checked)
        return checked

    def _check_duplicates(self, checked):
        seen = {}
        for number, __, vals, errors in checked:
            cid = vals.get("citizen_id")
            if not cid:
                continue
            if cid in seen:
                errors.append(
                    _("The citizen ID is repeated on row %s of the file.", seen[cid])
                )
            else:
                seen[cid] = number
        existing = set(
            self.env["rehab.person"]
            .sudo()
            .with_context(active_test=False)
            .search([("citizen_id", "in", list(seen))])
            .mapped("citizen_id")
        )
        for __, __, vals, errors in checked:
            if vals.get("citizen_id") in existing:
                errors.append(
                    _("The citizen ID is already registered in the programme.")
                )

    def _error_workbook(self, header, checked):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Loi"
        sheet.append(
            [_("Row"), *[h if h is not None else "" for h in header], _("Errors")]
        )
        for number, row, __, errors in checked:
            if errors:
                sheet.append([number, *row, "\n".join(errors)])
        self._style_header(sheet)
        return self._workbook_bytes(book)

    # Import

    def action_import(self):
        self.ensure_one()
        if self.company_id.agency_type != "commune":
            raise UserError(_("People are imported into a commune or ward."))
        header, data = self._read_rows()
        checked = self._check_rows(data)
        bad = [c for c in checked if c[3]]
        if bad:
            self.write(
                {
                    "state": "error",
                    "error_count": len(bad),
                    "error_file": self._error_workbook(header, checked),
                    "error_file_name": "loi_nhap_%s"
                    % (self.file_name or "danh_sach.xlsx"),
                }
            )
            return self._reopen()
        try:
            with self.env.cr.savepoint():
                people = self.env["rehab.person"].create([c[2] for c in checked])
        except ValidationError as error:
            raise UserError(_("Nothing was imported: %s", error.args[0])) from error
        self.write({"state": "done", "imported_count": len(people)})
        return {
            "type": "ir.actions.act_window",
            "name": _("Imported people"),
            "res_model": "rehab.person",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", people.ids)],
        }

    def action_download_errors(self):
        self.ensure_one()
        return self._download("error_file", self.error_file_name or "loi_nhap.xlsx")

    def action_retry(self):
        self.write(
            {"state": "draft", "file": False, "error_file": False, "error_count": 0}
        )
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            # The dialog's title, not the browser's default "Odoo".
            "name": _("Import people"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.company.agency_type != "commune":
            values.pop("company_id", None)
        return values
