# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The steps of a monthly list: submit, confirm, return, send, receive."""

from odoo import _, models
from odoo.exceptions import UserError

from ..tools import rehab_rules
from ..tools.guards import required_reason


class RehabMonthlyList(models.Model):
    _inherit = "rehab.monthly.list"

    # Transitions

    def action_submit(self):
        records = self._workflow_start("submit")
        for record in records:
            if not record.line_ids:
                raise UserError(_("The list %s has no line to submit.", record.name))
        records._workflow_finish(
            "submit",
            {
                "submitted_by_id": self.env.uid,
                "submitted_date": rehab_rules.agency_now(),
            },
        )
        return True

    def _confirm(self, excluded, note=False):
        """The chairman confirms the list; ``excluded``: {line: reason}.

        Every line is frozen as the person is now; the lines left out keep the
        chairman's reason.
        """
        self.ensure_one()
        record = self._workflow_start("confirm")
        lines = record.line_ids
        if set(excluded) - set(lines):
            raise UserError(_("A line left out is not on this list."))
        missing = [line for line, reason in excluded.items() if not reason]
        if missing:
            raise UserError(
                _(
                    "Give the reason for leaving out %s, or tick «Confirm» for them.",
                    ", ".join(line.person_name for line in missing),
                )
            )
        if len(excluded) == len(lines):
            raise UserError(
                _(
                    "A confirmed list keeps at least one person: tick «Confirm» for "
                    "someone, or return the list to the commune police."
                )
            )
        lines._snapshot()
        for line, reason in excluded.items():
            lines.browse(line.id).write({"excluded": True, "exclusion_reason": reason})
        # The rules the chairman confirms under: in force today in the
        # commune's province.
        rule_set, __ = record._rules_applied()
        record._workflow_finish(
            "confirm",
            {
                "confirmed_by_id": self.env.uid,
                "confirmed_date": rehab_rules.agency_now(),
                "return_reason": False,
                "rule_set_id": rule_set.id,
            },
        )
        if note:
            record.write({"confirm_note": note})
        # The chatter is read by the bank too: no name left out, no reason.
        record.message_post(
            body=_(
                "List confirmed by %(user)s: %(count)s people confirmed.",
                user=self.env.user.name,
                count=len(lines) - len(excluded),
            )
        )
        return True

    def _return(self, reason):
        """The chairman returns the list to the commune police."""
        self.ensure_one()
        reason = required_reason(self.env, reason, _("returning the list"))
        record = self._workflow_start("return")
        slips = (
            self.env["rehab.referral.slip"].sudo().search([("list_id", "=", record.id)])
        )
        if slips.filtered(lambda s: s.state == "used"):
            raise UserError(
                _(
                    "A slip of this list is already used for a loan: the list cannot "
                    "be returned."
                )
            )
        # The slips of a returned list no longer stand.
        slips.filtered(lambda s: s.state == "valid")._do_revoke(
            _("The list was returned: %s", reason)
        )
        record.line_ids.write({"excluded": False, "exclusion_reason": False})
        record._workflow_finish(
            "return", {"return_reason": reason, "rule_set_id": False}
        )
        record.message_post(body=_("List returned to the commune police."))
        return True

    def action_send(self):
        records = self._workflow_start("send")
        for record in records:
            if not record.vbsp_office_id:
                raise UserError(
                    _("No VBSP transaction office serves %s.", record.company_id.name)
                )
        records._workflow_finish("send", {"sent_date": rehab_rules.agency_now()})
        return True

    def action_receive(self):
        self._workflow_run(
            "receive",
            {"received_by_id": self.env.uid, "received_date": rehab_rules.agency_now()},
        )
        return True

    def action_open_confirm_wizard(self):
        return self._workflow_open_wizard(
            "rehab.monthly.list.confirm", _("Confirm the monthly list")
        )

    def action_open_return_wizard(self):
        return self._workflow_open_wizard(
            "rehab.monthly.list.return", _("Return the monthly list")
        )

    def action_view_slips(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "post_rehab_credit.rehab_referral_slip_action"
        )
        action["domain"] = [("list_id", "=", self.id)]
        return action

    # Activities and notices

    def _office_users(self):
        """The bank officer who serves the commune at its transaction office."""
        self.ensure_one()
        return self.env["rehab.transaction.point"]._office_officers(
            self.vbsp_office_id, self.company_id
        )
