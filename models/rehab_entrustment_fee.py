# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..tools.rehab_rules import DEFAULT_PARAMS
from .rehab_savings_group import ORGANISATIONS


def _version_in_force(key):
    """The version of rule ``key`` in force on ``days.day`` in
    ``days.province_id`` (a LATERAL subquery of the fee query): the
    province's own first, else the one without a province; the latest
    started."""
    return SQL(
        """
        SELECT version.id, version.value
          FROM rehab_rule_value version
         WHERE version.key = %s
           AND (version.province_id = days.province_id
                OR version.province_id IS NULL)
           AND version.date_from <= days.day
           AND (version.date_to IS NULL OR days.day <= version.date_to)
      ORDER BY version.province_id IS NULL, version.date_from DESC, version.id DESC
         LIMIT 1
        """,
        key,
    )


class RehabEntrustmentFee(models.Model):
    """Entrustment fees and commissions of a month, per savings group.

    One row per month, transaction office and savings-and-loan group: the
    interest the group's loans paid that month (interest and overdue interest
    of the repayments dated in the month, less those of the repayments
    reversed in the month, whenever they were paid: the ledger's
    rehab.loan.allocation), and on it the entrustment fee of the group's
    organisation and the commission of its leader at the rates in force, for
    the province of the loan's commune, on each day the interest was
    collected (rehab.rule.value; a reversal takes back the fee at the rates
    of the day the reversed repayment was collected, in its own month). A
    month's figures do not move once it is over (a reversal counts in the
    month it is made; a new rate applies from its first day on): a statement
    paid reproduces. Grouped by organisation or by leader, every figure is a
    sum: the fee of an organisation is the sum of its days' interest times
    their rates. The rate shown is the month's when one was in force on every
    day, else the weighted rate (fee × 100 / interest).
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
        "res.company": ["currency_id", "province_id"],
        "rehab.rule.value": ["key", "province_id", "value", "date_from", "date_to"],
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

    @api.model
    def _dated_query(self):
        """One row per loan and day interest was collected (a reversal on its
        own day, negative, at the rates of the reversed repayment's day: the
        fee paid on that interest is what it takes back), with the rates in
        force for the loan commune's province and the versions they come from.

        A rate is the version of ``rehab.rule.value`` for the province first,
        else the one without a province (the programme's default), among those
        covering the day the one that started last; without any, the default
        of tools/rehab_rules.DEFAULT_PARAMS (version id NULL). The rates are
        looked up once per distinct province and day (LATERAL subqueries on
        the indexed versions): one query whatever the number of rows.
        """
        return SQL(
            """
            WITH collected AS (
                SELECT repayment.loan_id, repayment.date AS day,
                       repayment.date AS rate_day,
                       COALESCE(allocation.interest, 0)
                       + COALESCE(allocation.overdue_interest, 0) AS interest
                  FROM rehab_loan_allocation allocation
                  JOIN rehab_loan_repayment repayment
                    ON repayment.id = allocation.repayment_id
                UNION ALL
                SELECT repayment.loan_id, reversal.date, repayment.date,
                       -(COALESCE(allocation.interest, 0)
                         + COALESCE(allocation.overdue_interest, 0))
                  FROM rehab_loan_reversal reversal
                  JOIN rehab_loan_repayment repayment
                    ON repayment.id = reversal.repayment_id
                  JOIN rehab_loan_allocation allocation
                    ON allocation.repayment_id = repayment.id
            ),
            located AS (
                SELECT collected.day, collected.rate_day, collected.interest,
                       loan.vbsp_office_id, loan.company_id,
                       loan.savings_group_id, commune.province_id
                  FROM collected
                  JOIN rehab_loan loan ON loan.id = collected.loan_id
                  JOIN res_company commune ON commune.id = loan.company_id
                 WHERE loan.savings_group_id IS NOT NULL
            ),
            days AS (
                SELECT DISTINCT located.province_id, located.rate_day AS day
                  FROM located
            ),
            rates AS (
                SELECT days.province_id, days.day,
                       COALESCE(fee.value, %(fee)s::numeric) AS fee_rate,
                       fee.id AS fee_version_id,
                       COALESCE(commission.value, %(commission)s::numeric)
                           AS commission_rate,
                       commission.id AS commission_version_id
                  FROM days
             LEFT JOIN LATERAL (%(fee_version)s) fee ON TRUE
             LEFT JOIN LATERAL (%(commission_version)s) commission ON TRUE
            )
            SELECT date_trunc('month', located.day)::date AS month,
                   located.day, located.interest,
                   located.vbsp_office_id, located.company_id,
                   located.savings_group_id,
                   rates.fee_rate, rates.fee_version_id,
                   rates.commission_rate, rates.commission_version_id
              FROM located
              JOIN rates
                ON rates.day = located.rate_day
               AND rates.province_id IS NOT DISTINCT FROM located.province_id
            """,
            fee=DEFAULT_PARAMS["entrustment_fee_rate"],
            commission=DEFAULT_PARAMS["leader_commission_rate"],
            fee_version=_version_in_force("entrustment_fee_rate"),
            commission_version=_version_in_force("leader_commission_rate"),
        )

    @property
    def _table_query(self):
        # A rate shown is the month's rate when one rate was in force on every
        # day of collection; else the weighted rate fee × 100 / interest (a
        # ratio of sums, never an average of the days' rates), so that
        # interest × rate / 100 is always the fee.
        return SQL(
            """
            WITH dated AS (%(dated)s),
            monthly AS (
                SELECT dated.month, dated.vbsp_office_id, dated.company_id,
                       dated.savings_group_id,
                       sum(dated.interest) AS interest_collected,
                       sum(dated.interest * dated.fee_rate / 100) AS fee_amount,
                       sum(dated.interest * dated.commission_rate / 100)
                           AS commission_amount,
                       min(dated.fee_rate) AS fee_low,
                       max(dated.fee_rate) AS fee_high,
                       min(dated.commission_rate) AS commission_low,
                       max(dated.commission_rate) AS commission_high
                  FROM dated
              GROUP BY 1, 2, 3, 4
                HAVING sum(dated.interest) <> 0
                    OR sum(dated.interest * dated.fee_rate) <> 0
                    OR sum(dated.interest * dated.commission_rate) <> 0
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
                   CASE WHEN monthly.fee_low = monthly.fee_high
                        THEN monthly.fee_low
                        ELSE monthly.fee_amount * 100
                             / NULLIF(monthly.interest_collected, 0)
                   END AS fee_rate,
                   monthly.fee_amount,
                   CASE WHEN monthly.commission_low = monthly.commission_high
                        THEN monthly.commission_low
                        ELSE monthly.commission_amount * 100
                             / NULLIF(monthly.interest_collected, 0)
                   END AS commission_rate,
                   monthly.commission_amount
              FROM monthly
              JOIN rehab_savings_group grp ON grp.id = monthly.savings_group_id
              JOIN res_company company ON company.id = monthly.company_id
            """,
            dated=self._dated_query(),
        )

    @api.model
    def _versions_used(self, month, office):
        """The ids of the rule versions the fees of ``office`` in ``month``
        were computed with (one query)."""
        self.flush_model()
        for model in self._depends:
            self.env[model].flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH dated AS (%(dated)s)
                SELECT DISTINCT unnest(ARRAY[fee_version_id, commission_version_id])
                  FROM dated
                 WHERE month = %(month)s AND vbsp_office_id = %(office)s
                """,
                dated=self._dated_query(),
                month=month,
                office=office.id,
            )
        )
        return sorted(row[0] for row in self.env.cr.fetchall() if row[0])

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
