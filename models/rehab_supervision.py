# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RehabSupervision(models.Model):
    _name = "rehab.supervision"
    _description = "Supervision of the programme (Fatherland Front and others)"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(string="Subject", required=True, tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    company_id = fields.Many2one(
        "res.company",
        string="Supervising agency",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    province_id = fields.Many2one(
        related="company_id.province_id", store=True, index=True
    )
    supervised_ids = fields.Many2many(
        "res.company",
        "rehab_supervision_company_rel",
        "supervision_id",
        "company_id",
        string="Agencies supervised",
    )
    findings = fields.Text()
    recommendations = fields.Text()
    follow_up = fields.Text(string="Follow-up")
    state = fields.Selection(
        [("open", "Recommendations open"), ("closed", "Followed up")],
        default="open",
        required=True,
        tracking=True,
    )
