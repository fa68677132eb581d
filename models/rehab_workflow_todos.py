# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The to-dos of the declared workflow (see ``rehab_workflow_mixin.py``)."""

from collections import defaultdict

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
        self._workflow_open_todos(lambda record: users, summary, deadline)

    def _workflow_open_todos(self, users_of, summary, deadline=None, quiet=False):
        """On each of these records, one to-do per user of ``users_of(record)``,
        none twice; ``deadline``: a date, or a function of the record (today
        when not given). The records' open to-dos are read in one search and
        the new ones made by mail's activity_schedule, once for each user,
        summary and deadline.

        ``quiet``: opened by a scheduled run (the month's lists, the lists
        late), as Odoo's own scheduled actions open theirs (hr_contract's
        daily expiry run): each in its user's to-dos and on the record, with
        no «assigned to you» mail each (a province officer would receive one
        for every commune late the same morning).
        """
        records = self._workflow_sudo()
        if not records:
            return
        held = {
            (activity.res_id, activity.user_id.id, activity.summary)
            for activity in records.activity_search([STEP_ACTIVITY])
        }
        today = self._rehab_today()
        # Mail's activity_schedule, once for each user, summary and deadline
        # (a province's late lists: one creation for all of them).
        todo = defaultdict(list)
        for record in records:
            day = (deadline(record) if callable(deadline) else deadline) or today
            for user in users_of(record):
                text = self._workflow_text(summary, user.lang)
                if (record.id, user.id, text) in held:
                    continue
                held.add((record.id, user.id, text))
                todo[user.id, text, day].append(record.id)
        if quiet:
            records = records.with_context(mail_activity_quick_update=True)
        for (user_id, text, day), ids in todo.items():
            records.browse(ids).activity_schedule(
                STEP_ACTIVITY, date_deadline=day, summary=text, user_id=user_id
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
