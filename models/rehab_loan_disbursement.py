# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RehabLoanDisbursement(models.Model):
    _name = "rehab.loan.disbursement"
    _description = "Disbursement of a loan"
    _inherit = ["rehab.loan.event", "rehab.base.mixin"]

    amount = fields.Monetary(required=True)
    place = fields.Char(string="Transaction point")
    user_id = fields.Many2one(string="Disbursed by")
