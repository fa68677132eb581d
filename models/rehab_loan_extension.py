# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RehabLoanExtension(models.Model):
    _name = "rehab.loan.extension"
    _description = "Debt extension of a loan"
    _order = "date desc, id desc"

    loan_id = fields.Many2one(
        "rehab.loan", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="loan_id.company_id", store=True, index=True)
    date = fields.Date(required=True)
    months = fields.Integer(string="Extended by (months)", required=True)
    reason = fields.Text(required=True)
    detail = fields.Text(string="Instalments moved", readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Decided by", default=lambda s: s.env.user
    )
