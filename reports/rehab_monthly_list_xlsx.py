# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models


class RehabMonthlyListXlsx(models.AbstractModel):
    _name = "report.post_rehab_credit.monthly_list_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Monthly list as an XLSX workbook"

    def _columns(self):
        return [
            (_("No."), 6),
            (_("Full name"), 28),
            (_("Date of birth"), 14),
            (_("Citizen ID"), 16),
            (_("Village / residential group"), 24),
            (_("Household representative"), 24),
            (_("Loan purpose"), 22),
            (_("Amount sought"), 16),
            (_("Left out"), 10),
            (_("Why left out"), 30),
        ]

    def generate_xlsx_report(self, workbook, data, lists):
        bold = workbook.add_format({"bold": True})
        header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        date_format = workbook.add_format({"num_format": "dd/mm/yyyy", "border": 1})
        money = workbook.add_format({"num_format": "#,##0", "border": 1})
        cell = workbook.add_format({"border": 1})
        purposes = dict(
            self.env["rehab.monthly.list.line"]
            ._fields["purpose"]
            ._description_selection(self.env)
        )
        for record in lists:
            # "Tháng 11-2026 06187": the month and the commune, unique.
            sheet = workbook.add_worksheet(
                _(
                    "Month %(month)s %(commune)s",
                    month=record.month_date.strftime("%m-%Y"),
                    commune=record.company_id.sudo().admin_code or record.id,
                )[:31]
            )
            sheet.write(0, 0, record.company_id.name, bold)
            sheet.write(1, 0, record.name, bold)
            for col, (title, width) in enumerate(self._columns()):
                sheet.write(3, col, title, header)
                sheet.set_column(col, col, width)
            for row, line in enumerate(record.line_ids, start=4):
                sheet.write(row, 0, row - 3, cell)
                sheet.write(row, 1, line.person_name, cell)
                sheet.write_datetime(row, 2, line.birth_date, date_format)
                sheet.write_string(row, 3, line.citizen_id or "", cell)
                sheet.write(row, 4, line.village or "", cell)
                sheet.write(row, 5, line.household_rep_name or "", cell)
                sheet.write(row, 6, purposes.get(line.purpose, ""), cell)
                sheet.write_number(row, 7, line.amount_needed or 0, money)
                sheet.write(row, 8, _("Yes") if line.excluded else "", cell)
                sheet.write(row, 9, line.exclusion_reason or "", cell)
            sheet.freeze_panes(4, 0)
