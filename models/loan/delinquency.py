# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Delinquency: the figures that move with the date, and the daily overdue run."""

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from ...tools import loan_rules
from ...tools.batching import (
    PROVINCE_PATH,
    batch_records,
    dispatch,
    refresh_day,
    write_rows,
)
from ..rehab_loan_installment import OWED
from .rehab_loan import BUCKETS, DELINQUENCY_FIELDS, RUNNING_STATES

_lt = LazyTranslate(__name__)


class RehabLoanDelinquency(models.Model):
    _inherit = "rehab.loan"

    is_extended = fields.Boolean(
        compute="_compute_flags", store=True, string="Extended"
    )
    # The figures that move with the date: recomputed by their dependencies
    # (every step of the ledger) and, for the date, by the daily overdue run,
    # frozen loans included (see _delinquency_state).
    overdue_principal = fields.Monetary(compute="_compute_delinquency", store=True)
    days_past_due = fields.Integer(
        compute="_compute_delinquency", store=True, index=True
    )
    delinquency_bucket = fields.Selection(
        BUCKETS, compute="_compute_delinquency", store=True, index=True
    )
    is_overdue = fields.Boolean(compute="_compute_flags", store=True, index=True)
    par30_principal = fields.Monetary(
        string="Outstanding over 30 days past due",
        compute="_compute_delinquency",
        store=True,
    )

    @api.depends(
        "state",
        "outstanding_principal",
        "installment_ids.due_date",
        "installment_ids.is_paid",
        "installment_ids.principal_remaining",
    )
    def _compute_delinquency(self):
        today = self._rehab_today()
        for loan in self:
            loan.update(loan._delinquency_state(today))

    def _delinquency_state(self, day):
        """Overdue principal, days past due, bucket and PAR30 principal on ``day``.

        A frozen loan («khoanh nợ») keeps its schedule: these figures follow
        the date like any running loan's, since its principal is unpaid past
        its dates and at risk; only its overdue interest stops accruing while
        it is frozen (_accrue_overdue). A loan closed (repaid or written off)
        is past due no more (loan_rules.delinquency).
        """
        self.ensure_one()
        due = self.installment_ids.filtered(lambda i: i.due_date and i.due_date < day)
        unpaid = due.filtered(lambda i: not i.is_paid)
        return loan_rules.delinquency(
            day,
            self.state in RUNNING_STATES,
            min(unpaid.mapped("due_date")) if unpaid else None,
            sum(i.principal_remaining for i in due if i.principal_remaining > 0),
            self.outstanding_principal,
        )

    @api.depends("extension_ids", "days_past_due")
    def _compute_flags(self):
        for loan in self:
            loan.is_extended = bool(loan.extension_ids)
            loan.is_overdue = loan.days_past_due > 0

    def _refresh_delinquency(self, day=None):
        """Bring the figures that move with the date to ``day`` (today), where
        they moved.

        One query reads these loans with the oldest unpaid due date and the
        overdue principal of their instalments, loan_rules.delinquency gives
        the figures, one UPDATE writes the loans that change (their is_overdue
        with them): no write() per loan, so nothing the server derives
        reaches the audit trail, and a second run the same day writes
        nothing.
        """
        if not self:
            return
        day = day or self._rehab_today()
        self.env["rehab.loan.installment"].flush_model(
            ["loan_id", "due_date", "is_paid", "principal_remaining"]
        )
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                """
                SELECT l.id, l.state, l.outstanding_principal,
                       l.overdue_principal, l.days_past_due,
                       l.delinquency_bucket, l.par30_principal, l.is_overdue,
                       MIN(i.due_date) FILTER (WHERE NOT COALESCE(i.is_paid, false)),
                       SUM(i.principal_remaining)
                           FILTER (WHERE i.principal_remaining > 0)
                  FROM rehab_loan l
                  LEFT JOIN rehab_loan_installment i
                         ON i.loan_id = l.id AND i.due_date < %(day)s
                 WHERE l.id = ANY(%(ids)s)
                 GROUP BY l.id
                """,
                day=day,
                ids=self.ids,
            )
        )
        changed = []
        for (
            loan_id,
            state,
            outstanding,
            *stored,
            oldest_unpaid,
            overdue_principal,
        ) in self.env.cr.fetchall():
            figures = loan_rules.delinquency(
                day,
                state in RUNNING_STATES,
                oldest_unpaid,
                overdue_principal or 0,
                outstanding or 0,
            )
            row = (*figures.values(), figures["days_past_due"] > 0)
            # As the ORM reads them: NULL is False.
            if row != tuple(False if value is None else value for value in stored):
                changed.append((loan_id, *row))
        write_rows(self, (*DELINQUENCY_FIELDS, "is_overdue"), changed)

    def _refresh_overdue_interest(self):
        """The overdue interest of these loans, the sum of what their
        instalments still owe of it (_compute_amounts), written where it
        changed: after the accrual has written their instalments."""
        self.env.cr.execute(
            SQL(
                """
                SELECT l.id, l.overdue_interest,
                       COALESCE(SUM(i.overdue_interest_remaining), 0)
                  FROM rehab_loan l
                  LEFT JOIN rehab_loan_installment i ON i.loan_id = l.id
                 WHERE l.id = ANY(%s)
                 GROUP BY l.id
                """,
                self.ids,
            )
        )
        write_rows(
            self,
            ("overdue_interest",),
            [
                (loan_id, total)
                for loan_id, stored, total in self.env.cr.fetchall()
                if (stored or 0) != total
            ],
        )

    @api.model
    def _cron_overdue(self, batch_size=2000):
        """Daily: overdue instalments, days past due, bucket, overdue interest.

        One job per province and batch of the loans concerned, for the
        agency's day of the run (tools/batching.dispatch; a job done late:
        today, tools/batching.refresh_day). Overdue interest
        is accrued as principal × days up to that day, so a second run the
        same day adds nothing; it is not accrued on a frozen loan. The
        figures that move with the date (days past due, bucket, overdue and
        PAR30 principal) are refreshed for every loan behind, frozen ones
        included. Only the loans behind (that day or the day before) are
        read: the loans paid on time are not touched.
        """
        today = self._rehab_today()
        dispatch(
            self.sudo(),
            "_job_overdue",
            today,
            records=self.sudo(),
            domain=self._overdue_domain(today),
            province_path=PROVINCE_PATH,
            size=batch_size,
            label=_lt("Overdue run of the loans"),
        )

    def _overdue_installments_domain(self, day):
        """The instalments of these loans that accrue overdue interest on
        ``day``: of a running loan not frozen, past due with principal left.
        The loans' conditions are checked on these loans, not joined in SQL:
        a batch's instalments joined to their loans' state made PostgreSQL
        hash every loan of the nation for each batch."""
        accruing = self.filtered_domain(
            [("state", "in", RUNNING_STATES), ("risk_action", "!=", "freeze")]
        )
        return [
            ("loan_id", "in", accruing.ids),
            ("due_date", "<", day),
            ("principal_remaining", ">", 0),
        ]

    @api.model
    def _overdue_domain(self, day, first_id=None, last_id=None):
        """The loans the overdue run of ``day`` looks at: those running with
        an instalment behind, and those still marked behind (with ids from
        ``first_id`` to ``last_id`` when given: a job's batch, so that it
        reads its own loans' instalments only).

        One subquery of their ids (a UNION), so that PostgreSQL joins it
        (a hash semi-join): the same condition as an OR of an ``any`` on
        the instalments made a subplan scanning the unpaid instalments once a
        loan, at a nation's size (5 million instalments) for hours. What
        the subquery reads is flushed first.
        """
        self.env["rehab.loan.installment"].flush_model(
            ["loan_id", "due_date", "is_paid", "principal_remaining"]
        )
        self.flush_model(
            ["state", "days_past_due", "overdue_principal", "par30_principal"]
        )
        return [
            (
                "id",
                "in",
                SQL(
                    """(SELECT l.id FROM rehab_loan l
                         WHERE l.state IN %(running)s AND %(ids)s AND EXISTS (
                               SELECT 1 FROM rehab_loan_installment i
                                WHERE i.loan_id = l.id AND i.due_date < %(day)s
                                  AND (%(owed)s))
                        UNION
                        SELECT l.id FROM rehab_loan l
                         WHERE %(ids)s AND (l.days_past_due > 0
                               OR l.overdue_principal > 0 OR l.par30_principal > 0))""",
                    running=RUNNING_STATES,
                    day=day,
                    # The instalment's columns: of ``i``, the innermost table.
                    owed=SQL(OWED),
                    ids=SQL("l.id BETWEEN %s AND %s", first_id, last_id)
                    if first_id
                    else SQL("TRUE"),
                ),
            )
        ]

    def _job_overdue(self, day, province_id, first_id, last_id):
        """One batch of the overdue run of ``day``: the loans of a province
        in a range of ids."""
        day = refresh_day(self, day)
        loans = batch_records(
            self.sudo(),
            self._overdue_domain(day, first_id, last_id),
            PROVINCE_PATH,
            (province_id, first_id, last_id),
        )
        if not loans:
            return
        self.env["rehab.loan.installment"].sudo().search(
            loans._overdue_installments_domain(day), order="id"
        )._accrue(day)
        loans._refresh_delinquency(day)
