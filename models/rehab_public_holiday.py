# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from bisect import bisect_right
from datetime import datetime, time, timedelta

from pytz import timezone, utc

from odoo import _, api, fields, models
from odoo.exceptions import UserError

PROGRAMME_CALENDAR = "post_rehab_credit.resource_calendar_programme"


class RehabPublicHoliday(models.Model):
    """A public holiday: not a working day for the bank's decision clock.

    One national list (Vietnam's public holidays, Tết included, and the days
    off the government moves), kept by the programme administrator each year.
    Saturdays and Sundays are never working days and need no entry.

    The screen of the programme's calendar (``resource.calendar``, Monday to
    Friday, of no company): each holiday is a global leave of that calendar,
    made, moved and removed with it; the working days are counted by the
    calendar (``resource``), never by hand.
    """

    _name = "rehab.public.holiday"
    _inherit = ["rehab.base.mixin"]
    _description = "Public holiday"
    _order = "date desc"

    date = fields.Date(required=True, index=True)
    name = fields.Char(string="Holiday", required=True)
    leave_id = fields.Many2one(
        "resource.calendar.leaves",
        string="Day off in the programme calendar",
        readonly=True,
        copy=False,
        ondelete="set null",
    )

    _sql_constraints = [
        ("date_uniq", "unique(date)", "This day is already a public holiday."),
    ]

    # The programme calendar

    @api.model
    def _programme_calendar(self):
        return self.env.ref(PROGRAMME_CALENDAR).sudo()

    @api.model
    def _day_bounds(self, calendar, day):
        """The first and last instant of ``day`` in the calendar's time zone,
        as the naive UTC datetimes the leaves store."""
        tz = timezone(calendar.tz)
        return tuple(
            tz.localize(datetime.combine(day, moment))
            .astimezone(utc)
            .replace(tzinfo=None)
            for moment in (time.min, time.max.replace(microsecond=0))
        )

    def _leave_values(self, calendar):
        self.ensure_one()
        date_from, date_to = self._day_bounds(calendar, self.date)
        return {
            "name": self.name,
            "calendar_id": calendar.id,
            "resource_id": False,
            "time_type": "leave",
            "date_from": date_from,
            "date_to": date_to,
        }

    def _sync_leaves(self):
        """Each holiday's global leave in the programme calendar, made or
        brought to the holiday's day and name."""
        calendar = self._programme_calendar()
        Leave = self.env["resource.calendar.leaves"].sudo()
        # Only a leave of the programme calendar is ever rewritten: a holiday
        # pointing elsewhere gets a leave of its own.
        missing = self.sudo().filtered(
            lambda holiday: holiday.leave_id.calendar_id != calendar
        )
        for holiday in self.sudo() - missing:
            holiday.leave_id.sudo().write(holiday._leave_values(calendar))
        leaves = Leave.create([holiday._leave_values(calendar) for holiday in missing])
        for holiday, leave in zip(missing.sudo(), leaves, strict=True):
            holiday.leave_id = leave
        self._file_leaves(self.sudo().leave_id, calendar)

    @api.model
    def _file_leaves(self, leaves, calendar):
        """The leaves of the calendar's company (none), not of the company of
        whoever lists the holiday: ``resource`` computes a leave's company
        from its calendar or, the calendar having none, the user's company
        (a readonly computed field, recomputed whenever the calendar is
        written: set after it)."""
        leaves.flush_recordset(["company_id"])
        leaves.filtered(lambda leave: leave.company_id != calendar.company_id).write(
            {"company_id": calendar.company_id.id}
        )

    @api.model
    def _sync_calendar_leaves(self):
        """The holidays listed without their day off in the calendar (listed
        before the calendar existed): given one. Idempotent."""
        self.sudo().search([("leave_id", "=", False)])._sync_leaves()

    @api.model
    def _working_days(self, first, last):
        """The working days of the programme calendar from ``first`` to
        ``last`` (dates), in order: its attendances less its global leaves."""
        calendar = self._programme_calendar()
        tz = timezone(calendar.tz)
        intervals = calendar._work_intervals_batch(
            tz.localize(datetime.combine(first, time.min)),
            tz.localize(datetime.combine(last, time.max)),
            # The programme's own holidays only, not the leaves of no calendar
            # that the host may keep for its staff.
            domain=[("time_type", "=", "leave"), ("calendar_id", "=", calendar.id)],
        )[False]
        return sorted({start.date() for start, __, __ in intervals})

    @api.model
    def _add_working_days(self, starts, days):
        """{start: the ``days``-th working day after it} for the dates
        ``starts``, counted on the programme calendar.

        ``start`` itself never counts: a file complete on a Friday with three
        working days is due on the Wednesday after (Monday, Tuesday,
        Wednesday). One read of the calendar for all the dates; the span read
        grows until every date has its day (Tết, or a long list of holidays).
        """
        starts = {start for start in starts if start}
        if not starts:
            return {}
        if days <= 0:
            return {start: start for start in starts}
        first = min(starts) + timedelta(days=1)
        span = timedelta(days=2 * days + 14)
        while True:
            working = self._working_days(first, max(starts) + span)
            due = {}
            for start in starts:
                index = bisect_right(working, start) + days - 1
                if index < len(working):
                    due[start] = working[index]
            if len(due) == len(starts) or span.days > 3660:
                return due
            span *= 2

    # Create, write, unlink: the calendar follows

    def _refuse_leave(self, vals):
        """The day off is the server's to make: a client sending one would
        take over (rewrite, then delete) a leave of another calendar."""
        if "leave_id" in vals and not self.env.su:
            raise UserError(
                _(
                    "«%(field)s» is made by the server from the holiday's date "
                    "and name: it is never sent in.",
                    field=self._fields["leave_id"]._description_string(self.env),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._refuse_leave(vals)
        holidays = super().create(vals_list)
        holidays._sync_leaves()
        self.env["rehab.loan"]._refresh_decision_due()
        return holidays

    def write(self, vals):
        self._refuse_leave(vals)
        result = super().write(vals)
        if "date" in vals or "name" in vals:
            self._sync_leaves()
        if "date" in vals:
            self.env["rehab.loan"]._refresh_decision_due()
        return result

    def unlink(self):
        calendar = self._programme_calendar()
        leaves = self.sudo().leave_id.filtered(
            lambda leave: leave.calendar_id == calendar
        )
        result = super().unlink()
        leaves.unlink()
        self.env["rehab.loan"]._refresh_decision_due()
        return result
