# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
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

    @api.model_create_multi
    def create(self, vals_list):
        # On a programme record, a message is made by mail's methods (posting,
        # tracking, activities), never created directly by a client.
        if not self.env.su:
            for vals in vals_list:
                model = vals.get("model")
                if model in self.env and hasattr(self.env[model], "_workflow"):
                    raise UserError(
                        _("A message is posted through the record's chatter only.")
                    )
        return super().create(vals_list)

    def write(self, vals):
        self._rehab_check_history()
        return super().write(vals)

    def unlink(self):
        self._rehab_check_history()
        return super().unlink()
