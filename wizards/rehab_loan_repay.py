# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError


class RehabLoanRepay(models.TransientModel):
    _name = "rehab.loan.repay"
    _description = "Post a repayment"

    loan_id = fields.Many2one("rehab.loan", required=True, readonly=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    currency_id = fields.Many2one(related="loan_id.currency_id")
    amount = fields.Monetary(required=True)

    def action_post(self):
        self.ensure_one()
        if not self.env.user.has_group("post_rehab_credit.group_vbsp_officer"):
            raise AccessError(_("Only an officer of the bank posts a repayment."))
        if self.date > fields.Date.context_today(self):
            raise UserError(_("A repayment cannot be dated in the future."))
        self.loan_id._repay(self.date, self.amount)
        return {"type": "ir.actions.act_window_close"}
