# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class RehabPublicHoliday(models.Model):
    """A public holiday: not a working day for the bank's decision clock.

    One national list (Vietnam's public holidays, Tết included, and the days
    off the government moves), kept by the programme administrator each year.
    Saturdays and Sundays are never working days and need no entry.
    """

    _name = "rehab.public.holiday"
    _inherit = ["rehab.base.mixin"]
    _description = "Public holiday"
    _order = "date desc"

    date = fields.Date(required=True, index=True)
    name = fields.Char(string="Holiday", required=True)

    _sql_constraints = [
        ("date_uniq", "unique(date)", "This day is already a public holiday."),
    ]

    @api.model
    def _between(self, start, end):
        """The public holidays from ``start`` to ``end`` (dates), as a set."""
        if not start:
            return set()
        holidays = self.sudo().search_read(
            [("date", ">=", start), ("date", "<=", end)], ["date"]
        )
        return {row["date"] for row in holidays}

    @api.model_create_multi
    def create(self, vals_list):
        holidays = super().create(vals_list)
        self.env["rehab.loan"]._refresh_decision_due()
        return holidays

    def write(self, vals):
        result = super().write(vals)
        if "date" in vals:
            self.env["rehab.loan"]._refresh_decision_due()
        return result

    def unlink(self):
        result = super().unlink()
        self.env["rehab.loan"]._refresh_decision_due()
        return result
