# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The to-dos of the declared workflow (see ``rehab_workflow_mixin.py``)."""

from odoo import api, models

from .rehab_workflow_mixin import STEP_ACTIVITY


class RehabWorkflowMixin(models.AbstractModel):
    _inherit = "rehab.workflow.mixin"

    # To-dos
    #
    # Like hr_leave's activity_update(): every step closes the to-dos of the
    # step that ends (activity_feedback) and opens one for the user whose step
    # comes next (activity_schedule), never twice; to-dos opened outside a
    # step (a draft to draw up, a late record to follow up) are declared by
    # ``_workflow_other_todos`` so that each open to-do can be checked to still
    # ask for something (``_workflow_stale_todos``).

    def _workflow_todo_users(self, transition):
        """The users whose step comes next: those the transition's ``todo_users``
        method returns, else its ``todo_group``'s users in the record's agency."""
        self.ensure_one()
        if transition.todo_users:
            return getattr(self, transition.todo_users)()
        return self.company_id._programme_users(transition.todo_group)

    @api.model
    def _workflow_has_todos(self):
        """Whether the model keeps to-dos (mail's activity mixin)."""
        return "activity_ids" in self._fields

    def _workflow_close_todos(self):
        """Close, as done, the open to-dos of the step that ends."""
        if self._workflow_has_todos():
            self._workflow_sudo().activity_feedback([STEP_ACTIVITY])

    def _workflow_open_todo(self, users, summary, deadline=None):
        """One to-do per user of the next step, none twice."""
        self.ensure_one()
        record = self._workflow_sudo()
        held = {
            (activity.user_id.id, activity.summary)
            for activity in record.activity_search([STEP_ACTIVITY])
        }
        for user in users:
            text = self._workflow_text(summary, user.lang)
            if (user.id, text) in held:
                continue
            held.add((user.id, text))
            record.activity_schedule(
                STEP_ACTIVITY,
                date_deadline=deadline or self._rehab_today(),
                summary=text,
                user_id=user.id,
            )

    @api.model
    def _workflow_other_todos(self):
        """The to-dos opened outside the steps: [(summary, states it asks in)]."""
        return []

    @api.model
    def _workflow_todo_states(self):
        """[(summary, states)]: the states in which each to-do asks for something."""
        return [
            (transition.todo, (transition.target,))
            for transition in self._workflow.values()
            if transition.todo and transition.target
        ] + self._workflow_other_todos()

    def _workflow_stale_todos(self):
        """The open to-dos of the records that no longer ask for anything.

        A to-do is stale when its record is not in a state its summary asks
        for (read in the language of its user, as it was written).
        """
        states = self._workflow_todo_states()
        activities = self._workflow_sudo().activity_search([STEP_ACTIVITY])
        records = self.sudo().browse(activities.mapped("res_id"))
        state_of = {record.id: record[self._workflow_state_field] for record in records}
        stale = activities.browse()
        for activity in activities:
            lang = activity.user_id.lang
            asked = set()
            for summary, in_states in states:
                if self._workflow_text(summary, lang) == activity.summary:
                    asked.update(in_states)
            if state_of[activity.res_id] not in asked:
                stale |= activity
        return stale
