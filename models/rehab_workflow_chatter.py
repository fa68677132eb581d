# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The chatter of a record with a workflow: its history of steps.

Part of the workflow mixin (models/rehab_workflow_mixin.py): nobody posts in
another's name, nor a change of state, and only one's own comments change.
"""

from odoo import _, models
from odoo.exceptions import UserError


class RehabWorkflowChatter(models.AbstractModel):
    _inherit = "rehab.workflow.mixin"

    def _workflow_check_author(self, kwargs, tracking=False):
        """In the user's own name; tracking only from mail's tracking itself."""
        if self.env.su:
            return
        author = kwargs.get("author_id")
        if (author and author != self.env.user.partner_id.id) or kwargs.get(
            "author_guest_id"
        ):
            raise UserError(_("A message is posted in your own name only."))
        if kwargs.get("tracking_value_ids") and not tracking:
            raise UserError(_("Changes are recorded by the steps themselves."))

    def message_post(self, **kwargs):
        """Nobody posts in another's name, nor a state change, on a programme
        record: the chatter is its history of steps."""
        self._workflow_check_author(kwargs)
        return super().message_post(**kwargs)

    def message_notify(self, **kwargs):
        self._workflow_check_author(kwargs)
        return super().message_notify(**kwargs)

    def _check_can_update_message_content(self, messages):
        """Mail edits (and empties) a message in sudo once its route let the
        caller in, the Odoo administrator included: on a programme record only
        one's own comments change, as for a direct write (models/mail_message.py).
        """
        super()._check_can_update_message_content(messages)
        if self.env.su:
            return
        if messages.filtered(lambda m: m.author_id != self.env.user.partner_id):
            raise UserError(
                _(
                    "The history of a programme record is kept as written: "
                    "only your own comments can be edited or deleted."
                )
            )

    def _message_create(self, values_list):
        """Mail's own way of writing the chatter, the only one open to users.

        The messages are created in-process (mail.message refuses them from a
        client directly, see models/mail_message.py), in the user's name.
        """
        if self.env.su:
            return super()._message_create(values_list)
        for values in values_list:
            # Reached only from mail's methods: message_post and message_notify
            # checked their arguments; tracking comes from the tracked writes.
            self._workflow_check_author(values, tracking=True)
        messages = super(RehabWorkflowChatter, self.sudo())._message_create(values_list)
        return messages.with_env(self.env)
