# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models


class RehabMonthlyListXlsx(models.AbstractModel):
    """The monthly list as a workbook, one sheet a list.

    Two copies of one list: the commune's internal copy (the police and the
    chairman, who may read why a person was left out) holds every person
    with the reasons, filed internally; the copy of everyone else (the
    bank) holds the people on the list only, addressed to the bank.
    """

    _name = "report.post_rehab_credit.monthly_list_xlsx"
    _inherit = "rehab.official.xlsx"
    _description = "Monthly list as an XLSX workbook"

    def _columns(self, internal):
        columns = [
            (_("No."), 6),
            (_("Full name"), 26),
            (_("Date of birth"), 13),
            (_("Citizen ID"), 16),
            (_("Village / residential group"), 22),
            (_("Household representative"), 24),
            (_("Loan purpose"), 22),
            (_("Amount sought"), 16),
        ]
        if internal:
            columns += [(_("Left out"), 12), (_("Why left out"), 30)]
        return columns

    def _generate_official(self, book, data, lists):
        internal = lists._internal_copy()
        total_label = (
            _("Total (not counting the people left out)") if internal else _("Total")
        )
        for record in lists:
            # "Tháng 11-2026 06187": the month and the commune, unique.
            doc = self._doc_sheet(
                book,
                _(
                    "Month %(month)s %(commune)s",
                    month=record._rehab_format_date(record.month_date, "MM-yyyy"),
                    commune=record.company_id.sudo().admin_code or record.id,
                )[:31],
                record._official_document(internal=internal),
                self._columns(internal),
            )
            row = doc.row
            lines = record.line_ids if internal else record.included_line_ids
            for index, line in enumerate(lines, start=1):
                cells = [
                    (index, "center"),
                    (line.person_name, "cell"),
                    (line.birth_date, "date"),
                    (line._rehab_doc("citizen_id"), "center"),
                    (line.village or "", "cell"),
                    (line.household_rep_name or "", "cell"),
                    (self._doc_selection(line, "purpose"), "cell"),
                    (line.amount_needed or 0, "money"),
                ]
                if internal:
                    cells += [
                        (_("Yes") if line.excluded else "", "center"),
                        (line.exclusion_reason or "", "cell"),
                    ]
                doc.write_row(row, cells)
                row += 1
            doc.span(
                row,
                0,
                6,
                total_label,
                "total_label",
            )
            doc.write_row(
                row,
                [(record.amount_total or 0, "total")]
                + [(None, "cell")] * (2 if internal else 0),
                first=7,
            )
            doc.close(row + 1)
