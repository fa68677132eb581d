# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import _, api, models
from odoo.tools import SQL, float_compare, plaintext2html

from ..tools.roles import ADMIN

_logger = logging.getLogger(__name__)
TODO = "mail.mail_activity_data_todo"

# Per loan: the stored balances against the ledger's entries. A repayment
# counts unless a reversal undid it.
LOANS_SQL = """
    WITH disbursed AS (
        SELECT loan_id, sum(amount) AS amount
          FROM rehab_loan_disbursement GROUP BY loan_id
    ), repaid AS (
        SELECT repayment.loan_id, sum(repayment.principal) AS principal
          FROM rehab_loan_repayment repayment
         WHERE NOT EXISTS (SELECT 1 FROM rehab_loan_reversal reversal
                            WHERE reversal.repayment_id = repayment.id)
      GROUP BY repayment.loan_id
    ), written_off AS (
        SELECT loan_id, sum(amount) AS amount
          FROM rehab_loan_risk
         WHERE action = 'write_off_principal'
      GROUP BY loan_id
    ), schedule AS (
        SELECT loan_id,
               sum(principal) AS principal,
               sum(coalesce(principal, 0) - coalesce(principal_paid, 0)
                   - coalesce(principal_written_off, 0)) AS unpaid,
               sum(principal_remaining) AS remaining,
               sum(principal_written_off) AS written_off
          FROM rehab_loan_installment GROUP BY loan_id
    )
    SELECT loan.id,
           coalesce(loan.outstanding_principal, 0),
           coalesce(disbursed.amount, 0),
           coalesce(repaid.principal, 0),
           coalesce(written_off.amount, 0),
           coalesce(schedule.principal, 0),
           coalesce(schedule.unpaid, 0),
           coalesce(schedule.remaining, 0),
           coalesce(schedule.written_off, 0)
      FROM rehab_loan loan
 LEFT JOIN disbursed ON disbursed.loan_id = loan.id
 LEFT JOIN repaid ON repaid.loan_id = loan.id
 LEFT JOIN written_off ON written_off.loan_id = loan.id
 LEFT JOIN schedule ON schedule.loan_id = loan.id
     WHERE disbursed.loan_id IS NOT NULL OR schedule.loan_id IS NOT NULL
"""
# Per instalment: its paid parts against the allocations of the repayments
# standing; only the instalments that differ, with their loan.
INSTALMENTS_SQL = """
    WITH allocated AS (
        SELECT allocation.installment_id,
               sum(allocation.principal) AS principal,
               sum(allocation.interest) AS interest,
               sum(allocation.overdue_interest) AS overdue_interest
          FROM rehab_loan_allocation allocation
         WHERE NOT EXISTS (SELECT 1 FROM rehab_loan_reversal reversal
                            WHERE reversal.repayment_id = allocation.repayment_id)
      GROUP BY allocation.installment_id
    )
    SELECT line.loan_id, line.sequence
      FROM rehab_loan_installment line
 LEFT JOIN allocated ON allocated.installment_id = line.id
     WHERE round(coalesce(line.principal_paid, 0))
               <> round(coalesce(allocated.principal, 0))
        OR round(coalesce(line.interest_paid, 0))
               <> round(coalesce(allocated.interest, 0))
        OR round(coalesce(line.overdue_interest_paid, 0))
               <> round(coalesce(allocated.overdue_interest, 0))
  ORDER BY line.loan_id, line.sequence
"""


def _differ(a, b):
    return float_compare(a, b, precision_digits=0) != 0


