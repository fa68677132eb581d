# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The daily run: the month's lists drawn up, late lists followed up."""

from markupsafe import Markup

from odoo import _, api, models
from odoo.tools.translate import LazyTranslate

from ..tools import locks
from ..tools.batching import batch_records, dispatch
from ..tools.roles import POLICE
from .rehab_monthly_list import DRAW_UP, FOLLOW_UP, OPEN_STATES
from .rehab_workflow_mixin import STEP_ACTIVITY

_lt = LazyTranslate(__name__)

# The communes that draw up lists: a commune merged into another
# (res_company_merge.py) has no new list.
COMMUNES_WITH_LISTS = [("agency_type", "=", "commune"), ("merged_into_ids", "=", False)]


class RehabMonthlyList(models.Model):
    _inherit = "rehab.monthly.list"

    @api.model
    def _workflow_other_todos(self):
        return [
            (DRAW_UP, ("draft",)),
            (FOLLOW_UP, ("draft", "submitted", "returned")),
        ]

    # Scheduled action

    @api.model
    def _cron_monthly_lists(self, batch_size=200):
        """Daily: the month's draft list of every commune; late lists after the 5th.

        One job per province and batch of communes, then one job marking the
        late lists, for the agency's day of the run.
        Creates a list only where the commune has none for the month, and
        marks a list late only once, so a second run the same day does
        nothing.
        """
        communes = self.env["res.company"].sudo().with_context(active_test=False)
        dispatch(
            self.sudo(),
            "_job_monthly_lists",
            self._rehab_today(),
            records=communes,
            domain=COMMUNES_WITH_LISTS,
            province_path="province_id",
            size=batch_size,
            label=_lt("Monthly lists"),
            then=("_job_mark_late", _lt("Late monthly lists")),
        )

    def _job_monthly_lists(self, day, province_id, first_id, last_id):
        """One batch of communes: their lists of the month of ``day``."""
        communes = batch_records(
            self.env["res.company"].sudo().with_context(active_test=False),
            COMMUNES_WITH_LISTS,
            "province_id",
            (province_id, first_id, last_id),
        )
        # The same batch's job of another run at once (the cron run again
        # while this one runs, or a day's job late): it waits for this one,
        # then runs again on the lists this one made (tools/locks.py).
        locks.lock_rows(self.env.cr, "res_company", communes.ids)
        self.sudo()._create_lists(communes, day.replace(day=1))
        # Its communes' lists late on ``day`` marked here too: the job marking
        # the province's late lists may start before this one ends.
        self.sudo()._mark_late(day.replace(day=1), day, communes)

    def _job_mark_late(self, day):
        """The lists of the month of ``day`` late on ``day``."""
        self.sudo()._mark_late(day.replace(day=1), day)

    def _create_lists(self, communes, month):
        existing = self.search(
            [("company_id", "in", communes.ids), ("month_date", "=", month)]
        ).company_id
        todo = communes - existing
        if not todo:
            return self.browse()
        lists = self.create([{"company_id": c.id, "month_date": month} for c in todo])
        lists._add_eligible_lines()
        police = lists.company_id._programme_users_of_each(POLICE)
        lists._workflow_open_todos(
            lambda record: police[record.company_id.id],
            DRAW_UP,
            deadline=lambda record: record.deadline,
            quiet=True,
        )
        lists._supersede_older_drafts()
        return lists

    def _supersede_older_drafts(self):
        """The new month's list replaces the drafts of earlier months.

        A list of a past month still in draft or returned is no longer drawn
        up: its people are on the new month's list. Its to-dos (draw up,
        correct, follow up) no longer ask for anything and are removed; the
        list stays, late, in the history.
        """
        if not self:
            return
        older = self.search(
            [
                ("company_id", "in", self.company_id.ids),
                ("month_date", "<", max(self.mapped("month_date"))),
                ("state", "in", OPEN_STATES),
            ]
        )
        older = older.filtered(
            lambda o: any(
                n.company_id == o.company_id and n.month_date > o.month_date
                for n in self
            )
        )
        older._workflow_sudo().activity_unlink([STEP_ACTIVITY])

    def _mark_late(self, month, today=None, communes=None):
        """The lists of ``month`` not confirmed: late (``today``: only those
        past the deadline day of their province on that day; ``communes``:
        only theirs)."""
        domain = [
            ("month_date", "=", month),
            ("state", "in", ("draft", "submitted", "returned")),
            ("is_late", "=", False),
        ]
        if communes is not None:
            domain.append(("company_id", "in", communes.ids))
        late = self.search(domain)
        # The deadline day of each province, read once.
        deadline_days = {
            province: self._deadline_day(month, province)
            for province in late.company_id.sudo().province_id
        }
        if today:
            late = late.filtered(
                lambda record: (
                    today.day > deadline_days[record.company_id.sudo().province_id]
                )
            )
        if not late:
            return
        late.write({"is_late": True})
        # The province police of each province concerned, found once.
        provinces = late.company_id.province_id
        agencies = (
            self.env["res.company"]
            .sudo()
            .search([("province_id", "in", provinces.ids)])
        )
        officers = {
            province: agencies.filtered(
                lambda a, p=province: a.province_id == p
            )._province_police_officers()
            for province in provinces
        }
        # The users of the step in hand already have their to-do; the
        # province police get one to follow the late list up.
        late._workflow_open_todos(
            lambda record: officers[record.company_id.province_id],
            FOLLOW_UP,
            quiet=True,
        )
        # A note on each list, all logged at once.
        bodies = {}
        for record in late:
            bodies[record.id] = Markup("<p>%s</p>") % _(
                "The monthly list of %(commune)s for %(month)s was not confirmed "
                "by the %(day)s.",
                commune=record.company_id.name,
                month=self._rehab_format_date(record.month_date, "MM/yyyy"),
                day=deadline_days[record.company_id.sudo().province_id],
            )
        late._workflow_sudo()._message_log_batch(bodies, message_type="comment")
