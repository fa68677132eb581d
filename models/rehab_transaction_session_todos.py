# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The to-dos of a transaction session's team."""

from odoo import api, models

from .rehab_transaction_session import PREPARE
from .rehab_workflow_mixin import STEP_ACTIVITY


class RehabTransactionSession(models.Model):
    _inherit = "rehab.transaction.session"

    @api.model
    def _workflow_other_todos(self):
        return [(PREPARE, ("planned",))]

    def write(self, vals):
        result = super().write(vals)
        if "leader_id" in vals:
            self._hand_todos_to_leader()
        return result

    def _hand_todos_to_leader(self):
        """A new team leader takes over the session's open to-dos."""
        for session in self.sudo():
            activities = session.activity_search([STEP_ACTIVITY])
            users = session._team_leader_users()
            moving = activities.filtered(lambda a, u=users: a.user_id not in u)
            for activity in moving:
                session._workflow_open_todo(
                    users, activity.summary, deadline=activity.date_deadline
                )
            moving.unlink()
