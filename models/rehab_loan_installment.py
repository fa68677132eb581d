# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, create_index

from ..tools import loan_rules
from ..tools.batching import write_rows

# What the daily accrual writes (_accrue), and the columns it reads.
ACCRUAL_FIELDS = (
    "overdue_principal_days",
    "accrued_to",
    "overdue_interest",
    "principal_remaining",
    "interest_remaining",
    "overdue_interest_remaining",
    "is_paid",
)
NUMBERS = (
    "principal",
    "interest",
    "principal_paid",
    "interest_paid",
    "overdue_interest_paid",
    "interest_waived",
    "principal_written_off",
    "overdue_interest_waived",
    "overdue_principal_days",
    "overdue_interest",
    "principal_remaining",
    "interest_remaining",
    "overdue_interest_remaining",
)
ACCRUAL_COLUMNS = ("due_date", "accrued_to", "is_paid") + NUMBERS
# An instalment still owed, in SQL (columns unqualified): the overdue run's
# choice of loans (rehab.loan._overdue_domain) and the partial index that
# serves it (init) share it, for PostgreSQL uses the index only for a query
# stating the index's own condition. create_index keeps an index of the same
# name as it is: a change of this condition needs a migration that drops
# rehab_loan_installment_owed_index first.
OWED = "NOT COALESCE(is_paid, false) OR principal_remaining > 0"


