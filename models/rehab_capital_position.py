# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class RehabCapitalPosition(models.Model):
    """Capital entrusted against what was disbursed and what is outstanding."""

    _name = "rehab.capital.position"
    _inherit = ["rehab.base.mixin"]
    _description = "Capital against disbursed and outstanding, by province"
    _auto = False
    _depends = {
        "res.company": ["province_id", "currency_id", "agency_type"],
        "rehab.capital.allocation": ["province_id", "amount"],
        "rehab.loan": ["company_id", "disbursed_amount", "outstanding_principal"],
        "rehab.loan.installment": ["company_id", "principal_written_off"],
    }

    province_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    allocated = fields.Monetary(string="Capital entrusted", readonly=True)
    disbursed = fields.Monetary(string="Disbursed in all", readonly=True)
    outstanding = fields.Monetary(string="Outstanding principal", readonly=True)
    written_off = fields.Monetary(string="Principal written off", readonly=True)
    available = fields.Monetary(
        string="Available to lend",
        readonly=True,
        help="Capital entrusted less the outstanding principal and the principal "
        "written off (lost to risks).",
    )

    @property
    def _table_query(self):
        return SQL(
            """
                SELECT province.id AS id,
                       province.id AS province_id,
                       province.currency_id,
                       coalesce(capital.amount, 0) AS allocated,
                       coalesce(loans.disbursed, 0) AS disbursed,
                       coalesce(loans.outstanding, 0) AS outstanding,
                       coalesce(lost.written_off, 0) AS written_off,
                       coalesce(capital.amount, 0) - coalesce(loans.outstanding, 0)
                           - coalesce(lost.written_off, 0) AS available
                  FROM res_company province
             LEFT JOIN (SELECT province_id, sum(amount) AS amount
                          FROM rehab_capital_allocation GROUP BY province_id) capital
                    ON capital.province_id = province.id
             LEFT JOIN (SELECT company.province_id,
                               sum(loan.disbursed_amount) AS disbursed,
                               sum(loan.outstanding_principal) AS outstanding
                          FROM rehab_loan loan
                          JOIN res_company company ON company.id = loan.company_id
                      GROUP BY company.province_id) loans
                    ON loans.province_id = province.id
             LEFT JOIN (SELECT company.province_id,
                               sum(line.principal_written_off) AS written_off
                          FROM rehab_loan_installment line
                          JOIN res_company company ON company.id = line.company_id
                         WHERE line.principal_written_off <> 0
                      GROUP BY company.province_id) lost
                    ON lost.province_id = province.id
                 WHERE province.agency_type = 'province_committee'
            """
        )

    def init(self):
        # The figures are read through _table_query (flushed by _depends):
        # the database view of earlier versions goes.
        tools.drop_view_if_exists(self.env.cr, self._table)
