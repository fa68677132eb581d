# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models


class RehabLoanPortfolioXlsx(models.AbstractModel):
    _name = "report.post_rehab_credit.loan_portfolio_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Loan portfolio as an XLSX workbook"

    def _title(self):
        return _("Loan portfolio")

    def _select(self, loans):
        return loans

    def _columns(self):
        return [
            (_("Number"), 16, "name"),
            (_("Commune"), 26, "company"),
            (_("Borrower"), 28, "borrower_name"),
            (_("Purpose"), 26, "purpose"),
            (_("Organisation"), 20, "organisation"),
            (_("Approved"), 15, "amount_approved"),
            (_("Disbursed"), 15, "disbursed_amount"),
            (_("Outstanding"), 15, "outstanding_principal"),
            (_("Overdue principal"), 15, "overdue_principal"),
            (_("Overdue interest"), 15, "overdue_interest"),
            (_("Days past due"), 10, "days_past_due"),
            (_("Bucket"), 14, "delinquency_bucket"),
            (_("Status"), 18, "state"),
        ]

    def generate_xlsx_report(self, workbook, data, loans):
        loans = self._select(loans)
        header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        money = workbook.add_format({"num_format": "#,##0", "border": 1})
        cell = workbook.add_format({"border": 1})
        sheet = workbook.add_worksheet(self._title()[:31])
        sheet.write(0, 0, self._title(), workbook.add_format({"bold": True}))
        labels = {
            name: dict(loans._fields[name]._description_selection(self.env))
            for name in ("purpose", "organisation", "delinquency_bucket", "state")
        }
        columns = self._columns()
        for col, (title, width, __) in enumerate(columns):
            sheet.write(2, col, title, header)
            sheet.set_column(col, col, width)
        for row, loan in enumerate(loans, start=3):
            for col, (__, __, key) in enumerate(columns):
                if key == "company":
                    sheet.write(row, col, loan.company_id.sudo().name, cell)
                elif key in labels:
                    sheet.write(row, col, labels[key].get(loan[key], ""), cell)
                elif isinstance(loan[key], (int, float)) and key != "name":
                    sheet.write_number(row, col, loan[key], money)
                else:
                    sheet.write(row, col, loan[key] or "", cell)
        sheet.freeze_panes(3, 0)
