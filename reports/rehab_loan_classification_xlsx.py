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
    _inherit = "rehab.official.xlsx"
    _description = "Debt classification as an XLSX workbook"

    def _columns(self):
        return [
            (_("Commune"), 24, "commune_id"),
            (_("Purpose"), 30, "purpose"),
            (_("Term"), 14, "term_class"),
            (_("Status"), 14, "status"),
            (_("Capital source"), 22, "capital_source"),
            (_("Entrusted organisation"), 20, "organisation"),
            (_("Savings-and-loan group"), 30, "savings_group_id"),
            (_("Ethnic group"), 14, "ethnic_group"),
            (_("Loans"), 8, "loan_count"),
            (_("Outstanding"), 16, "outstanding_principal"),
            (_("Overdue principal"), 16, "overdue_principal"),
            (_("Overdue interest"), 16, "overdue_interest"),
            (_("Written off"), 16, "written_off_principal"),
        ]

    def _paper(self, record):
        """Drawn up by the province's VBSP branch, signed by the manager who
        approved it; a draft until approved."""
        branch = (
            record.env["res.company"]
            .sudo()
            .search(
                [
                    ("agency_type", "=", "vbsp_branch"),
                    ("province_id", "=", record.province_id.id),
                ],
                limit=1,
            )
        )
        return self._doc_parts_for(
            branch or record.province_id,
            _("REPORT"),
            _(
                "Debt classification of the loans to people after drug "
                "rehabilitation as of %s",
                self._doc_date(record.as_of_date),
            ),
            record.approved_on or record.as_of_date,
            signer_user=record.approved_by_id,
            draft=record.state != "approved",
        )

    def _generate_official(self, book, data, records):
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
            doc = self._doc_sheet(
                book,
                record._rehab_format_date(record.as_of_date, "dd-MM-yyyy")
                + " "
                + str(record.id),
                self._paper(record),
                [(title, width) for title, width, __ in columns],
            )
            row = doc.row
            for line in record.line_ids:
                cells = []
                for __, __, key in columns:
                    value = line[key]
                    if key in labels:
                        value = labels[key].get(value, "")
                    elif key in ("commune_id", "savings_group_id"):
                        value = value.sudo().name or ""
                    if isinstance(value, (int, float)) and not isinstance(value, bool):
                        cells.append((value, "money"))
                    else:
                        cells.append((value or "", "cell"))
                doc.write_row(row, cells)
                row += 1
            doc.close(self._write_totals(doc, row + 1, record, labels))

    def _write_totals(self, doc, row, record, labels):
        """Totals by status, by term, and for the whole province."""
        lines = record.line_ids
        for key in ("status", "term_class"):
            for code, label in labels[key].items():
                group = lines.filtered(lambda line, k=key, c=code: line[k] == c)
                row = self._write_total(doc, row, label, group)
            row += 1
        return self._write_total(doc, row, _("Total"), lines)

    def _write_total(self, doc, row, label, lines):
        doc.write_row(
            row,
            [(label, "cell"), (sum(lines.mapped("loan_count")), "total")]
            + [(sum(lines.mapped(name)), "total") for name in MONEY],
            first=7,
        )
        return row + 1
