# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    rehab_savings_group_ids = fields.Many2many(
        "rehab.savings.group",
        "rehab_savings_group_officer_rel",
        "user_id",
        "group_id",
        string="Savings-and-loan groups served",
    )
