# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RehabSavingsGroupMember(models.Model):
    _name = "rehab.savings.group.member"
    _inherit = ["rehab.base.mixin"]
    _description = "Member of a savings-and-loan group"
    _order = "group_id, name"

    group_id = fields.Many2one(
        "rehab.savings.group", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="group_id.company_id", store=True)
    name = fields.Char(required=True)
    village = fields.Char()
    joined_date = fields.Date()
