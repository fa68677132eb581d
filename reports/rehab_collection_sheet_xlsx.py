# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models


class RehabCollectionSheetXlsx(models.AbstractModel):
    """The group leader's collection sheet as a workbook, one sheet a group,
    in the official layout.

    The members and their loans, what falls due, what the leader already
    collected; nothing of the programme's sensitive data.
    """

    _name = "report.post_rehab_credit.collection_sheet_xlsx"
    _inherit = "rehab.official.xlsx"
    _description = "Collection sheet as an XLSX workbook"

    def _columns(self):
        return [
            (_("No."), 6, None),
            (_("Borrower"), 26, "borrower_name"),
            (_("Loan"), 16, None),
            (_("Outstanding"), 15, "outstanding_principal"),
            (_("Overdue interest"), 14, "due_overdue_interest"),
            (_("Interest"), 13, "due_interest"),
            (_("Principal"), 14, "due_principal"),
            (_("Total due"), 15, "due_total"),
            (_("Collected by the group leader"), 16, "receipt_amount"),
            (_("To collect"), 15, "to_collect"),
            (_("Paid"), 15, "amount_total"),
            (_("Signature"), 16, None),
        ]

    def _generate_official(self, book, data, sheets):
        columns = self._columns()
        for record in sheets:
            doc = self._doc_sheet(
                book,
                (
                    "%s %s"
                    % (
                        record._rehab_format_date(record.session_date, "dd-MM-yyyy"),
                        record.id,
                    )
                )[:31],
                record._official_document(),
                [(title, width) for title, width, __ in columns],
            )
            posted = record.state == "posted"
            row = doc.row
            lines = record.line_ids.sorted(lambda ln: (ln.borrower_name or "", ln.id))
            for index, line in enumerate(lines, start=1):
                cells = [
                    (index, "center"),
                    (line.borrower_name or "", "cell"),
                    (line.loan_id.name or "", "cell"),
                ]
                for __, __, name in columns[3:-1]:
                    if name == "amount_total" and not posted:
                        cells.append((None, "cell"))
                    else:
                        cells.append((line[name] or 0, "money"))
                cells.append((None, "cell"))
                doc.write_row(row, cells)
                row += 1
            doc.span(row, 0, 2, _("Total"), "total_label")
            totals = []
            for __, __, name in columns[3:-1]:
                if name == "amount_total" and not posted:
                    totals.append((None, "cell"))
                else:
                    totals.append((sum(record.line_ids.mapped(name)), "total"))
            totals.append((None, "cell"))
            doc.write_row(row, totals, first=3)
            doc.close(row + 1)
