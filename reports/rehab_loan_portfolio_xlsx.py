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
# Loans read at a time (_rows).
CHUNK = 2000


class RehabLoanPortfolioXlsx(models.AbstractModel):
    """The loan portfolio; ``data["as_of"]`` (a day) gives it as it stood then."""

    _name = "report.post_rehab_credit.loan_portfolio_xlsx"
    _inherit = "rehab.official.xlsx"
    _description = "Loan portfolio as an XLSX workbook"

    def get_workbook_options(self):
        # Each row written to a temporary file once the next one starts
        # (xlsxwriter's constant_memory): the sheet of a whole portfolio
        # does not sit in memory. Rows are written in order, top to bottom.
        return dict(super().get_workbook_options(), constant_memory=True)

    def _title(self):
        return _("Loan portfolio")

    def _select(self, rows):
        return rows

    def _columns(self):
        return [
            (_("Number"), 16, "name"),
            (_("Commune"), 26, "company"),
            (_("Borrower"), 28, "borrower_name"),
            (_("Purpose"), 30, "purpose"),
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
        """The rows of ``loans``, {column key: value}, as of ``day`` when
        given (a loan not disbursed by then left out).

        A generator, read CHUNK loans at a time and each chunk dropped from
        the cache once written: the whole portfolio of a nation (hundreds of
        thousands of loans) in flat memory."""
        labels = {
            name: dict(loans._fields[name]._description_selection(self.env))
            for name in ("purpose", "organisation", "delinquency_bucket", "state")
        }
        statuses = self._status_labels()
        keys = [key for __, __, key in self._columns() if key in loans._fields]
        companies = {}
        for start in range(0, len(loans), CHUNK):
            chunk = loans[start : start + CHUNK]
            figures = chunk._figures_as_of(day) if day else {}
            for loan in chunk:
                if day and loan.id not in figures:
                    continue  # not disbursed yet on that day
                values = {key: loan[key] for key in keys}
                company = loan.company_id
                if company.id not in companies:
                    companies[company.id] = company.sudo().name
                values["company"] = companies[company.id]
                if day:
                    values.update({key: figures[loan.id][key] for key in AS_OF_KEYS})
                for key, label in labels.items():
                    values[key] = label.get(values.get(key), "")
                if day:
                    values["state"] = statuses[figures[loan.id]["status"]]
                yield values
            chunk.invalidate_recordset()

    def _kind(self):
        return _("REPORT")

    def _generate_official(self, book, data, loans):
        """The loans, printed by the agency of the user (the bank's office or
        branch, a province agency), dated the day printed or the day asked."""
        as_of = fields.Date.to_date((data or {}).get("as_of"))
        rows = self._select(self._rows(loans, as_of))
        day = as_of or self._rehab_today()
        title = _(
            "%(title)s as of %(day)s", title=self._title(), day=self._doc_date(day)
        )
        paper = self._doc_parts_for(
            self.env.company,
            self._kind(),
            title,
            day,
            preparer=self.env.user,
        )
        columns = self._columns()
        doc = self._doc_sheet(
            book,
            self._title()[:31],
            paper,
            [(head, width) for head, width, __ in columns],
        )
        row = doc.row
        for values in rows:
            cells = []
            for __, __, key in columns:
                value = values.get(key)
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    cells.append((value, "money"))
                else:
                    cells.append((value or "", "cell"))
            doc.write_row(row, cells)
            row += 1
        doc.close(row)
