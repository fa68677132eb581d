# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models

# The figures that change with the day; as of a past day they are recomputed
# from the ledger (rehab.loan._figures_as_of), not read from the loan.
AS_OF_KEYS = (
    "disbursed_amount",
    "outstanding_principal",
    "overdue_principal",
    "overdue_interest",
    "days_past_due",
    "delinquency_bucket",
)


class RehabLoanPortfolioXlsx(models.AbstractModel):
    """The loan portfolio; ``data["as_of"]`` (a day) gives it as it stood then."""

    _name = "report.post_rehab_credit.loan_portfolio_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Loan portfolio as an XLSX workbook"

    def _title(self):
        return _("Loan portfolio")

    def _select(self, rows):
        return rows

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

    def _status_labels(self):
        """The status of a loan at the end of a past day."""
        return {
            "current": _("Current"),
            "overdue": _("Overdue"),
            "frozen": _("Frozen"),
            "written_off": _("Written off"),
            "closed": _("Closed"),
        }

    def _rows(self, loans, day):
        """(loan, {column key: value}); as of ``day`` when given."""
        labels = {
            name: dict(loans._fields[name]._description_selection(self.env))
            for name in ("purpose", "organisation", "delinquency_bucket", "state")
        }
        figures = loans._figures_as_of(day) if day else {}
        statuses = self._status_labels()
        rows = []
        for loan in loans:
            if day and loan.id not in figures:
                continue  # not disbursed yet on that day
            values = {
                key: loan[key] for __, __, key in self._columns() if key in loan._fields
            }
            values["company"] = loan.company_id.sudo().name
            if day:
                values.update({key: figures[loan.id][key] for key in AS_OF_KEYS})
            for key, label in labels.items():
                values[key] = label.get(values.get(key), "")
            if day:
                values["state"] = statuses[figures[loan.id]["status"]]
            rows.append(values)
        return rows

    def generate_xlsx_report(self, workbook, data, loans):
        day = fields.Date.to_date((data or {}).get("as_of"))
        rows = self._select(self._rows(loans, day))
        header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        money = workbook.add_format({"num_format": "#,##0", "border": 1})
        cell = workbook.add_format({"border": 1})
        sheet = workbook.add_worksheet(self._title()[:31])
        title = self._title()
        if day:
            title = _(
                "%(title)s as of %(day)s", title=title, day=day.strftime("%d/%m/%Y")
            )
        sheet.write(0, 0, title, workbook.add_format({"bold": True}))
        columns = self._columns()
        for col, (title, width, __) in enumerate(columns):
            sheet.write(2, col, title, header)
            sheet.set_column(col, col, width)
        for row, values in enumerate(rows, start=3):
            for col, (__, __, key) in enumerate(columns):
                value = values.get(key)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    sheet.write_number(row, col, value, money)
                else:
                    sheet.write(row, col, value or "", cell)
        sheet.freeze_panes(3, 0)
