# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models

from ..models.rehab_report import FIGURES, RATIOS


class RehabReportAnnexXlsx(models.AbstractModel):
    """The tables of a periodic report: one row per commune, and the total."""

    _name = "report.post_rehab_credit.report_annex_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Annex of a periodic report as an XLSX workbook"

    def generate_xlsx_report(self, workbook, data, reports):
        bold = workbook.add_format({"bold": True})
        header = workbook.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}
        )
        number = workbook.add_format({"num_format": "#,##0", "border": 1})
        total = workbook.add_format({"num_format": "#,##0", "border": 1, "bold": True})
        # Ratios (percent) keep two decimals, in every row as in the total.
        ratio = workbook.add_format({"num_format": "0.00", "border": 1})
        ratio_total = workbook.add_format(
            {"num_format": "0.00", "border": 1, "bold": True}
        )
        fields = reports._fields
        periods = dict(fields["period"]._description_selection(self.env))
        for report in reports:
            # "Năm 2026 (12)": the period, its year, and the report for uniqueness.
            sheet = workbook.add_worksheet(
                (
                    "%s %s (%s)"
                    % (periods[report.period], report.period_end.year, report.id)
                )[:31]
            )
            sheet.write(0, 0, report.name, bold)
            sheet.write(
                1,
                0,
                _(
                    "From %(start)s to %(end)s",
                    start=report.period_start.strftime("%d/%m/%Y"),
                    end=report.period_end.strftime("%d/%m/%Y"),
                ),
            )
            sheet.write(3, 0, _("Commune"), header)
            sheet.set_column(0, 0, 28)
            for col, name in enumerate(FIGURES, start=1):
                sheet.write(3, col, fields[name]._description_string(self.env), header)
                sheet.set_column(col, col, 14)
            # One computation for the rows and the total: the total row is the
            # report's own figures (same scope, same definitions).
            rows, others, totals = report._figures_table()
            if others and any(others.values()):
                rows = [*rows, (_("Other agencies of the province"), others)]
            for row, (agency, figures) in enumerate(rows, start=4):
                sheet.write(row, 0, getattr(agency, "name", agency), number)
                for col, name in enumerate(FIGURES, start=1):
                    cell = ratio if name in RATIOS else number
                    self._write_figure(sheet, row, col, figures.get(name), cell)
            last = 4 + len(rows)
            sheet.write(last, 0, _("Total"), total)
            for col, name in enumerate(FIGURES, start=1):
                cell = ratio_total if name in RATIOS else total
                self._write_figure(sheet, last, col, totals[name], cell)

    def _write_figure(self, sheet, row, col, value, cell_format):
        """A figure, or an empty cell where the row has none (capital by commune)."""
        if value is None:
            sheet.write_blank(row, col, None, cell_format)
        else:
            sheet.write_number(row, col, value, cell_format)
