# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Counting the cash of a collection sheet and posting the group at once."""

from odoo import _, api, models
from odoo.exceptions import UserError, ValidationError

from ..tools import rehab_rules
from .rehab_session_sheet import COUNTER, TYPISTS


class RehabSessionSheet(models.Model):
    _inherit = "rehab.session.sheet"

    # What users type: the cash, by the controller

    @api.constrains("cash_counted")
    def _check_cash_counted(self):
        for sheet in self:
            if sheet.cash_counted < 0:
                raise ValidationError(_("The cash counted cannot be negative."))

    def write(self, vals):
        counting = "cash_counted" in vals and not self.env.su
        if counting:
            for sheet in self:
                sheet._check_session_open(_("Enter the cash counted"))
            self.session_id._check_team_member(COUNTER, _("Enter the cash counted"))
        result = super().write(vals)
        if counting:
            self.sudo().write(
                {"counted_by_id": self.env.uid, "counted_at": rehab_rules.agency_now()}
            )
        return result

    def _check_session_open(self, step, states=("open",)):
        for sheet in self:
            if sheet.session_id.state not in states:
                raise UserError(
                    _(
                        "«%(step)s» is done while the session is %(states)s; the "
                        "session of %(day)s is %(state)s.",
                        step=step,
                        states=sheet.session_id._workflow_states_label(states),
                        day=self._rehab_format_date(sheet.session_date),
                        state=sheet.session_id._workflow_states_label(
                            [sheet.session_id.state]
                        ),
                    )
                )

    # Posting the group at once

    def _typed_differences(self):
        """The borrowers whose amount to post differs from what fell due."""
        self.ensure_one()
        # A loop, not a comprehension: _() finds the user's language in the
        # caller's frame (``self``), which a comprehension's frame lacks.
        differences = []
        for line in self.line_ids:
            if line.amount_total != line.due_total:
                differences.append(
                    _(
                        "%(borrower)s (%(loan)s): %(typed)s đồng instead of "
                        "%(due)s đồng due",
                        borrower=line.loan_id.borrower_name,
                        loan=line.loan_id.name,
                        typed=self._rehab_format_amount(line.amount_total),
                        due=self._rehab_format_amount(line.due_total),
                    )
                )
        return differences

    def _check_cash(self):
        """The cash counted equals the amount to post, else nothing is posted."""
        self.ensure_one()
        if not self.counted_by_id:
            raise UserError(
                _(
                    "The controller has not entered the cash counted for %s yet.",
                    self.savings_group_id.name,
                )
            )
        if self.cash_counted == self.amount_total:
            return
        differences = self._typed_differences()
        raise UserError(
            _(
                "Nothing was posted for %(group)s: the cash counted, %(cash)s đồng, "
                "differs from the %(total)s đồng typed by %(gap)s đồng.\n%(who)s",
                group=self.savings_group_id.name,
                cash=self._rehab_format_amount(self.cash_counted),
                total=self._rehab_format_amount(self.amount_total),
                gap=self._rehab_format_amount(
                    abs(self.cash_counted - self.amount_total)
                ),
                who=_("Check the amounts of: %s.", "; ".join(differences))
                if differences
                else _("Every amount typed is what fell due: count the cash again."),
            )
        )

    def action_post(self):
        """Post every borrower's payment of the group, all or nothing.

        Each loan gets one repayment of what its borrower paid at the session
        plus the group leader's receipts handed over for it, dated the
        session's day, through the loans' own step (``rehab.loan._repay_each``: the
        same allocation and ledger as a repayment posted alone, reversible by
        «Reverse a repayment»). Refused, with nothing posted, when the cash
        counted differs from the amount typed, or when any loan refuses its
        payment.
        """
        sheet = self._workflow_start("post")
        sheet.ensure_one()
        sheet._check_session_open(_("Post the group's collection"))
        self.session_id._check_team_member(TYPISTS, _("Post the group's collection"))
        sheet._check_cash()
        session = sheet.session_id
        lines = self.line_ids.filtered(lambda line: line.amount_total > 0)
        # Read what every posting reads, for all the loans at once.
        loans = lines.loan_id
        loans.mapped("installment_ids.principal_remaining")
        loans.mapped("repayment_ids.is_reversed")
        loans.mapped("risk_ids.date")
        loans.mapped("disbursement_ids.date")
        receipts = lines.sudo().receipt_ids
        with self.env.cr.savepoint():
            # One line a loan (the sheet's unique key): each line's amount is
            # its loan's repayment.
            repayments = loans._repay_each(
                session.date, [int(line.amount_total) for line in lines]
            )
            for line, repayment in zip(lines, repayments, strict=True):
                line.sudo().write({"repayment_id": repayment.id})
            if receipts:
                receipts._workflow_start("hand_over")
                receipts._workflow_finish("hand_over")
            sheet._workflow_finish(
                "post",
                {"posted_by_id": self.env.uid, "posted_at": rehab_rules.agency_now()},
            )
            sheet.message_post(
                body=_(
                    "Collection posted: %(amount)s đồng for %(count)s borrowers, "
                    "%(receipts)s đồng of it collected by the group leader.",
                    amount=self._rehab_format_amount(sheet.amount_total),
                    count=len(lines),
                    receipts=self._rehab_format_amount(sheet.receipt_total),
                )
            )
        return True

    def action_skip(self):
        """The group brought nothing: its sheet is closed without posting.

        The group leader's receipts stay held, for the next session.
        """
        sheet = self._workflow_start("skip")
        sheet._check_session_open(_("Nothing collected"))
        self.session_id._check_team_member(TYPISTS, _("Nothing collected"))
        for record in sheet:
            if record.cash_counted:
                raise UserError(
                    _(
                        "Cash was counted for %s: post the collection instead.",
                        record.savings_group_id.name,
                    )
                )
        receipts = sheet.line_ids.receipt_ids
        receipts.write({"sheet_line_id": False})
        sheet._workflow_finish("skip")
        # They wait for the next session.
        receipts._link_to_sheets()
        return True
