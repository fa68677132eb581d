# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RehabLoanRepayment(models.Model):
    _name = "rehab.loan.repayment"
    _description = "Repayment of a loan"
    _order = "date, id"

    loan_id = fields.Many2one(
        "rehab.loan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="loan_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="loan_id.currency_id")
    date = fields.Date(required=True)
    amount = fields.Monetary(required=True)
    overdue_interest = fields.Monetary(string="To overdue interest")
    interest = fields.Monetary(string="To interest")
    principal = fields.Monetary(string="To principal")
    user_id = fields.Many2one(
        "res.users", string="Posted by", default=lambda s: s.env.user
    )
