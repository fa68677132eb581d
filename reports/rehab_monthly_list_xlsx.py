# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models


class RehabMonthlyListXlsx(models.AbstractModel):
    _name = "report.post_rehab_credit.monthly_list_xlsx"
    _inherit = "rehab.official.xlsx"
    _description = "Monthly list as an XLSX workbook"

    def _columns(self):
        return [
            (_("No."), 6),
            (_("Full name"), 26),
            (_("Date of birth"), 13),
            (_("Citizen ID"), 16),
            (_("Village / residential group"), 22),
            (_("Household representative"), 24),
            (_("Loan purpose"), 22),
            (_("Amount sought"), 16),
            (_("Left out"), 12),
            (_("Why left out"), 30),
        ]

    def _generate_official(self, book, data, lists):
        for record in lists:
            # "Tháng 11-2026 06187": the month and the commune, unique.
            doc = self._doc_sheet(
                book,
                _(
                    "Month %(month)s %(commune)s",
                    month=record.month_date.strftime("%m-%Y"),
                    commune=record.company_id.sudo().admin_code or record.id,
                )[:31],
                record._official_document(),
                self._columns(),
            )
            row = doc.row
            for index, line in enumerate(record.line_ids, start=1):
                doc.write_row(
                    row,
                    [
                        (index, "center"),
                        (line.person_name, "cell"),
                        (line.birth_date, "date"),
                        (line.citizen_id or "", "center"),
                        (line.village or "", "cell"),
                        (line.household_rep_name or "", "cell"),
                        (self._doc_selection(line, "purpose"), "cell"),
                        (line.amount_needed or 0, "money"),
                        (_("Yes") if line.excluded else "", "center"),
                        (line.exclusion_reason or "", "cell"),
                    ],
                )
                row += 1
            doc.span(
                row, 0, 6, _("Total (not counting the people left out)"), "total_label"
            )
            doc.write_row(
                row,
                [(record.amount_total or 0, "total"), (None, "cell"), (None, "cell")],
                first=7,
            )
            doc.close(row + 1)
