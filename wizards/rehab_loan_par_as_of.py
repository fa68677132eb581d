# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools.rehab_rules import RATIO_AGGREGATOR, ratio


class RehabLoanParAsOf(models.TransientModel):
    """PAR30 by commune at the end of a past day, the figures of
    rehab.loan.par recomputed from the ledger (rehab.loan._figures_as_of).

    PAR30 is a ratio: grouped, the ratio of the sums (rehab.ratio.mixin),
    never the mean of the communes' ratios.
    """

    _name = "rehab.loan.par.as.of"
    _inherit = ["rehab.ratio.mixin", "rehab.base.mixin"]
    _description = "Portfolio at risk (PAR30) by commune as of a day"
    _order = "par30 desc, company_id"
    _ratios = {"par30": ("par30_principal", "outstanding_principal")}

    as_of_date = fields.Date(string="As of", readonly=True)
    company_id = fields.Many2one("res.company", string="Commune", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    loan_count = fields.Integer(string="Loans", readonly=True)
    outstanding_principal = fields.Monetary(readonly=True)
    par30_principal = fields.Monetary(string="Over 30 days past due", readonly=True)
    overdue_principal = fields.Monetary(readonly=True)
    par30 = fields.Float(
        string="PAR30 (%)", readonly=True, digits=(5, 2), aggregator=RATIO_AGGREGATOR
    )

    @api.model
    def _make(self, loans, day):
        """One line a commune, over the loans running at the end of ``day``."""
        figures = loans._figures_as_of(day)
        by_commune = {}
        for loan in loans:
            values = figures.get(loan.id)
            if not values or values["status"] in ("closed", "written_off"):
                continue
            line = by_commune.setdefault(
                loan.company_id.id,
                {
                    "as_of_date": day,
                    "company_id": loan.company_id.id,
                    "loan_count": 0,
                    "outstanding_principal": 0,
                    "par30_principal": 0,
                    "overdue_principal": 0,
                },
            )
            line["loan_count"] += 1
            for key in (
                "outstanding_principal",
                "par30_principal",
                "overdue_principal",
            ):
                line[key] += values[key]
        for line in by_commune.values():
            line["par30"] = ratio(
                line["par30_principal"], line["outstanding_principal"]
            )
        return self.create(list(by_commune.values()))
