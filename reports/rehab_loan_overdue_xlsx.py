# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models


class RehabLoanOverdueXlsx(models.AbstractModel):
    """The overdue register: the portfolio's overdue loans, most late first."""

    _name = "report.post_rehab_credit.loan_overdue_xlsx"
    _inherit = "report.post_rehab_credit.loan_portfolio_xlsx"
    _description = "Overdue register as an XLSX workbook"

    def _title(self):
        return _("Overdue register")

    def _kind(self):
        return _("REGISTER")

    def _select(self, rows):
        return sorted(
            (row for row in rows if row["days_past_due"] > 0),
            key=lambda row: -row["days_past_due"],
        )
