# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Delinquency: the figures that move with the date, and the daily overdue run."""

from odoo import api, fields, models

from ...tools import loan_rules
from ...tools.batching import iter_batches
from .rehab_loan import BUCKETS, DELINQUENCY_FIELDS, RUNNING_STATES


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
        is past due no more.
        """
        self.ensure_one()
        due = self.installment_ids.filtered(lambda i: i.due_date and i.due_date < day)
        unpaid = due.filtered(lambda i: not i.is_paid)
        days = 0
        if unpaid and self.state in RUNNING_STATES:
            days = (day - min(unpaid.mapped("due_date"))).days
        return {
            "overdue_principal": sum(
                i.principal_remaining for i in due if i.principal_remaining > 0
            ),
            "days_past_due": days,
            "delinquency_bucket": loan_rules.delinquency_bucket(days),
            "par30_principal": self.outstanding_principal if days > 30 else 0,
        }

    @api.depends("extension_ids", "days_past_due")
    def _compute_flags(self):
        for loan in self:
            loan.is_extended = bool(loan.extension_ids)
            loan.is_overdue = loan.days_past_due > 0

    def _refresh_delinquency(self, day=None):
        """Recompute the figures that move with the date, where they moved.

        The stored computed fields of _compute_delinquency are recomputed by
        the ORM in bulk for the loans whose state on ``day`` (today) differs
        from what is stored: no write() per loan, so nothing the server
        derives reaches the audit trail, and a second run the same day writes
        nothing. In-process only (the overdue run, the settings).
        """
        day = day or self._rehab_today()
        loans = self.sudo()
        changed = loans.filtered(
            lambda loan: any(
                loan[name] != value
                for name, value in loan._delinquency_state(day).items()
            )
        )
        if changed:
            for name in DELINQUENCY_FIELDS:
                self.env.add_to_compute(self._fields[name], changed)
            changed.flush_recordset(list(DELINQUENCY_FIELDS))

    @api.model
    def _cron_overdue(self, batch_size=2000):
        """Daily: overdue instalments, days past due, bucket, overdue interest.

        Overdue interest is accrued as principal × days up to today, so a second
        run the same day adds nothing; it is not accrued on a frozen loan. The
        figures that move with the date (days past due, bucket, overdue and
        PAR30 principal) are refreshed for every loan behind, frozen ones
        included. Only the instalments overdue and the loans behind (today or
        yesterday) are read: the loans paid on time are not touched.
        """
        today = self._rehab_today()
        Installment = self.env["rehab.loan.installment"].sudo()
        overdue = [
            ("loan_id.state", "in", RUNNING_STATES),
            ("loan_id.risk_action", "!=", "freeze"),
            ("due_date", "<", today),
            ("principal_remaining", ">", 0),
        ]
        for batch in iter_batches(Installment, overdue, batch_size):
            batch._accrue(today)
        behind = Installment._read_group(
            [
                ("loan_id.state", "in", RUNNING_STATES),
                ("due_date", "<", today),
                ("is_paid", "=", False),
            ],
            ["loan_id"],
        )
        loan_ids = {loan.id for (loan,) in behind}
        loan_ids.update(
            self.sudo()
            .search(
                [
                    "|",
                    "|",
                    ("days_past_due", ">", 0),
                    ("overdue_principal", ">", 0),
                    ("par30_principal", ">", 0),
                ]
            )
            .ids
        )
        loans = self.sudo().browse(sorted(loan_ids))
        for start in range(0, len(loans), batch_size):
            batch = loans[start : start + batch_size]
            batch._refresh_delinquency(today)
            batch.flush_recordset()
            batch.invalidate_recordset()
