# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RehabLoanExtension(models.Model):
    _name = "rehab.loan.extension"
    _description = "Debt extension of a loan"
    _inherit = ["rehab.loan.event", "rehab.base.mixin"]
    _order = "date desc, id desc"

    months = fields.Integer(string="Extended by (months)", required=True)
    reason = fields.Text(required=True)
    detail = fields.Text(string="Instalments moved", readonly=True)
    user_id = fields.Many2one(string="Decided by")
