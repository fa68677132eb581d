# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.rehab_loan_risk import RISK_ACTIONS, RISK_CAUSES


class RehabLoanRiskHandle(models.TransientModel):
    _name = "rehab.loan.risk.handle"
    _description = "Handle a risk on a loan"

    loan_id = fields.Many2one("rehab.loan", required=True, readonly=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    cause = fields.Selection(RISK_CAUSES, required=True)
    action = fields.Selection(RISK_ACTIONS, required=True)
    note = fields.Text(string="Grounds (decision, records)", required=True)

    def action_apply(self):
        self.ensure_one()
        loan = self.loan_id
        if not self.env.user.has_group("post_rehab_credit.group_vbsp_officer"):
            raise AccessError(_("Only an officer of the bank handles a risk."))
        if loan.state not in ("disbursing", "repaying"):
            raise UserError(_("Only a disbursed loan has its risk handled."))
        if not (self.note or "").strip():
            raise UserError(_("Give the grounds of the risk handling."))
        if self.date > fields.Date.context_today(self):
            raise UserError(_("Risk handling cannot be dated in the future."))
        if self.date < min(loan.disbursement_ids.mapped("date")):
            raise UserError(_("Risk handling cannot be dated before the disbursement."))
        loan._accrue_overdue(self.date)
        unpaid = loan.installment_ids.filtered(lambda i: not i.is_paid)
        amount = 0
        if self.action == "write_off_interest":
            for line in unpaid:
                amount += line.interest_remaining + line.overdue_interest_remaining
                line.write(
                    {
                        "interest_waived": line.interest - line.interest_paid,
                        "overdue_interest_waived": line.overdue_interest
                        - line.overdue_interest_paid,
                    }
                )
        elif self.action == "write_off_principal":
            for line in unpaid:
                amount += line.principal_remaining
                line.principal_written_off = line.principal - line.principal_paid
                line.interest_waived = line.interest - line.interest_paid
        self.env["rehab.loan.risk"].create(
            {
                "loan_id": loan.id,
                "date": self.date,
                "cause": self.cause,
                "action": self.action,
                "amount": amount,
                "note": self.note.strip(),
            }
        )
        values = {"risk_action": self.action}
        if self.action == "write_off_principal":
            values["state"] = "closed"
        loan._transition(values)
        loan._refresh_delinquency(self.date)
        return {"type": "ir.actions.act_window_close"}
