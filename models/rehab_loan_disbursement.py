# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RehabLoanDisbursement(models.Model):
    _name = "rehab.loan.disbursement"
    _description = "Disbursement of a loan"
    _order = "date, id"

    loan_id = fields.Many2one(
        "rehab.loan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="loan_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="loan_id.currency_id")
    date = fields.Date(required=True)
    amount = fields.Monetary(required=True)
    place = fields.Char(string="Transaction point")
    user_id = fields.Many2one(
        "res.users", string="Disbursed by", default=lambda s: s.env.user
    )
