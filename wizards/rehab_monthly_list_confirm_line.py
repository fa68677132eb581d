# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError


class RehabMonthlyListConfirmLine(models.TransientModel):
    _name = "rehab.monthly.list.confirm.line"
    _inherit = ["rehab.base.mixin"]
    _description = "Person in the confirmation of a monthly list"

    wizard_id = fields.Many2one(
        "rehab.monthly.list.confirm", required=True, ondelete="cascade"
    )
    list_line_id = fields.Many2one("rehab.monthly.list.line", required=True)
    person_name = fields.Char(related="list_line_id.person_name", related_sudo=False)
    citizen_id = fields.Char(related="list_line_id.citizen_id", related_sudo=False)
    village = fields.Char(related="list_line_id.village", related_sudo=False)
    purpose = fields.Selection(related="list_line_id.purpose", related_sudo=False)
    include = fields.Boolean(string="Confirm", default=True)
    exclusion_reason = fields.Char(string="Why left out")

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # Only the lines of the wizard's own list, which the caller reads.
        lines.list_line_id.check_access("read")
        if any(line.list_line_id.list_id != line.wizard_id.list_id for line in lines):
            raise UserError(_("A line of another list cannot be confirmed here."))
        return lines
