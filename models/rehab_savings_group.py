# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

ORGANISATIONS = [
    ("women", "Women's Union"),
    ("farmers", "Farmers' Union"),
    ("veterans", "Veterans' Association"),
    ("youth", "Youth Union"),
]


class RehabSavingsGroup(models.Model):
    _name = "rehab.savings.group"
    _description = "Savings-and-loan group"
    _inherit = [
        "rehab.mail.mixin",
        "rehab.commune.mixin",
        "rehab.base.mixin",
    ]
    _order = "company_id, name"

    name = fields.Char(required=True, tracking=True)
    organisation = fields.Selection(
        ORGANISATIONS, string="Entrusted organisation", required=True, tracking=True
    )
    village = fields.Char(string="Village / residential group")
    leader_name = fields.Char(string="Group leader", tracking=True)
    leader_phone = fields.Char()
    officer_ids = fields.Many2many(
        "res.users",
        "rehab_savings_group_officer_rel",
        "group_id",
        "user_id",
        string="Officers of the organisation",
        check_company=False,
        help="Savings-group officers who record the group's reviews.",
    )
    member_ids = fields.One2many(
        "rehab.savings.group.member", "group_id", string="Members"
    )
    member_count = fields.Integer(compute="_compute_member_count", store=True)
    active = fields.Boolean(default=True)

    @api.depends("member_ids")
    def _compute_member_count(self):
        for group in self:
            group.member_count = len(group.member_ids)
