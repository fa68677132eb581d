# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class RehabLoanDecide(models.TransientModel):
    _name = "rehab.loan.decide"
    _description = "Decide a loan (VBSP)"

    loan_id = fields.Many2one("rehab.loan", required=True, readonly=True)
    decision = fields.Selection(
        [("approve", "Approve"), ("reject", "Reject")], required=True, default="approve"
    )
    decision_date = fields.Date(required=True, default=fields.Date.context_today)
    currency_id = fields.Many2one(related="loan_id.currency_id")
    amount = fields.Monetary(string="Amount approved")
    term_months = fields.Integer(string="Term (months)")
    grace_months = fields.Integer(string="Grace (months)")
    frequency = fields.Selection(
        [("1", "Monthly"), ("3", "Quarterly")], required=True, default="1"
    )
    note = fields.Text(string="Reason / remarks")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        loan = self.env["rehab.loan"].browse(
            values.get("loan_id") or self.env.context.get("default_loan_id")
        )
        if loan:
            values.setdefault("amount", loan.amount_requested)
            values.setdefault("term_months", loan.term_months)
            values.setdefault("grace_months", loan.grace_months)
            values.setdefault("frequency", loan.frequency)
        return values

    def action_decide(self):
        self.ensure_one()
        loan = self.loan_id
        if not self.env.user.has_group("post_rehab_credit.group_vbsp_officer"):
            raise AccessError(_("Only an officer of the bank decides a loan."))
        if loan.state != "confirmed":
            raise UserError(
                _("Only an application confirmed by the commune is decided.")
            )
        if self.decision_date > fields.Date.context_today(self):
            raise UserError(_("The decision cannot be dated in the future."))
        if self.decision == "reject":
            if not (self.note or "").strip():
                raise UserError(_("Give the reason for rejecting the loan."))
            loan._transition(
                {
                    "state": "rejected",
                    "decision_date": self.decision_date,
                    "decided_by_id": self.env.uid,
                    "decision_note": self.note,
                }
            )
        else:
            loan._check_rules(
                self.amount,
                self.term_months,
                self.grace_months,
                int(self.frequency),
                self.decision_date,
            )
            rate = self.env["rehab.interest.rate"]._rate_on(self.decision_date)
            loan._transition(
                {
                    "state": "approved",
                    "amount_approved": self.amount,
                    "term_months": self.term_months,
                    "grace_months": self.grace_months,
                    "frequency": self.frequency,
                    "interest_rate": rate.annual_rate,
                    "overdue_multiplier": rate.overdue_multiplier,
                    "decision_date": self.decision_date,
                    "decided_by_id": self.env.uid,
                    "decision_note": self.note,
                }
            )
        return {"type": "ir.actions.act_window_close"}
