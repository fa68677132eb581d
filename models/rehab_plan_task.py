# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

from ..tools.roles import CHAIRMAN, PROVINCE
from .rehab_workflow_mixin import Transition

_lt = LazyTranslate(__name__)
STATUSES = ("todo", "in_progress", "done")


class RehabPlanTask(models.Model):
    _name = "rehab.plan.task"
    _description = "Task of an implementation plan"
    _inherit = ["rehab.workflow.mixin", "rehab.base.mixin"]
    _order = "plan_id, sequence, id"
    # The text of a task stays editable; its status moves by these steps.
    _workflow_state_field = "status"
    _workflow_open_states = STATUSES
    _workflow_fixed_fields = frozenset({"plan_id"})
    _workflow = {
        "start": Transition(
            sources=("todo",),
            target="in_progress",
            groups=(PROVINCE, CHAIRMAN),
            label=_lt("Start"),
        ),
        "done": Transition(
            sources=("todo", "in_progress"),
            target="done",
            groups=(PROVINCE, CHAIRMAN),
            label=_lt("Done"),
        ),
        "reopen": Transition(
            sources=("done",),
            target="in_progress",
            groups=(PROVINCE, CHAIRMAN),
            label=_lt("Reopen"),
        ),
    }

    plan_id = fields.Many2one(
        "rehab.plan", required=True, index=True, ondelete="cascade"
    )
    province_id = fields.Many2one(related="plan_id.province_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Text(string="Task", required=True)
    company_id = fields.Many2one(
        "res.company", string="Assigned to", required=True, index=True
    )
    timing = fields.Selection(
        [("date", "By a date"), ("recurring", "Recurring"), ("ongoing", "Ongoing")],
        required=True,
        default="ongoing",
    )
    deadline = fields.Date(string="Due by")
    recurrence = fields.Char(help="E.g. before the 5th of every month; every June.")
    status = fields.Selection(
        [("todo", "To do"), ("in_progress", "In progress"), ("done", "Done")],
        required=True,
        readonly=True,
        default="todo",
    )

    def action_start(self):
        self._workflow_run("start")
        return True

    def action_done(self):
        self._workflow_run("done")
        return True

    def action_reopen(self):
        self._workflow_run("reopen")
        return True

    @api.constrains("timing", "deadline")
    def _check_deadline(self):
        for task in self:
            if task.timing == "date" and not task.deadline:
                raise ValidationError(_("A task due by a date needs its due date."))

    @api.constrains("company_id", "plan_id")
    def _check_assignee(self):
        """A task of a plan is assigned to an agency of the plan's province."""
        for task in self.sudo():
            if task.company_id.province_id != task.plan_id.province_id:
                raise ValidationError(
                    _(
                        "A task of the plan %(plan)s is assigned to an agency of "
                        "its province, not to %(agency)s.",
                        plan=task.plan_id.name,
                        agency=task.company_id.name,
                    )
                )
