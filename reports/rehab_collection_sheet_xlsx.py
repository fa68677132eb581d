# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models


class RehabCollectionSheetXlsx(models.AbstractModel):
    """The group leader's collection sheet as a workbook, one sheet a group.

    The members and their loans, what falls due, what the leader already
    collected; nothing of the programme's sensitive data.
    """

    _name = "report.post_rehab_credit.collection_sheet_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Collection sheet as an XLSX workbook"

    def _columns(self):
        return [
            (_("No."), 6, None),
            (_("Borrower"), 28, "borrower_name"),
            (_("Loan"), 16, None),
            (_("Outstanding"), 15, "outstanding_principal"),
            (_("Overdue interest"), 15, "due_overdue_interest"),
            (_("Interest"), 13, "due_interest"),
            (_("Principal"), 14, "due_principal"),
            (_("Total due"), 15, "due_total"),
            (_("Collected by the group leader"), 18, "receipt_amount"),
            (_("To collect"), 15, "to_collect"),
            (_("Paid"), 15, "amount_total"),
            (_("Signature"), 18, None),
        ]

    def generate_xlsx_report(self, workbook, data, sheets):
        bold = workbook.add_format({"bold": True})
        header = workbook.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}
        )
        money = workbook.add_format({"num_format": "#,##0", "border": 1})
        total_money = workbook.add_format(
            {"num_format": "#,##0", "border": 1, "bold": True}
        )
        cell = workbook.add_format({"border": 1})
        columns = self._columns()
        for record in sheets:
            sheet = workbook.add_worksheet(
                ("%s %s" % (record.session_date.strftime("%d-%m-%Y"), record.id))[:31]
            )
            session = record.session_id
            sheet.write(0, 0, _("Collection sheet of interest and principal"), bold)
            sheet.write(
                1,
                0,
                _(
                    "Transaction session of %(day)s at %(place)s",
                    day=record.session_date.strftime("%d/%m/%Y"),
                    place=session.place,
                ),
            )
            sheet.write(
                2,
                0,
                _(
                    "Savings-and-loan group: %(group)s (%(organisation)s), "
                    "group leader: %(leader)s",
                    group=record.savings_group_id.name,
                    organisation=record.organisation_label(),
                    leader=record.leader_name or "",
                ),
            )
            for col, (title, width, __) in enumerate(columns):
                sheet.write(4, col, title, header)
                sheet.set_column(col, col, width)
            row = 5
            posted = record.state == "posted"
            lines = record.line_ids.sorted(lambda ln: (ln.borrower_name or "", ln.id))
            for row, line in enumerate(lines, start=5):
                sheet.write(row, 0, row - 4, cell)
                sheet.write(row, 1, line.borrower_name or "", cell)
                sheet.write(row, 2, line.loan_id.name or "", cell)
                for col, (__, __, name) in enumerate(columns):
                    if col < 3 or not name:
                        continue
                    if name == "amount_total" and not posted:
                        sheet.write_blank(row, col, None, cell)
                        continue
                    sheet.write_number(row, col, line[name] or 0, money)
                sheet.write_blank(row, len(columns) - 1, None, cell)
            total_row = row + 1 if record.line_ids else 5
            sheet.write(total_row, 1, _("Total"), bold)
            for col, (__, __, name) in enumerate(columns):
                if col < 3 or not name or (name == "amount_total" and not posted):
                    continue
                sheet.write_number(
                    total_row,
                    col,
                    sum(record.line_ids.mapped(name)),
                    total_money,
                )
            sheet.freeze_panes(5, 2)
