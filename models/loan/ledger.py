# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Money: every change is an entry of the ledger, made by a step."""

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ...tools import loan_rules, rehab_rules


class RehabLoanLedger(models.Model):
    _inherit = "rehab.loan"

    disbursement_ids = fields.One2many(
        "rehab.loan.disbursement", "loan_id", string="Disbursements"
    )
    repayment_ids = fields.One2many(
        "rehab.loan.repayment", "loan_id", string="Repayments"
    )
    reversal_ids = fields.One2many("rehab.loan.reversal", "loan_id", string="Reversals")
    extension_ids = fields.One2many(
        "rehab.loan.extension", "loan_id", string="Extensions"
    )
    risk_ids = fields.One2many("rehab.loan.risk", "loan_id", string="Risk handling")
    risk_action = fields.Selection(
        [
            ("freeze", "Frozen"),
            ("write_off_interest", "Interest written off"),
            ("write_off_principal", "Principal written off"),
        ],
        readonly=True,
        tracking=True,
        index=True,
    )
    disbursed_amount = fields.Monetary(compute="_compute_amounts", store=True)
    outstanding_principal = fields.Monetary(compute="_compute_amounts", store=True)
    overdue_interest = fields.Monetary(compute="_compute_amounts", store=True)

    @api.depends(
        "disbursement_ids.amount",
        "installment_ids.principal_remaining",
        "installment_ids.overdue_interest_remaining",
    )
    def _compute_amounts(self):
        for loan in self:
            lines = loan.installment_ids
            loan.disbursed_amount = sum(loan.disbursement_ids.mapped("amount"))
            loan.outstanding_principal = sum(lines.mapped("principal_remaining"))
            loan.overdue_interest = sum(lines.mapped("overdue_interest_remaining"))

    def _check_capital(self, amount):
        """A disbursement leaves the province's capital available at zero or more.

        The figure is the capital position's own (capital entrusted less the
        outstanding principal). The province is locked so that two
        disbursements at once cannot both take the last of it.
        """
        self.ensure_one()
        province = self.company_id.sudo().province_id
        self.env.cr.execute(
            SQL("UPDATE res_company SET id = id WHERE id = %s", province.id)
        )
        self.env.flush_all()
        Position = self.env["rehab.capital.position"].sudo()
        # A database view: read it afresh, not from this transaction's cache.
        Position.invalidate_model()
        position = Position.search([("province_id", "=", province.id)])
        available = position.available
        if amount > available:
            raise UserError(
                _(
                    "The programme's capital available to lend in %(province)s is "
                    "%(available)s đồng: a disbursement of %(amount)s đồng would take "
                    "it below zero. The VBSP branch records the capital entrusted "
                    "first (menu «Capital»).",
                    province=province.name,
                    available=loan_rules.format_vnd(max(available, 0)),
                    amount=loan_rules.format_vnd(amount),
                )
            )

    def _disburse(self, day, amount, place=False):
        loan = self._workflow_start("disburse")
        loan.ensure_one()
        if amount <= 0:
            raise UserError(_("The amount disbursed must be positive."))
        if day > self._rehab_today():
            raise UserError(_("A disbursement cannot be dated in the future."))
        if loan.disbursed_amount + amount > loan.amount_approved:
            raise UserError(_("The disbursements would exceed the approved amount."))
        if loan.repayment_ids:
            raise UserError(_("A loan already in repayment takes no new tranche."))
        first = loan.disbursement_ids.sorted("date")[:1].date or day
        if day < first or day < loan.decision_date:
            raise UserError(
                _("A tranche cannot be dated before the decision or the first tranche.")
            )
        loan._check_capital(amount)
        if not loan.disbursement_ids:
            loan._align_to_session(day)
        loan.env["rehab.loan.disbursement"].create(
            {"loan_id": loan.id, "date": day, "amount": amount, "place": place}
        )
        loan._build_schedule(first)
        full = loan.disbursed_amount >= loan.amount_approved
        loan._workflow_finish("disburse_all" if full else "disburse")
        return True

    def _latest_entry_date(self):
        """The date of the last repayment standing or risk handling."""
        self.ensure_one()
        dates = self.repayment_ids.filtered(lambda r: not r.is_reversed).mapped(
            "date"
        ) + self.risk_ids.mapped("date")
        return max(dates) if dates else False

    def _accrue_overdue(self, day):
        """Accrue overdue interest up to ``day`` unless the debt is frozen."""
        if self.risk_action == "freeze":
            return
        self.installment_ids.filtered(
            lambda i: i.due_date < day and i.principal_remaining > 0
        )._accrue(day)

    def _owed_on(self, day):
        """What each instalment owes on ``day``, oldest first (loan_rules.owed_on):
        what a repayment on that day is shared over by loan_rules.allocate."""
        self.ensure_one()
        loan = self.sudo()
        return loan_rules.owed_on(
            day,
            loan.installment_ids.sorted("sequence")._owed_rows(),
            annual_rate=loan.interest_rate,
            overdue_multiplier=loan.overdue_multiplier,
            frozen=loan.risk_action == "freeze",
        )

    def _repay(self, day, amount):
        loan = self._workflow_start("repay")
        loan.ensure_one()
        if amount <= 0:
            raise UserError(_("The amount repaid must be positive."))
        if day > self._rehab_today():
            raise UserError(_("A repayment cannot be dated in the future."))
        if day < loan.disbursement_ids.sorted("date")[:1].date:
            raise UserError(_("A repayment cannot be dated before the disbursement."))
        latest = loan._latest_entry_date()
        if latest and day < latest:
            raise UserError(
                _(
                    "The ledger of the loan goes forward: a repayment cannot be "
                    "dated before its last entry (%s).",
                    latest.strftime("%d/%m/%Y"),
                )
            )
        loan._accrue_overdue(day)
        lines = loan.installment_ids.sorted("sequence")
        # The collection sheet's figures and the booking: one rule.
        allocations, left = loan_rules.allocate(int(amount), loan._owed_on(day))
        if left:
            raise UserError(
                _(
                    "The payment is %s đồng more than the loan owes.",
                    loan_rules.format_vnd(left),
                )
            )
        taken_lines = []
        for line, taken in zip(lines, allocations, strict=True):
            if any(taken.values()):
                line.write(
                    {
                        "overdue_interest_paid": line.overdue_interest_paid
                        + taken["overdue_interest"],
                        "interest_paid": line.interest_paid + taken["interest"],
                        "principal_paid": line.principal_paid + taken["principal"],
                    }
                )
                taken_lines.append((line, dict(taken, interest_waived=0)))
        waived = loan._waive_after_prepayment()
        allocation_vals = {line: taken for line, taken in taken_lines}
        for line, amount_waived in waived.items():
            allocation_vals.setdefault(
                line,
                {"overdue_interest": 0, "interest": 0, "principal": 0},
            )["interest_waived"] = amount_waived
        loan.env["rehab.loan.repayment"].create(
            {
                "loan_id": loan.id,
                "date": day,
                "amount": amount,
                "overdue_interest": sum(a["overdue_interest"] for a in allocations),
                "interest": sum(a["interest"] for a in allocations),
                "principal": sum(a["principal"] for a in allocations),
                "allocation_ids": [
                    (
                        0,
                        0,
                        dict(values, installment_id=line.id, loan_id=loan.id, date=day),
                    )
                    for line, values in allocation_vals.items()
                ],
            }
        )
        loan._close_if_paid()
        loan._refresh_delinquency()
        return True

    def _waive_after_prepayment(self):
        """Interest of periods not reached is not owed once the principal is paid.

        Returns {instalment: interest waived} for the repayment to record.
        """
        self.ensure_one()
        waived = {}
        if self.state == "repaying" and not self.outstanding_principal:
            for line in self.installment_ids.filtered(lambda i: i.interest_remaining):
                waived[line] = line.interest - line.interest_paid - line.interest_waived
                line.interest_waived = line.interest - line.interest_paid
        return waived

    def _close_if_paid(self):
        for loan in self:
            if (
                loan.state == "repaying"
                and not loan.outstanding_principal
                and not any(loan.installment_ids.mapped("overdue_interest_remaining"))
            ):
                loan._workflow_finish("close")

    def _reverse(self, repayment, reason):
        """Reverse a repayment posted by mistake: a new entry, with its reason.

        The original stays in the ledger; the instalments get back what it
        paid (and the interest its prepayment made not owed), the overdue
        interest missed since its date is accrued, and a loan it closed is
        open again. Only the latest repayment standing is reversed, and none
        before a risk handling: reverse the later ones first.
        """
        loan = self._workflow_start("reverse")
        loan.ensure_one()
        repayment = repayment.sudo()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason for reversing the repayment."))
        if repayment.loan_id != loan:
            raise UserError(_("The repayment is not one of this loan's."))
        if repayment.is_reversed:
            raise UserError(_("The repayment is already reversed."))
        # The order of the ledger: the entries' dates, then the order the
        # server recorded them in (one sequence across the ledger's tables).
        position = repayment._ledger_key()
        later = loan.repayment_ids.filtered(
            lambda r: not r.is_reversed and r._ledger_key() > position
        )
        if later:
            raise UserError(
                _(
                    "A later repayment stands (%s): reverse the later repayments "
                    "first.",
                    ", ".join(r.date.strftime("%d/%m/%Y") for r in later),
                )
            )
        if (
            loan.risk_ids.filtered(lambda r: r._ledger_key() > position)
            or loan.risk_action == "write_off_principal"
        ):
            raise UserError(
                _("A risk was handled after this repayment: it cannot be reversed.")
            )
        today = self._rehab_today()
        for allocation in repayment.allocation_ids:
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
            since = max(repayment.date, line.due_date)
            if allocation.principal and line.accrued_to and line.accrued_to > since:
                values["overdue_principal_days"] = (
                    line.overdue_principal_days
                    + allocation.principal * (line.accrued_to - since).days
                )
            line.write(values)
        loan.env["rehab.loan.reversal"].create(
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
                amount=loan_rules.format_vnd(repayment.amount),
                day=repayment.date.strftime("%d/%m/%Y"),
                reason=reason,
            )
        )
        return True

    def _extend(self, installments, months, reason):
        """Move unpaid instalments later (debt extension), within the limit."""
        loan = self._workflow_start("extend")
        loan.ensure_one()
        installments = installments.sudo()
        if not installments or installments.loan_id != loan:
            raise UserError(_("Choose the instalments of this loan to extend."))
        if installments.filtered("is_paid"):
            raise UserError(_("A paid instalment cannot be extended."))
        if not (reason or "").strip():
            raise UserError(_("Give the reason for the extension."))
        if months <= 0:
            raise UserError(_("The extension must be at least one month."))
        longest = rehab_rules.params_from_env(self.env)["max_extension_months"]
        # Every instalment is checked before any is moved.
        moves = []
        for line in installments.sorted("sequence"):
            new_date = line.due_date + relativedelta(months=months)
            if loan.due_day:
                # Still on the commune's transaction day (the 31st: month end).
                new_date = loan_rules.session_date(new_date, loan.due_day)
            limit = line.original_due_date + relativedelta(months=longest)
            if new_date > limit:
                raise UserError(
                    _(
                        "An instalment may be extended by at most %s months in all.",
                        longest,
                    )
                )
            moves.append((line, new_date))
        detail = []
        for line, new_date in moves:
            detail.append(
                "%s: %s → %s"
                % (
                    line.sequence,
                    line.due_date.strftime("%d/%m/%Y"),
                    new_date.strftime("%d/%m/%Y"),
                )
            )
            line.due_date = new_date
        today = self._rehab_today()
        loan.env["rehab.loan.extension"].create(
            {
                "loan_id": loan.id,
                "date": today,
                "months": months,
                "reason": reason.strip(),
                "detail": "\n".join(detail),
            }
        )
        loan.message_post(body=_("Debt extended: %s", "; ".join(detail)))
        loan._refresh_delinquency(today)
        return True

    def _handle_risk(self, day, cause, action, note):
        """Freeze the debt, or write off its interest or its principal."""
        loan = self._workflow_start("handle_risk")
        loan.ensure_one()
        if not (note or "").strip():
            raise UserError(_("Give the grounds of the risk handling."))
        if day > self._rehab_today():
            raise UserError(_("Risk handling cannot be dated in the future."))
        if day < min(loan.disbursement_ids.mapped("date")):
            raise UserError(_("Risk handling cannot be dated before the disbursement."))
        latest = loan._latest_entry_date()
        if latest and day < latest:
            raise UserError(
                _(
                    "The ledger of the loan goes forward: risk handling cannot be "
                    "dated before its last entry (%s).",
                    latest.strftime("%d/%m/%Y"),
                )
            )
        loan._accrue_overdue(day)
        unpaid = loan.installment_ids.filtered(lambda i: not i.is_paid)
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
        loan.env["rehab.loan.risk"].create(
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
        return True
