# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RehabLoanRepayment(models.Model):
    _name = "rehab.loan.repayment"
    _description = "Repayment of a loan"
    _inherit = "rehab.loan.event"

    amount = fields.Monetary(required=True)
    overdue_interest = fields.Monetary(string="To overdue interest")
    interest = fields.Monetary(string="To interest")
    principal = fields.Monetary(string="To principal")
    user_id = fields.Many2one(string="Posted by")
