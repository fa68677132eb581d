# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models

from ..models.rehab_report import FIGURES, RATIOS


class RehabReportAnnexXlsx(models.AbstractModel):
    """The tables of a periodic report: one row per commune, and the total.

    The annex goes with its report: it carries the report's heading, date,
    draft mark and signature, under its own kind and summary.
    """

    _name = "report.post_rehab_credit.report_annex_xlsx"
    _inherit = "rehab.official.xlsx"
    _description = "Annex of a periodic report as an XLSX workbook"

    def _annex_paper(self, report):
        paper = report._official_document()
        return dict(
            paper,
            kind=_("ANNEX"),
            summary=_("Figures by commune. %s", paper["summary"]),
            addressees=[],
        )

    def _generate_official(self, book, data, reports):
        fields = reports._fields
        periods = dict(fields["period"]._description_selection(self.env))
        columns = [(_("Commune"), 26)] + [
            (fields[name]._description_string(self.env), 14) for name in FIGURES
        ]
        digits = {name: fields[name].get_digits(self.env)[1] for name in RATIOS}
        for report in reports:
            # "Năm 2026 (12)": the period, its year, and the report for uniqueness.
            doc = self._doc_sheet(
                book,
                (
                    "%s %s (%s)"
                    % (periods[report.period], report.period_end.year, report.id)
                )[:31],
                self._annex_paper(report),
                columns,
            )
            # One computation for the rows and the total, stored with the
            # report's figures: the total row is the report's own figures
            # (same scope, same definitions, same moment).
            rows, others, totals = report._annex_table()
            if others and any(others.values()):
                rows = [*rows, (_("Other agencies of the province"), others)]
            row = doc.row
            for agency, figures in rows:
                doc.write_row(
                    row,
                    [(agency, "cell")]
                    + [
                        (
                            figures.get(name),
                            book.ratio(digits[name]) if name in RATIOS else "money",
                        )
                        for name in FIGURES
                    ],
                )
                row += 1
            doc.write_row(
                row,
                [(_("Total"), "total_label")]
                + [
                    (
                        totals[name],
                        book.ratio(digits[name], total=True)
                        if name in RATIOS
                        else "total",
                    )
                    for name in FIGURES
                ],
            )
            doc.close(row + 1)
