# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Money: every change is an entry of the ledger, made by a step."""

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ...tools import loan_rules, locks
from ...tools.guards import check_entry_date


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

    def _lock_capital(self):
        """Lock the province's capital (its first allocation) until the end of
        the transaction; returns the province. What changes the capital
        available (a disbursement, a repayment reversed) takes it, so a
        disbursement's check reads the figures of the steps before it."""
        self.ensure_one()
        province = self.company_id.sudo().province_id
        self.env["rehab.capital.allocation"].flush_model(["province_id"])
        self.env.cr.execute(
            SQL(
                "SELECT min(id) FROM rehab_capital_allocation WHERE province_id = %s",
                province.id,
            )
        )
        first = self.env.cr.fetchone()[0]
        locks.lock_rows(
            self.env.cr, "rehab_capital_allocation", [first] if first else []
        )
        return province

    def _check_capital(self, amount):
        """A disbursement leaves the province's capital available at zero or more.

        The figure is the capital position's own (capital entrusted less the
        outstanding principal). Two disbursements at once cannot both take the
        last of it: each locks the province's capital, its first allocation
        (allocations are never changed or deleted), and nothing else; the second
        waits for the first and runs again on its figures (tools/locks.py).
        Without any allocation nothing is available, and nothing is locked.
        The position's search flushes what it reads (its ``_depends``).
        """
        self.ensure_one()
        province = self._lock_capital()
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
                    available=self._rehab_format_amount(max(available, 0)),
                    amount=self._rehab_format_amount(amount),
                )
            )

    def _disburse(self, day, amount, place=False):
        """Pay out a tranche of the approved amount; returns the disbursement."""
        loan = self._workflow_start("disburse")
        loan.ensure_one()
        if amount <= 0:
            raise UserError(_("The amount disbursed must be positive."))
        first = loan.disbursement_ids.sorted("date")[:1].date or day
        check_entry_date(
            self.env,
            day,
            _("A disbursement"),
            max(first, loan.decision_date),
            _("the decision or the first tranche"),
            before=_(
                "A tranche cannot be dated before the decision or the first tranche."
            ),
        )
        if loan.disbursed_amount + amount > loan.amount_approved:
            raise UserError(_("The disbursements would exceed the approved amount."))
        if loan.repayment_ids:
            raise UserError(_("A loan already in repayment takes no new tranche."))
        loan._check_capital(amount)
        if not loan.disbursement_ids:
            loan._align_to_session(day)
        disbursement = loan.env["rehab.loan.disbursement"].create(
            {"loan_id": loan.id, "date": day, "amount": amount, "place": place}
        )
        loan._build_schedule(first)
        full = loan.disbursed_amount >= loan.amount_approved
        loan._workflow_finish("disburse_all" if full else "disburse")
        return disbursement.with_env(self.env)

    def _latest_entry_date(self):
        """The date of the last repayment standing or risk handling."""
        self.ensure_one()
        dates = self.repayment_ids.filtered(lambda r: not r.is_reversed).mapped(
            "date"
        ) + self.risk_ids.mapped("date")
        return max(dates) if dates else False

    def _check_entry_day(self, day, entry, **refusals):
        """An entry of the ledger (``entry`` names it: «A repayment») is dated
        by today at the latest (check_entry_date, with its ``refusals``), not
        before the first disbursement, and not before the ledger's last entry:
        the ledger goes forward."""
        self.ensure_one()
        check_entry_date(
            self.env,
            day,
            entry,
            self.disbursement_ids.sorted("date")[:1].date,
            _("the disbursement"),
            **refusals,
        )
        latest = self._latest_entry_date()
        if latest and day < latest:
            raise UserError(
                _(
                    "The ledger of the loan goes forward: %(entry)s cannot be dated "
                    "before its last entry (%(day)s).",
                    entry=entry[:1].lower() + entry[1:],
                    day=self._rehab_format_date(latest),
                )
            )

    def _accrue_overdue(self, day):
        """Accrue overdue interest up to ``day`` on these loans, but for a
        frozen debt: one read and one write for all of them."""
        self.filtered(
            lambda loan: loan.risk_action != "freeze"
        ).installment_ids.filtered(
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
        """Post a repayment, shared over the instalments oldest first
        (loan_rules.allocate); returns the repayment posted."""
        self.ensure_one()
        return self._repay_each(day, [amount])

    def _repay_each(self, day, amounts):
        """Post on each of these loans a repayment of its amount in
        ``amounts`` (in the loans' order), dated ``day``; returns the
        repayments, in the same order.

        Each is checked, shared and booked as if posted alone; the steps
        that read or write every loan's figures (the lock of the step, the
        overdue interest accrued to the day, the repayments' creation, the
        figures that move with the date) are done once for all of them: a
        group's collection sheet posts sixty loans in about the queries of a
        few.
        """
        loans = self._workflow_start("repay")
        if len(loans) != len(amounts) or len(set(loans.ids)) != len(loans):
            raise UserError(_("One amount is posted for each loan."))
        # All or nothing, whoever calls: a loan refusing its payment undoes
        # the bookings of the loans before it.
        with self.env.cr.savepoint():
            repayments = loans._book_repayments(day, amounts)
        return repayments.with_env(self.env)

    def _book_repayments(self, day, amounts):
        """Check, share and book the repayments of _repay_each on these
        loans (in sudo, the step started); returns them."""
        loans = self
        for loan, amount in zip(loans, amounts, strict=True):
            loan._check_repayment(day, amount)
        loans._accrue_overdue(day)
        vals_list = []
        for loan, amount in zip(loans, amounts, strict=True):
            # The collection sheet's figures and the booking: one rule.
            allocations, left = loan_rules.allocate(int(amount), loan._owed_on(day))
            if left:
                raise UserError(
                    _(
                        "The payment on loan %(loan)s is %(amount)s đồng more "
                        "than the loan owes.",
                        loan=loan.name,
                        amount=self._rehab_format_amount(left),
                    )
                )
            allocation_vals = loan._book_allocations(allocations)
            vals_list.append(
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
                            dict(
                                values,
                                installment_id=line.id,
                                loan_id=loan.id,
                                date=day,
                            ),
                        )
                        for line, values in allocation_vals.items()
                    ],
                }
            )
        repayments = loans.env["rehab.loan.repayment"].create(vals_list)
        loans._close_if_paid()
        loans._refresh_delinquency()
        return repayments

    def _check_repayment(self, day, amount):
        """A repayment is positive, dated from the disbursement to today, and
        not before the ledger's last entry."""
        if amount <= 0:
            raise UserError(_("The amount repaid must be positive."))
        self._check_entry_day(day, _("A repayment"))

    def _book_allocations(self, allocations):
        """Pay the instalments what ``allocations`` give them, oldest first.

        Returns {instalment: what the repayment paid on it}, the interest
        its prepayment made not owed included (interest_waived).
        """
        lines = self.installment_ids.sorted("sequence")
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
        waived = self._waive_after_prepayment()
        allocation_vals = {line: taken for line, taken in taken_lines}
        for line, amount_waived in waived.items():
            allocation_vals.setdefault(
                line,
                {"overdue_interest": 0, "interest": 0, "principal": 0},
            )["interest_waived"] = amount_waived
        return allocation_vals

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
