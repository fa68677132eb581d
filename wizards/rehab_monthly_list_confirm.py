# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import plaintext2html


class RehabMonthlyListConfirm(models.TransientModel):
    _name = "rehab.monthly.list.confirm"
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
        return values

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group("post_rehab_credit.group_commune_chairman"):
            raise AccessError(_("Only the commune chairman confirms a monthly list."))
        record = self.list_id
        if record.state != "submitted":
            raise UserError(_("Only a submitted list can be confirmed."))
        missing = self.line_ids.filtered(
            lambda w: not w.include and not (w.exclusion_reason or "").strip()
        )
        if missing:
            raise UserError(
                _(
                    "Give the reason for leaving out: %s",
                    ", ".join(missing.mapped("person_name")),
                )
            )
        if not self.line_ids.filtered("include"):
            raise UserError(_("A confirmed list keeps at least one person."))
        transition = record.with_context(rehab_list_transition=True)
        lines = transition.line_ids
        # Freeze every line as the person is now.
        lines._snapshot()
        for wizard_line in self.line_ids.filtered(lambda w: not w.include):
            wizard_line.list_line_id.with_context(rehab_list_transition=True).write(
                {
                    "excluded": True,
                    "exclusion_reason": wizard_line.exclusion_reason.strip(),
                }
            )
        transition.write(
            {
                "state": "confirmed",
                "confirmed_by_id": self.env.uid,
                "confirmed_date": fields.Datetime.now(),
                "return_reason": False,
            }
        )
        left_out = self.line_ids.filtered(lambda w: not w.include)
        body = _(
            "List confirmed by %(user)s: %(count)s people confirmed, %(out)s left out.",
            user=self.env.user.name,
            count=len(self.line_ids) - len(left_out),
            out=len(left_out),
        )
        if self.note:
            body += "\n" + self.note
        record.message_post(body=plaintext2html(body))
        record.activity_feedback(["mail.mail_activity_data_todo"])
        record._schedule_for_group(
            "post_rehab_credit.group_commune_police",
            _("Send the confirmed list to the bank"),
        )
        return {"type": "ir.actions.act_window_close"}
