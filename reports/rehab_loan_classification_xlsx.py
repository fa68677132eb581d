# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models

MONEY = (
    "outstanding_principal",
    "overdue_principal",
    "overdue_interest",
    "written_off_principal",
)


class RehabLoanClassificationXlsx(models.AbstractModel):
    """The debt classification: its lines, then totals by status and term."""

    _name = "report.post_rehab_credit.loan_classification_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Debt classification as an XLSX workbook"

    def _columns(self):
        return [
            (_("Commune"), 24, "commune_id"),
            (_("Purpose"), 26, "purpose"),
            (_("Term"), 14, "term_class"),
            (_("Status"), 14, "status"),
            (_("Capital source"), 22, "capital_source"),
            (_("Entrusted organisation"), 20, "organisation"),
            (_("Savings-and-loan group"), 26, "savings_group_id"),
            (_("Ethnic group"), 14, "ethnic_group"),
            (_("Loans"), 8, "loan_count"),
            (_("Outstanding"), 16, "outstanding_principal"),
            (_("Overdue principal"), 16, "overdue_principal"),
            (_("Overdue interest"), 16, "overdue_interest"),
            (_("Written off"), 16, "written_off_principal"),
        ]

    def generate_xlsx_report(self, workbook, data, records):
        bold = workbook.add_format({"bold": True})
        header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        money = workbook.add_format({"num_format": "#,##0", "border": 1})
        total = workbook.add_format({"num_format": "#,##0", "border": 1, "bold": True})
        cell = workbook.add_format({"border": 1})
        Line = self.env["rehab.loan.classification.line"]
        labels = {
            name: dict(Line._fields[name]._description_selection(self.env))
            for name in (
                "purpose",
                "term_class",
                "status",
                "capital_source",
                "organisation",
            )
        }
        columns = self._columns()
        for record in records:
            sheet = workbook.add_worksheet(
                record.as_of_date.strftime("%d-%m-%Y") + " " + str(record.id)
            )
            sheet.write(0, 0, record.name, bold)
            state = dict(record._fields["state"]._description_selection(self.env))
            sheet.write(1, 0, state[record.state])
            for col, (title, width, __) in enumerate(columns):
                sheet.write(3, col, title, header)
                sheet.set_column(col, col, width)
            row = 4
            for line in record.line_ids:
                for col, (__, __, key) in enumerate(columns):
                    value = line[key]
                    if key in labels:
                        value = labels[key].get(value, "")
                    elif key in ("commune_id", "savings_group_id"):
                        value = value.sudo().name or ""
                    if isinstance(value, (int, float)) and not isinstance(value, bool):
                        sheet.write_number(row, col, value, money)
                    else:
                        sheet.write(row, col, value or "", cell)
                row += 1
            self._write_totals(sheet, row + 1, record, labels, (total, cell))

    def _write_totals(self, sheet, row, record, labels, formats):
        """Totals by status, by term, and for the whole province."""
        lines = record.line_ids
        for key in ("status", "term_class"):
            for code, label in labels[key].items():
                group = lines.filtered(lambda line, k=key, c=code: line[k] == c)
                row = self._write_total(sheet, row, label, group, formats)
            row += 1
        return self._write_total(sheet, row, _("Total"), lines, formats)

    def _write_total(self, sheet, row, label, lines, formats):
        total, cell = formats
        sheet.write(row, 7, label, cell)
        sheet.write_number(row, 8, sum(lines.mapped("loan_count")), total)
        for col, name in enumerate(MONEY, start=9):
            sheet.write_number(row, col, sum(lines.mapped(name)), total)
        return row + 1
