# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

PERIODS = [
    ("q1", "First quarter"),
    ("half", "Six months"),
    ("q3", "Nine months (third quarter)"),
    ("year", "Year"),
]
PERIOD_END_MONTH = {"q1": 3, "half": 6, "q3": 9, "year": 12}


class RehabPlanDeadline(models.Model):
    _name = "rehab.plan.deadline"
    _inherit = ["rehab.base.mixin"]
    _description = "Reporting deadline of a plan"
    _order = "plan_id, due_month, due_day"

    plan_id = fields.Many2one(
        "rehab.plan", required=True, index=True, ondelete="cascade"
    )
    name = fields.Char(required=True)
    period = fields.Selection(PERIODS, required=True)
    due_month = fields.Integer(required=True)
    due_day = fields.Integer(required=True)
    lead_days = fields.Integer(
        string="Reminder (days ahead)",
        default=10,
        help="The report record and its activity are made this many days ahead.",
    )

    @api.constrains("due_month", "due_day", "lead_days")
    def _check_date(self):
        for deadline in self:
            try:
                date(2026, deadline.due_month, deadline.due_day)
            except ValueError as error:
                raise ValidationError(
                    _("%s is not a day of the year.", deadline.name)
                ) from error
            if not 0 <= deadline.lead_days <= 60:
                raise ValidationError(_("The reminder is between 0 and 60 days ahead."))

    def _due_in(self, year):
        self.ensure_one()
        return date(year, self.due_month, self.due_day)

    def _period_of(self, due):
        """(start, end) of the period a report due on ``due`` covers.

        Reports are cumulative from the 1st of January. A deadline early in the
        year (an annual report due in January) covers the year before.
        """
        self.ensure_one()
        end_month = PERIOD_END_MONTH[self.period]
        year = due.year
        end = date(year, end_month, 1) + timedelta(days=32)
        end = end.replace(day=1) - timedelta(days=1)
        if (end - due).days > 62:
            year -= 1
            end = end.replace(year=year)
        return date(year, 1, 1), end