class RehabLoanInstallment(models.Model):
    _name = "rehab.loan.installment"
    _description = "Instalment of a loan"
    _inherit = ["rehab.step.lines.mixin", "rehab.base.mixin"]
    _order = "loan_id, sequence"

    loan_id = fields.Many2one(
        "rehab.loan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="loan_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="loan_id.currency_id")
    sequence = fields.Integer(string="No.", required=True)
    due_date = fields.Date(required=True, index=True)
    original_due_date = fields.Date(readonly=True)
    principal = fields.Monetary(string="Principal due")
    interest = fields.Monetary(string="Interest due")
    principal_paid = fields.Monetary()
    interest_paid = fields.Monetary()
    overdue_interest_paid = fields.Monetary()
    interest_waived = fields.Monetary(
        help="Interest written off or not owed after prepayment."
    )
    principal_written_off = fields.Monetary()
    overdue_interest_waived = fields.Monetary()
    # Overdue interest accrues on overdue principal: đồng × days since due.
    overdue_principal_days = fields.Float(digits=(20, 0), readonly=True)
    accrued_to = fields.Date(readonly=True)
    overdue_interest = fields.Monetary(
        compute="_compute_overdue_interest", store=True, string="Overdue interest"
    )
    principal_remaining = fields.Monetary(compute="_compute_remaining", store=True)
    interest_remaining = fields.Monetary(compute="_compute_remaining", store=True)
    overdue_interest_remaining = fields.Monetary(
        compute="_compute_remaining", store=True
    )
    is_paid = fields.Boolean(compute="_compute_remaining", store=True, index=True)

    def init(self):
        # The few instalments with principal written off (risk handling), which
        # the capital position sums at each disbursement under the capital's
        # lock: read from this index, not from the province's whole schedule.
        create_index(
            self.env.cr,
            "rehab_loan_installment_written_off_index",
            self._table,
            ["company_id", "principal_written_off"],
            where="principal_written_off <> 0",
        )
        # The instalments still owed (OWED), by loan and due date: the overdue
        # run's dispatch finds, among every loan, those with one past due by a
        # probe of this index, not by reading each loan's whole schedule (at a
        # nation's size, 200,000 loans: 2.4 s to 0.6 s). Within a batch's range
        # of loans PostgreSQL may read the schedule by loan_id instead.
        create_index(
            self.env.cr,
            "rehab_loan_installment_owed_index",
            self._table,
            ["loan_id", "due_date"],
            where="(%s)" % OWED,
        )

    # The schedule changes only through the loan's steps (disbursement,
    # repayment and its reversal, extension, risk handling), in-process.

    def _refuse_change(self):
        raise UserError(
            _(
                "The repayment schedule of a loan changes only through its steps: "
                "disbursement, repayment (or its reversal), extension or risk "
                "handling."
            )
        )

    @api.depends(
        "overdue_principal_days", "loan_id.interest_rate", "loan_id.overdue_multiplier"
    )
    def _compute_overdue_interest(self):
        for line in self:
            line.overdue_interest = loan_rules.overdue_interest(
                line.overdue_principal_days,
                line.loan_id.interest_rate,
                line.loan_id.overdue_multiplier,
            )

    @api.depends(
        "principal",
        "interest",
        "principal_paid",
        "interest_paid",
        "overdue_interest",
        "overdue_interest_paid",
        "interest_waived",
        "overdue_interest_waived",
        "principal_written_off",
    )
    def _compute_remaining(self):
        for line in self:
            line.update(loan_rules.remaining(line))

    def _owed_rows(self):
        """The instalments as loan_rules.owed_on reads them, in this order."""
        return [
            {
                "due_date": line.due_date,
                "principal_remaining": line.principal_remaining,
                "interest_remaining": line.interest_remaining,
                "overdue_principal_days": line.overdue_principal_days,
                "accrued_to": line.accrued_to,
                "overdue_interest_settled": line.overdue_interest_paid
                + line.overdue_interest_waived,
            }
            for line in self
        ]

    def _accrue(self, day):
        """Add the overdue principal-days up to ``day``; idempotent for a day.

        In one query to read these instalments, one their loans' rates, and
        one UPDATE of those that change (loan_rules.accrue, overdue_interest
        and remaining), then one to read their loans' overdue interest and
        one to write it where it changed: what the ORM would recompute,
        without a write() per line. The rates are read by the loans' ids, not
        joined: a join of a batch's instalments to the loans made PostgreSQL
        hash every loan of the nation for each batch.
        """
        if not self:
            return
        self.flush_model()
        self.env["rehab.loan"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT i.id, i.loan_id, %(columns)s
                  FROM rehab_loan_installment i
                 WHERE i.id = ANY(%(ids)s)
                """,
                columns=SQL(", ").join(
                    SQL.identifier("i", name) for name in ACCRUAL_COLUMNS
                ),
                ids=self.ids,
            )
        )
        lines = self.env.cr.fetchall()
        self.env.cr.execute(
            SQL(
                """SELECT id, interest_rate, overdue_multiplier
                     FROM rehab_loan WHERE id = ANY(%s)""",
                sorted({line[1] for line in lines}),
            )
        )
        rates = {
            loan_id: (rate, multiplier)
            for loan_id, rate, multiplier in self.env.cr.fetchall()
        }
        changed, loan_ids = [], set()
        for line_id, loan_id, *stored in lines:
            rate, multiplier = rates[loan_id]
            line = dict(zip(ACCRUAL_COLUMNS, stored, strict=True))
            for name in NUMBERS:
                line[name] = line[name] or 0
            before = {name: line[name] for name in ACCRUAL_FIELDS}
            before["accrued_to"] = before["accrued_to"] or False
            before["is_paid"] = bool(before["is_paid"])
            line["overdue_principal_days"], line["accrued_to"] = loan_rules.accrue(
                line, day
            )
            line["overdue_interest"] = loan_rules.overdue_interest(
                line["overdue_principal_days"], rate or 0, multiplier or 0
            )
            line.update(loan_rules.remaining(line))
            after = {name: line[name] for name in ACCRUAL_FIELDS}
            if after != before:
                changed.append((line_id, *after.values()))
                loan_ids.add(loan_id)
        write_rows(self, ACCRUAL_FIELDS, changed)
        self.env["rehab.loan"].browse(sorted(loan_ids))._refresh_overdue_interest()
