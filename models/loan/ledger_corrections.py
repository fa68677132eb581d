# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The ledger's corrections: reversal of a repayment, extension, risk handling."""

from dateutil.relativedelta import relativedelta

from odoo import Command, _, models
from odoo.exceptions import UserError

from ...tools import loan_rules, rehab_rules
from ...tools.guards import required_reason


class RehabLoanLedgerCorrections(models.Model):
    _inherit = "rehab.loan"

    def _reverse(self, repayment, reason):
        """Reverse a repayment posted by mistake: a new entry, with its reason.

        The original stays in the ledger; the instalments get back what it
        paid (and the interest its prepayment made not owed), the overdue
        interest missed since its date is accrued, and a loan it closed is
        open again. Only the latest repayment standing is reversed, and none
        before a risk handling: reverse the later ones first. Returns the
        reversal.
        """
        loan = self._workflow_start("reverse")
        loan.ensure_one()
        repayment = repayment.sudo()
        reason = required_reason(self.env, reason, _("reversing the repayment"))
        loan._check_reversible(repayment)
        # The principal it paid is outstanding again: less capital available,
        # so a disbursement at once waits for this (_check_capital).
        loan._lock_capital()
        today = self._rehab_today()
        for allocation in repayment.allocation_ids:
            loan._undo_allocation(allocation)
        reversal = loan.env["rehab.loan.reversal"].create(
            {
                "loan_id": loan.id,
                "repayment_id": repayment.id,
                "date": today,
                "amount": repayment.amount,
                "reason": reason,
            }
        )
        if loan.state == "closed":
            loan._workflow_finish("reopen")
        loan._accrue_overdue(today)
        loan._refresh_delinquency(today)
        loan.message_post(
            body=_(
                "Repayment of %(amount)s đồng on %(day)s reversed: %(reason)s",
                amount=self._rehab_format_amount(repayment.amount),
                day=self._rehab_format_date(repayment.date),
                reason=reason,
            )
        )
        return reversal.with_env(self.env)

    def _check_reversible(self, repayment):
        """A repayment of the loan, not reversed yet, with no repayment
        standing nor risk handled after it in the ledger."""
        if repayment.loan_id != self:
            raise UserError(_("The repayment is not one of this loan's."))
        if repayment.is_reversed:
            raise UserError(_("The repayment is already reversed."))
        # The order of the ledger: the entries' dates, then the order the
        # server recorded them in (one sequence across the ledger's tables).
        position = repayment._ledger_key()
        later = self.repayment_ids.filtered(
            lambda r: not r.is_reversed and r._ledger_key() > position
        )
        if later:
            raise UserError(
                _(
                    "A later repayment stands (%s): reverse the later repayments "
                    "first.",
                    ", ".join(self._rehab_format_date(r.date) for r in later),
                )
            )
        if (
            self.risk_ids.filtered(lambda r: r._ledger_key() > position)
            or self.risk_action == "write_off_principal"
        ):
            raise UserError(
                _("A risk was handled after this repayment: it cannot be reversed.")
            )

    def _undo_allocation(self, allocation):
        """Give the instalment back what the reversed repayment paid on it."""
        line = allocation.installment_id
        values = {
            "overdue_interest_paid": line.overdue_interest_paid
            - allocation.overdue_interest,
            "interest_paid": line.interest_paid - allocation.interest,
            "principal_paid": line.principal_paid - allocation.principal,
            "interest_waived": line.interest_waived - allocation.interest_waived,
        }
        # The principal counted paid since the repayment was overdue all
        # along: the overdue interest on it is accrued now.
        since = max(allocation.repayment_id.date, line.due_date)
        if allocation.principal and line.accrued_to and line.accrued_to > since:
            values["overdue_principal_days"] = (
                line.overdue_principal_days
                + allocation.principal * (line.accrued_to - since).days
            )
        line.write(values)

    def _extend(self, installments, months, reason):
        """Move unpaid instalments later (debt extension), within the limit.

        Returns the extension.
        """
        loan = self._workflow_start("extend")
        loan.ensure_one()
        installments = installments.sudo()
        if not installments or installments.loan_id != loan:
            raise UserError(_("Choose the instalments of this loan to extend."))
        if installments.filtered("is_paid"):
            raise UserError(_("A paid instalment cannot be extended."))
        reason = required_reason(self.env, reason, _("the extension"))
        if months <= 0:
            raise UserError(_("The extension must be at least one month."))
        moves = loan._extension_moves(installments, months)
        detail = []
        lines = []
        today = self._rehab_today()
        for line, new_date in moves:
            detail.append(
                "%s: %s → %s"
                % (
                    line.sequence,
                    self._rehab_format_date(line.due_date),
                    self._rehab_format_date(new_date),
                )
            )
            lines.append(
                Command.create(
                    {
                        "loan_id": loan.id,
                        "date": today,
                        "installment_id": line.id,
                        "sequence": line.sequence,
                        "old_due_date": line.due_date,
                        "new_due_date": new_date,
                    }
                )
            )
            line.due_date = new_date
        extension = loan.env["rehab.loan.extension"].create(
            {
                "loan_id": loan.id,
                "date": today,
                "months": months,
                "reason": reason.strip(),
                "detail": "\n".join(detail),
                "line_ids": lines,
            }
        )
        loan.message_post(body=_("Debt extended: %s", "; ".join(detail)))
        loan._refresh_delinquency(today)
        return extension.with_env(self.env)

    def _extension_moves(self, installments, months):
        """[(instalment, new due date)], oldest first, once every instalment
        is checked against the longest extension allowed: none is moved
        before all are checked.

        The longest extension is the one of the rules the loan's decision
        recorded; for an older loan without them, the rule in force on the
        extension's day in the commune's province."""
        if self.decision_rule_set_id:
            params = self.decision_rule_set_id._params()
        else:
            params = rehab_rules.params_from_env(
                self.env, province=self.sudo().company_id or None
            )
        longest = params["max_extension_months"]
        moves = []
        for line in installments.sorted("sequence"):
            new_date = line.due_date + relativedelta(months=months)
            if self.due_day:
                # Still on the commune's transaction day (the 31st: month end).
                new_date = loan_rules.session_date(new_date, self.due_day)
            limit = line.original_due_date + relativedelta(months=longest)
            if new_date > limit:
                raise UserError(
                    _(
                        "An instalment may be extended by at most %s months in all.",
                        longest,
                    )
                )
            moves.append((line, new_date))
        return moves

    def _handle_risk(self, day, cause, action, note):
        """Freeze the debt, or write off its interest or its principal.

        Returns the risk handling recorded.
        """
        loan = self._workflow_start("handle_risk")
        loan.ensure_one()
        required_reason(
            self.env,
            note,
            _("the risk handling"),
            message=_("Give the grounds of the risk handling."),
        )
        loan._check_entry_day(
            day,
            _("Risk handling"),
            future=_("Risk handling cannot be dated in the future."),
            before=_("Risk handling cannot be dated before the disbursement."),
        )
        loan._accrue_overdue(day)
        amount = loan._write_off(action)
        risk = loan.env["rehab.loan.risk"].create(
            {
                "loan_id": loan.id,
                "date": day,
                "cause": cause,
                "action": action,
                "amount": amount,
                "note": note.strip(),
            }
        )
        loan.write({"risk_action": action})
        if action == "write_off_principal":
            loan._workflow_finish("write_off")
        loan._refresh_delinquency()
        return risk.with_env(self.env)

    def _write_off(self, action):
        """Write off what ``action`` writes off on the unpaid instalments (a
        freeze writes off nothing); returns the amount written off."""
        unpaid = self.installment_ids.filtered(lambda i: not i.is_paid)
        amount = 0
        if action == "write_off_interest":
            for line in unpaid:
                amount += line.interest_remaining + line.overdue_interest_remaining
                line.write(
                    {
                        "interest_waived": line.interest - line.interest_paid,
                        "overdue_interest_waived": line.overdue_interest
                        - line.overdue_interest_paid,
                    }
                )
        elif action == "write_off_principal":
            for line in unpaid:
                amount += line.principal_remaining
                line.write(
                    {
                        "principal_written_off": line.principal - line.principal_paid,
                        "interest_waived": line.interest - line.interest_paid,
                    }
                )
        return amount
