# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Delinquency: the figures that move with the date, and the daily overdue run."""

from odoo import api, fields, models
from odoo.tools.translate import LazyTranslate

from ...tools import loan_rules
from ...tools.batching import PROVINCE_PATH, batch_records, dispatch
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

        One job per province and batch of the loans concerned, for the
        agency's day of the run (tools/batching.dispatch). Overdue interest
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

    @api.model
    def _overdue_installments_domain(self, day):
        """The instalments that accrue overdue interest on ``day``."""
        return [
            ("loan_id.state", "in", RUNNING_STATES),
            ("loan_id.risk_action", "!=", "freeze"),
            ("due_date", "<", day),
            ("principal_remaining", ">", 0),
        ]

    @api.model
    def _overdue_domain(self, day):
        """The loans the overdue run of ``day`` looks at: those with an
        instalment behind, and those still marked behind."""
        return [
            "|",
            "&",
            ("state", "in", RUNNING_STATES),
            (
                "installment_ids",
                "any",
                [
                    ("due_date", "<", day),
                    "|",
                    ("is_paid", "=", False),
                    ("principal_remaining", ">", 0),
                ],
            ),
            "|",
            "|",
            ("days_past_due", ">", 0),
            ("overdue_principal", ">", 0),
            ("par30_principal", ">", 0),
        ]

    def _job_overdue(self, day, province_id, first_id, last_id):
        """One batch of the overdue run of ``day``: the loans of a province
        in a range of ids."""
        loans = batch_records(
            self.sudo(),
            self._overdue_domain(day),
            PROVINCE_PATH,
            (province_id, first_id, last_id),
        )
        if not loans:
            return
        self.env["rehab.loan.installment"].sudo().search(
            self._overdue_installments_domain(day) + [("loan_id", "in", loans.ids)],
            order="id",
        )._accrue(day)
        loans._refresh_delinquency(day)
