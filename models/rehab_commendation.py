# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RehabCommendation(models.Model):
    _name = "rehab.commendation"
    _description = "Commendation of a group or a person"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char(string="Commended", required=True, tracking=True)
    kind = fields.Selection(
        [("group", "Group"), ("person", "Person")], required=True, default="group"
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    company_id = fields.Many2one(
        "res.company",
        string="Proposing agency",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    province_id = fields.Many2one(
        related="company_id.province_id", store=True, index=True
    )
    reason = fields.Text(string="Achievements", required=True)
    decision_number = fields.Char()
    state = fields.Selection(
        [("proposed", "Proposed"), ("granted", "Granted")],
        default="proposed",
        required=True,
        tracking=True,
    )
