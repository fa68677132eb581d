# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Figures as of a past day, recomputed from the ledger."""

from odoo import models
from odoo.tools import SQL

from ...tools import loan_rules


class RehabLoanFiguresAsOf(models.Model):
    _inherit = "rehab.loan"

    def _figures_as_of(self, day):
        """{loan id: figures at the end of ``day``} recomputed from the ledger.

        Six queries whatever the number of loans: the loans, their schedules,
        disbursements, what each repayment paid (with the date of its
        reversal), extensions and risk handling. The loans not disbursed by
        ``day`` are left out. The arithmetic is loan_rules.figures_as_of.
        """
        if not self:
            return {}
        for model in (
            "rehab.loan",
            "rehab.loan.installment",
            "rehab.loan.disbursement",
            "rehab.loan.repayment",
            "rehab.loan.allocation",
            "rehab.loan.reversal",
            "rehab.loan.extension",
            "rehab.loan.risk",
        ):
            self.env[model].flush_model()
        ids = list(self.ids)
        cr = self.env.cr

        def rows(query):
            cr.execute(query)
            return cr.dictfetchall()

        loans = rows(
            SQL(
                """SELECT id, interest_rate::float8, overdue_multiplier::float8,
                          term_months, grace_months, frequency, due_day,
                          first_due_date
                     FROM rehab_loan WHERE id = ANY(%s)""",
                ids,
            )
        )
        ledger = {
            loan["id"]: {
                "installments": [],
                "disbursements": [],
                "payments": [],
                "extensions": [],
                "risks": [],
            }
            for loan in loans
        }
        for row in rows(
            SQL(
                """SELECT loan_id, sequence, principal::float8, interest::float8,
                          COALESCE(original_due_date, due_date) AS original_due_date
                     FROM rehab_loan_installment WHERE loan_id = ANY(%s)
                 ORDER BY loan_id, sequence""",
                ids,
            )
        ):
            ledger[row.pop("loan_id")]["installments"].append(row)
        for row in rows(
            SQL(
                """SELECT loan_id, date, amount::float8 FROM rehab_loan_disbursement
                    WHERE loan_id = ANY(%s)""",
                ids,
            )
        ):
            ledger[row["loan_id"]]["disbursements"].append((row["date"], row["amount"]))
        for row in rows(
            SQL(
                """SELECT repayment.loan_id, line.sequence, repayment.date,
                          reversal.date AS reversed_on,
                          COALESCE(allocation.principal, 0)::float8 AS principal,
                          COALESCE(allocation.interest, 0)::float8 AS interest,
                          COALESCE(allocation.overdue_interest, 0)::float8
                              AS overdue_interest,
                          COALESCE(allocation.interest_waived, 0)::float8
                              AS interest_waived
                     FROM rehab_loan_allocation allocation
                     JOIN rehab_loan_repayment repayment
                       ON repayment.id = allocation.repayment_id
                     JOIN rehab_loan_installment line
                       ON line.id = allocation.installment_id
                LEFT JOIN rehab_loan_reversal reversal
                       ON reversal.repayment_id = repayment.id
                    WHERE repayment.loan_id = ANY(%s)""",
                ids,
            )
        ):
            ledger[row.pop("loan_id")]["payments"].append(row)
        for row in rows(
            SQL(
                """SELECT loan_id, date, id, detail FROM rehab_loan_extension
                    WHERE loan_id = ANY(%s)""",
                ids,
            )
        ):
            ledger[row["loan_id"]]["extensions"].append(
                (row["date"], row["id"], row["detail"])
            )
        for row in rows(
            SQL(
                """SELECT loan_id, date, id, action FROM rehab_loan_risk
                    WHERE loan_id = ANY(%s)""",
                ids,
            )
        ):
            ledger[row["loan_id"]]["risks"].append(
                (row["date"], row["id"], row["action"])
            )
        figures = {}
        for loan in loans:
            loan["frequency"] = int(loan["frequency"] or 1)
            loan["interest_rate"] = loan["interest_rate"] or 0.0
            loan["overdue_multiplier"] = loan["overdue_multiplier"] or 0.0
            values = loan_rules.figures_as_of(day, loan, **ledger[loan["id"]])
            if values is not None:
                figures[loan["id"]] = values
        return figures
