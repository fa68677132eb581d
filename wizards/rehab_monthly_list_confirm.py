# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..models.rehab_access_logged_mixin import access_scope, note_access, user_request


class RehabMonthlyListConfirm(models.TransientModel):
    _name = "rehab.monthly.list.confirm"
    _inherit = ["rehab.base.mixin"]
    _description = "Confirm a monthly list (commune chairman)"

    list_id = fields.Many2one("rehab.monthly.list", required=True, readonly=True)
    line_ids = fields.One2many(
        "rehab.monthly.list.confirm.line", "wizard_id", string="People"
    )
    note = fields.Text(string="Remarks")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        record = self.env["rehab.monthly.list"].browse(
            values.get("list_id") or self.env.context.get("default_list_id")
        )
        if record and "line_ids" in fields_list:
            values["line_ids"] = [
                (0, 0, {"list_line_id": line.id, "include": True})
                for line in record.line_ids
            ]
            # The chairman sees each person's citizen ID: the access log says so.
            if user_request(self.env):
                with access_scope(self.env, "form", "default_get") as scope:
                    note_access(
                        scope,
                        "rehab.monthly.list.line",
                        record.line_ids.ids,
                        ("person_name", "citizen_id", "village", "purpose"),
                    )
        return values

    def action_confirm(self):
        self.ensure_one()
        excluded = {
            wizard_line.list_line_id: (wizard_line.exclusion_reason or "").strip()
            for wizard_line in self.line_ids.filtered(lambda w: not w.include)
        }
        self.list_id._confirm(excluded, self.note)
        return {"type": "ir.actions.act_window_close"}
