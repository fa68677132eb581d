# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from ..tools.rehab_rules import RATIO_AGGREGATOR


class RehabLoanPar(models.Model):
    """Portfolio at risk over 30 days, per commune: a view over the loans.

    PAR30 = outstanding principal of the loans more than 30 days past due,
    over all outstanding principal; grouped, the ratio of the sums.
    """

    _name = "rehab.loan.par"
    _inherit = ["rehab.ratio.mixin", "rehab.base.mixin"]
    _description = "Portfolio at risk (PAR30) by commune"
    _auto = False
    _depends = {
        "rehab.loan": [
            "company_id",
            "state",
            "outstanding_principal",
            "par30_principal",
            "overdue_principal",
        ],
        "res.company": ["province_id", "currency_id"],
    }
    _order = "par30 desc"
    _ratios = {"par30": ("par30_principal", "outstanding_principal")}

    company_id = fields.Many2one("res.company", string="Commune", readonly=True)
    province_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    loan_count = fields.Integer(string="Loans", readonly=True)
    outstanding_principal = fields.Monetary(readonly=True)
    par30_principal = fields.Monetary(string="Over 30 days past due", readonly=True)
    overdue_principal = fields.Monetary(readonly=True)
    par30 = fields.Float(
        string="PAR30 (%)", readonly=True, digits=(5, 2), aggregator=RATIO_AGGREGATOR
    )

    @property
    def _table_query(self):
        return SQL(
            """
                SELECT loan.company_id AS id,
                       loan.company_id,
                       company.province_id,
                       company.currency_id,
                       count(*) AS loan_count,
                       sum(loan.outstanding_principal) AS outstanding_principal,
                       sum(loan.par30_principal) AS par30_principal,
                       sum(loan.overdue_principal) AS overdue_principal,
                       CASE WHEN sum(loan.outstanding_principal) > 0
                            THEN 100.0 * sum(loan.par30_principal)
                                 / sum(loan.outstanding_principal)
                            ELSE 0 END AS par30
                  FROM rehab_loan loan
                  JOIN res_company company ON company.id = loan.company_id
                 WHERE loan.state IN ('disbursing', 'repaying')
              GROUP BY loan.company_id, company.province_id, company.currency_id
            """
        )

    def init(self):
        # The figures are read through _table_query (flushed by _depends):
        # the database view of earlier versions goes.
        tools.drop_view_if_exists(self.env.cr, self._table)
