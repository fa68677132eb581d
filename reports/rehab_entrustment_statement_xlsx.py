# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models

from ..models.loan_rules import round_vnd


class RehabEntrustmentStatementXlsx(models.AbstractModel):
    """A transaction office's monthly statement: one sheet by organisation,
    one by group leader. The fee of an organisation is its rate times the
    interest of all its groups, rounded once to the đồng."""

    _name = "report.post_rehab_credit.entrustment_statement_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Monthly statement of entrustment fees as an XLSX workbook"

    def _by_organisation(self, rows):
        """[(commune, organisation, interest, fee)] in the rows' order."""
        totals = {}
        for row in rows:
            key = (row.company_id, row.organisation)
            interest, fee = totals.get(key, (0, 0))
            totals[key] = (interest + row.interest_collected, fee + row.fee_amount)
        return [(c, o, i, f) for (c, o), (i, f) in totals.items()]

    def generate_xlsx_report(self, workbook, data, statements):
        bold = workbook.add_format({"bold": True})
        header = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        money = workbook.add_format({"num_format": "#,##0", "border": 1})
        total = workbook.add_format({"num_format": "#,##0", "border": 1, "bold": True})
        cell = workbook.add_format({"border": 1})
        Fee = self.env["rehab.entrustment.fee"]
        organisations = dict(
            Fee._fields["organisation"]._description_selection(self.env)
        )
        for statement in statements:
            rows = statement._rows()
            rate_fee = rows[:1].fee_rate
            rate_commission = rows[:1].commission_rate
            sheet = workbook.add_worksheet(_("By organisation"))
            sheet.write(0, 0, statement._title(), bold)
            sheet.write(
                1, 0, _("Entrustment fee: %s %% of the interest collected", rate_fee)
            )
            columns = [
                (_("Commune"), 28),
                (_("Entrusted organisation"), 26),
                (_("Interest collected"), 18),
                (_("Entrustment fee"), 18),
            ]
            for col, (title, width) in enumerate(columns):
                sheet.write(3, col, title, header)
                sheet.set_column(col, col, width)
            line = 4
            for commune, organisation, interest, fee in self._by_organisation(rows):
                sheet.write(line, 0, commune.sudo().name, cell)
                sheet.write(line, 1, organisations.get(organisation, ""), cell)
                sheet.write_number(line, 2, round_vnd(interest), money)
                sheet.write_number(line, 3, round_vnd(fee), money)
                line += 1
            sheet.write(line, 1, _("Total"), cell)
            sheet.write_number(
                line, 2, round_vnd(sum(rows.mapped("interest_collected"))), total
            )
            sheet.write_number(
                line, 3, round_vnd(sum(rows.mapped("fee_amount"))), total
            )

            sheet = workbook.add_worksheet(_("By group leader"))
            sheet.write(0, 0, statement._title(), bold)
            sheet.write(
                1,
                0,
                _(
                    "Leader's commission: %s %% of the interest collected",
                    rate_commission,
                ),
            )
            columns = [
                (_("Commune"), 28),
                (_("Savings-and-loan group"), 30),
                (_("Entrusted organisation"), 24),
                (_("Group leader"), 24),
                (_("Interest collected"), 18),
                (_("Leader's commission"), 18),
            ]
            for col, (title, width) in enumerate(columns):
                sheet.write(3, col, title, header)
                sheet.set_column(col, col, width)
            line = 4
            for row in rows:
                sheet.write(line, 0, row.company_id.sudo().name, cell)
                sheet.write(line, 1, row.savings_group_id.sudo().name, cell)
                sheet.write(line, 2, organisations.get(row.organisation, ""), cell)
                sheet.write(line, 3, row.leader_name or "", cell)
                sheet.write_number(line, 4, round_vnd(row.interest_collected), money)
                sheet.write_number(line, 5, round_vnd(row.commission_amount), money)
                line += 1
            sheet.write(line, 3, _("Total"), cell)
            sheet.write_number(
                line, 4, round_vnd(sum(rows.mapped("interest_collected"))), total
            )
            sheet.write_number(
                line, 5, round_vnd(sum(rows.mapped("commission_amount"))), total
            )
