# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class RehabPlanTask(models.Model):
    _name = "rehab.plan.task"
    _description = "Task of an implementation plan"
    _order = "plan_id, sequence, id"

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
        default="todo",
    )

    @api.constrains("timing", "deadline")
    def _check_deadline(self):
        for task in self:
            if task.timing == "date" and not task.deadline:
                raise ValidationError(_("A task due by a date needs its due date."))
