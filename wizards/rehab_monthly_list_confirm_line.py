# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RehabMonthlyListConfirmLine(models.TransientModel):
    _name = "rehab.monthly.list.confirm.line"
    _description = "Person in the confirmation of a monthly list"

    wizard_id = fields.Many2one(
        "rehab.monthly.list.confirm", required=True, ondelete="cascade"
    )
    list_line_id = fields.Many2one("rehab.monthly.list.line", required=True)
    person_name = fields.Char(related="list_line_id.person_name")
    citizen_id = fields.Char(related="list_line_id.citizen_id")
    village = fields.Char(related="list_line_id.village")
    purpose = fields.Selection(related="list_line_id.purpose")
    include = fields.Boolean(string="Confirm", default=True)
    exclusion_reason = fields.Char(string="Why left out")
