# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, models
from odoo.exceptions import UserError


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _rehab_check_history(self):
        """The chatter of a programme record is its history of steps.

        A user edits or deletes only a comment of their own; the messages of
        the steps, tracking and notes of others stay as they were written.
        """
        if self.env.su:
            return
        partner = self.env.user.partner_id
        for message in self.sudo():
            model = self.env.get(message.model) if message.model else None
            if model is None or not hasattr(model, "_workflow"):
                continue
            if (
                message.author_id != partner
                or message.message_type != "comment"
                or message.tracking_value_ids
            ):
                raise UserError(
                    _(
                        "The history of a programme record is kept as written: "
                        "only your own comments can be edited or deleted."
                    )
                )

    def write(self, vals):
        self._rehab_check_history()
        return super().write(vals)

    def unlink(self):
        self._rehab_check_history()
        return super().unlink()