class RehabLoanReconciliation(models.AbstractModel):
    """The daily check of the loans' ledger against their stored balances.

    For every loan and in total: outstanding principal = disbursed − principal
    repaid (repayments not reversed) − principal written off, as stored on the
    loan and on its schedule; and each instalment's paid parts = the
    allocations of the repayments standing. The check reads only, in a fixed
    number of queries whatever the number of loans: a break is never mended
    here (the ledger is append-only) but reported to the programme
    administrators as a to-do on the loan, naming the loan by its number
    only.
    """

    _name = "rehab.loan.reconciliation"
    _inherit = ["rehab.base.mixin"]
    _description = "Reconciliation of the loans' ledger"

    @api.model
    def _breaks(self):
        """({loan id: [(check code, values)]}, totals) of the whole ledger."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(SQL(LOANS_SQL))
        breaks = {}
        totals = dict.fromkeys(
            ("outstanding", "disbursed", "repaid", "written_off"), 0.0
        )
        for row in cr.fetchall():
            (loan_id, outstanding, disbursed, repaid, lost) = row[:5]
            (principal, unpaid, remaining, lost_schedule) = row[5:]
            ledger = disbursed - repaid - lost
            totals["outstanding"] += outstanding
            totals["disbursed"] += disbursed
            totals["repaid"] += repaid
            totals["written_off"] += lost
            found = []
            if _differ(outstanding, ledger):
                found.append(("outstanding", (outstanding, ledger)))
            if _differ(remaining, ledger) or _differ(unpaid, ledger):
                found.append(("schedule", (unpaid, ledger)))
            if _differ(principal, disbursed):
                found.append(("scheduled", (principal, disbursed)))
            if _differ(lost_schedule, lost):
                found.append(("written_off", (lost_schedule, lost)))
            if found:
                breaks[loan_id] = found
        cr.execute(SQL(INSTALMENTS_SQL))
        lines = {}
        for loan_id, sequence in cr.fetchall():
            lines.setdefault(loan_id, []).append(sequence)
        for loan_id, sequences in lines.items():
            breaks.setdefault(loan_id, []).append(("allocations", tuple(sequences)))
        return breaks, totals

    def _break_text(self, found, totals):
        """The note of the to-do: figures and instalment numbers, no person."""
        fmt = self._rehab_format_amount
        lines = [self._break_line(code, values) for code, values in found]
        lines.append(
            _(
                "All loans: outstanding principal %(outstanding)s đồng; disbursed "
                "%(disbursed)s đồng, principal repaid %(repaid)s đồng, written off "
                "%(written_off)s đồng.",
                outstanding=fmt(totals["outstanding"]),
                disbursed=fmt(totals["disbursed"]),
                repaid=fmt(totals["repaid"]),
                written_off=fmt(totals["written_off"]),
            )
        )
        lines.append(
            _(
                "The ledger is not changed by this check: find the cause, then "
                "record the correcting entry on the loan."
            )
        )
        return "\n".join(lines)

    @api.model
    def _break_line(self, code, values):
        """The line of the note for one break ``code``: its two figures."""
        fmt = self._rehab_format_amount
        if code == "allocations":
            return _(
                "Instalments whose paid parts differ from the repayments' "
                "allocations: %s.",
                ", ".join(str(sequence) for sequence in values),
            )
        stored, ledger = fmt(values[0]), fmt(values[1])
        if code == "outstanding":
            text = _(
                "Outstanding principal stored: %(stored)s đồng; disbursed less "
                "principal repaid and written off: %(ledger)s đồng.",
                stored=stored,
                ledger=ledger,
            )
        elif code == "schedule":
            text = _(
                "Principal unpaid on the schedule: %(stored)s đồng; disbursed "
                "less principal repaid and written off: %(ledger)s đồng.",
                stored=stored,
                ledger=ledger,
            )
        elif code == "scheduled":
            text = _(
                "Principal scheduled: %(stored)s đồng; disbursed: %(ledger)s đồng.",
                stored=stored,
                ledger=ledger,
            )
        else:
            text = _(
                "Principal written off on the schedule: %(stored)s đồng; in "
                "the risk handling entries: %(ledger)s đồng.",
                stored=stored,
                ledger=ledger,
            )
        return text

    @api.model
    def _cron_reconcile(self):
        """Daily: check the ledger; a to-do per break and administrator.

        Returns the loans that break. A to-do already open on a loan for an
        administrator is not opened twice.
        """
        breaks, totals = self._breaks()
        Loan = self.env["rehab.loan"].sudo()
        loans = Loan.browse(sorted(breaks))
        if not loans:
            return loans
        _logger.warning(
            "Ledger check: %d loan(s) do not agree: %s",
            len(loans),
            ", ".join(loans.mapped("name")),
        )
        admins = (
            self.env.ref(ADMIN)
            .sudo()
            .users.filtered(lambda user: user.active and not user.share)
        )
        summary_of = {}
        open_todos = {
            (activity.res_id, activity.user_id.id, activity.summary)
            for activity in loans.activity_search([TODO])
        }
        for loan in loans:
            agencies = loan.company_id | loan.company_id.province_id
            users = admins.filtered(lambda u, a=agencies: u.company_ids & a) or admins
            for user in users:
                lang = user.lang or "en_US"
                texts = self.with_context(lang=lang)
                if lang not in summary_of:
                    summary_of[lang] = texts._summary()
                summary = summary_of[lang] % loan.name
                if (loan.id, user.id, summary) in open_todos:
                    continue
                loan.activity_schedule(
                    TODO,
                    summary=summary,
                    note=plaintext2html(texts._break_text(breaks[loan.id], totals)),
                    user_id=user.id,
                )
        return loans

    def _summary(self):
        return _("Ledger check: loan %s does not agree")
