# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RehabLoanExtend(models.TransientModel):
    _name = "rehab.loan.extend"
    _inherit = ["rehab.base.mixin"]
    _description = "Extend the debt of a loan"

    loan_id = fields.Many2one("rehab.loan", required=True, readonly=True)
    installment_ids = fields.Many2many(
        "rehab.loan.installment",
        string="Instalments",
        domain="[('loan_id', '=', loan_id), ('is_paid', '=', False)]",
    )
    months = fields.Integer(string="Extend by (months)", required=True, default=6)
    reason = fields.Text(required=True)

    def action_extend(self):
        self.ensure_one()
        self.loan_id._extend(self.installment_ids, self.months, self.reason)
        return {"type": "ir.actions.act_window_close"}
