# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models

from ..tools.loan_rules import round_vnd


class RehabEntrustmentStatementXlsx(models.AbstractModel):
    """A transaction office's monthly statement in the official layout: one
    sheet by organisation, one by group leader. The fee of an organisation is
    its rate times the interest of all its groups, rounded once to the đồng.
    A month issued prints the issued figures, dated the day it was issued and
    prepared by who issued it."""

    _name = "report.post_rehab_credit.entrustment_statement_xlsx"
    _inherit = "rehab.official.xlsx"
    _description = "Monthly statement of entrustment fees as an XLSX workbook"

    def _by_organisation(self, rows):
        """[(commune, organisation, interest, fee)] in the rows' order."""
        totals = {}
        for row in rows:
            key = (row.company_id, row.organisation)
            interest, fee = totals.get(key, (0, 0))
            totals[key] = (interest + row.interest_collected, fee + row.fee_amount)
        return [(c, o, i, f) for (c, o), (i, f) in totals.items()]

    def _paper(self, statement, summary):
        issued = statement._issued().sudo()
        return self._doc_parts_for(
            statement.sudo().vbsp_office_id,
            _("STATEMENT"),
            summary,
            self._rehab_date(issued.issued_on) if issued else self._rehab_today(),
            preparer=issued.issued_by_id if issued else self.env.user,
        )

    def _rate_note(self, rows, rate_field, amount_field, uniform, weighted):
        """The rate line of a sheet: the month's rate when every row has the
        same, else the rate weighted by the interest (amount × 100 /
        interest; a ratio of sums, never an average of the rates)."""
        rates = set(rows.mapped(rate_field))
        if len(rates) <= 1:
            return uniform % self._doc_number(rows[:1][rate_field], 2)
        interest = sum(rows.mapped("interest_collected"))
        rate = sum(rows.mapped(amount_field)) * 100 / interest if interest else 0
        return weighted % self._doc_number(rate, 2)

    def _generate_official(self, book, data, statements):
        Fee = self.env["rehab.entrustment.fee"]
        organisations = dict(
            Fee._fields["organisation"]._description_selection(self.env)
        )
        for statement in statements:
            rows = statement._rows()
            self._sheet_by_organisation(book, statement, rows, organisations)
            self._sheet_by_leader(book, statement, rows, organisations)

    def _sheet_by_organisation(self, book, statement, rows, organisations):
        """The sheet of the entrustment fees, by commune and organisation."""
        note = self._rate_note(
            rows,
            "fee_rate",
            "fee_amount",
            _("Entrustment fee: %s %% of the interest collected"),
            _(
                "Entrustment fee: the rates in force on each day of collection, "
                "%s %% of the interest collected on the whole"
            ),
        )
        doc = self._doc_sheet(
            book,
            _("By organisation"),
            self._paper(statement, "%s\n%s" % (statement._title(), note)),
            [
                (_("Commune"), 28),
                (_("Entrusted organisation"), 26),
                (_("Interest collected"), 18),
                (_("Entrustment fee"), 18),
            ],
        )
        line = doc.row
        for commune, organisation, interest, fee in self._by_organisation(rows):
            doc.write_row(
                line,
                [
                    (commune.sudo().name, "cell"),
                    (organisations.get(organisation, ""), "cell"),
                    (round_vnd(interest), "money"),
                    (round_vnd(fee), "money"),
                ],
            )
            line += 1
        doc.span(line, 0, 1, _("Total"), "total_label")
        doc.write_row(
            line,
            [
                (round_vnd(sum(rows.mapped("interest_collected"))), "total"),
                (round_vnd(sum(rows.mapped("fee_amount"))), "total"),
            ],
            first=2,
        )
        doc.close(line + 1)

    def _sheet_by_leader(self, book, statement, rows, organisations):
        """The sheet of the leaders' commissions, a row per group."""
        note = self._rate_note(
            rows,
            "commission_rate",
            "commission_amount",
            _("Leader's commission: %s %% of the interest collected"),
            _(
                "Leader's commission: the rates in force on each day of "
                "collection, %s %% of the interest collected on the whole"
            ),
        )
        doc = self._doc_sheet(
            book,
            _("By group leader"),
            self._paper(statement, "%s\n%s" % (statement._title(), note)),
            [
                (_("Commune"), 26),
                (_("Savings-and-loan group"), 28),
                (_("Entrusted organisation"), 22),
                (_("Group leader"), 22),
                (_("Interest collected"), 18),
                (_("Leader's commission"), 18),
            ],
        )
        line = doc.row
        for row in rows:
            doc.write_row(
                line,
                [
                    (row.company_id.sudo().name, "cell"),
                    (row.savings_group_id.sudo().name, "cell"),
                    (organisations.get(row.organisation, ""), "cell"),
                    (row.leader_name or "", "cell"),
                    (round_vnd(row.interest_collected), "money"),
                    (round_vnd(row.commission_amount), "money"),
                ],
            )
            line += 1
        doc.span(line, 0, 3, _("Total"), "total_label")
        doc.write_row(
            line,
            [
                (round_vnd(sum(rows.mapped("interest_collected"))), "total"),
                (round_vnd(sum(rows.mapped("commission_amount"))), "total"),
            ],
            first=4,
        )
        doc.close(line + 1)
