# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from ..tools import rehab_rules
from .rehab_savings_group import ORGANISATIONS


class RehabEntrustmentFee(models.Model):
    """Entrustment fees and commissions of a month, per savings group.

    One row per month, transaction office and savings-and-loan group: the
    interest the group's loans paid that month (interest and overdue interest
    of the repayments dated in the month, less those of the repayments
    reversed in the month, whenever they were paid: the ledger's
    rehab.loan.allocation), and on it the entrustment fee of the group's
    organisation and the commission of its leader at the rates of the
    programme settings. A month's figures do not move once it is over
    (a reversal counts in the month it is made). Grouped by organisation or
    by leader, every figure is a sum: the fee of an organisation is its rate
    times the interest of all its groups.
    """

    _name = "rehab.entrustment.fee"
    _inherit = ["rehab.base.mixin"]
    _description = "Entrustment fees and commissions by month"
    _auto = False
    _order = "month desc, vbsp_office_id, company_id, savings_group_id"
    _depends = {
        "rehab.loan.allocation": [
            "repayment_id",
            "loan_id",
            "interest",
            "overdue_interest",
        ],
        "rehab.loan.repayment": ["date", "loan_id"],
        "rehab.loan.reversal": ["date", "repayment_id"],
        "rehab.loan": ["savings_group_id", "vbsp_office_id", "company_id"],
        "rehab.savings.group": ["organisation", "leader_name", "name"],
        "res.company": ["currency_id"],
    }

    month = fields.Date(readonly=True, help="First day of the month.")
    vbsp_office_id = fields.Many2one(
        "res.company", string="VBSP transaction office", readonly=True
    )
    company_id = fields.Many2one("res.company", string="Commune", readonly=True)
    savings_group_id = fields.Many2one(
        "rehab.savings.group", string="Savings-and-loan group", readonly=True
    )
    organisation = fields.Selection(
        ORGANISATIONS, string="Entrusted organisation", readonly=True
    )
    leader_name = fields.Char(string="Group leader", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    interest_collected = fields.Monetary(string="Interest collected", readonly=True)
    fee_rate = fields.Float(
        string="Fee rate (%)", digits=(5, 2), readonly=True, aggregator=None
    )
    fee_amount = fields.Monetary(string="Entrustment fee", readonly=True)
    commission_rate = fields.Float(
        string="Commission rate (%)", digits=(5, 2), readonly=True, aggregator=None
    )
    commission_amount = fields.Monetary(string="Leader's commission", readonly=True)

    @property
    def _table_query(self):
        params = rehab_rules.params_from_env(self.env)
        return SQL(
            """
            WITH collected AS (
                SELECT repayment.loan_id, repayment.date AS day,
                       COALESCE(allocation.interest, 0)
                       + COALESCE(allocation.overdue_interest, 0) AS interest
                  FROM rehab_loan_allocation allocation
                  JOIN rehab_loan_repayment repayment
                    ON repayment.id = allocation.repayment_id
                UNION ALL
                SELECT repayment.loan_id, reversal.date,
                       -(COALESCE(allocation.interest, 0)
                         + COALESCE(allocation.overdue_interest, 0))
                  FROM rehab_loan_reversal reversal
                  JOIN rehab_loan_repayment repayment
                    ON repayment.id = reversal.repayment_id
                  JOIN rehab_loan_allocation allocation
                    ON allocation.repayment_id = repayment.id
            ),
            monthly AS (
                SELECT date_trunc('month', collected.day)::date AS month,
                       loan.vbsp_office_id,
                       loan.company_id,
                       loan.savings_group_id,
                       sum(collected.interest) AS interest_collected
                  FROM collected
                  JOIN rehab_loan loan ON loan.id = collected.loan_id
                 WHERE loan.savings_group_id IS NOT NULL
              GROUP BY 1, 2, 3, 4
                HAVING sum(collected.interest) <> 0
            )
            SELECT row_number() OVER (
                       ORDER BY monthly.month, monthly.vbsp_office_id,
                                monthly.savings_group_id
                   ) AS id,
                   monthly.month,
                   monthly.vbsp_office_id,
                   monthly.company_id,
                   monthly.savings_group_id,
                   grp.organisation,
                   grp.leader_name,
                   company.currency_id,
                   monthly.interest_collected,
                   %(fee)s::numeric AS fee_rate,
                   monthly.interest_collected * %(fee)s::numeric / 100 AS fee_amount,
                   %(commission)s::numeric AS commission_rate,
                   monthly.interest_collected * %(commission)s::numeric / 100
                       AS commission_amount
              FROM monthly
              JOIN rehab_savings_group grp ON grp.id = monthly.savings_group_id
              JOIN res_company company ON company.id = monthly.company_id
            """,
            fee=params["entrustment_fee_rate"],
            commission=params["leader_commission_rate"],
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
