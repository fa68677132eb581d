# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError


class RehabMonthlyListReturn(models.TransientModel):
    _name = "rehab.monthly.list.return"
    _description = "Return a monthly list to the commune police"

    list_id = fields.Many2one("rehab.monthly.list", required=True, readonly=True)
    reason = fields.Text(required=True)

    def action_return(self):
        self.ensure_one()
        if not self.env.user.has_group("post_rehab_credit.group_commune_chairman"):
            raise AccessError(_("Only the commune chairman returns a monthly list."))
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(_("Give the reason for returning the list."))
        record = self.list_id
        if record.state not in ("submitted", "confirmed", "sent"):
            raise UserError(
                _("Only a list the bank has not received yet can be returned.")
            )
        slips = (
            self.env["rehab.referral.slip"].sudo().search([("list_id", "=", record.id)])
        )
        if slips.filtered(lambda s: s.state == "used"):
            raise UserError(_("A slip of this list is already used for a loan."))
        # The slips of a returned list no longer stand.
        slips.filtered(lambda s: s.state == "valid")._revoke(
            _("The list was returned: %s", reason)
        )
        transition = record.with_context(rehab_list_transition=True)
        transition.line_ids.write({"excluded": False, "exclusion_reason": False})
        transition.write({"state": "returned", "return_reason": reason})
        record.message_post(body=_("List returned: %s", reason))
        record.activity_feedback(["mail.mail_activity_data_todo"])
        record._schedule_for_group(
            "post_rehab_credit.group_commune_police",
            _("Correct and submit the returned list"),
        )
        return {"type": "ir.actions.act_window_close"}
