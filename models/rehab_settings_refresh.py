# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The settings that decide stored figures: refreshed when saved."""

from odoo import models

# The settings that decide stored figures (see _refresh_what_changed).
REFRESH_PERSON = {"min_age", "window_years", "closing_soon_days"}
REFRESH_ESTABLISHMENT = {"establishment_min_share"}


class RehabSettings(models.TransientModel):
    _inherit = "rehab.settings"

    def _refresh_what_changed(self, keys):
        """Recompute at once the stored figures the changed settings decide.

        The same refreshes as the daily runs, in batches and only where a value
        moves, so that the lists read the new eligibility right after the
        save: the eligibility of every person (age, window, warning), the 10 %
        condition of every establishment, and the deadline of the monthly lists
        still being drawn up.

        Returns how many people's eligibility to borrow changed, when the
        rules of eligibility changed (else None): the eligible people read
        before and after the refresh, in one query each.
        """
        count = None
        # The same jobs as the daily runs, done now in this transaction.
        inline = self.with_context(queue_job__no_delay=True)
        if keys & REFRESH_PERSON:
            Person = self.env["rehab.person"].sudo().with_context(active_test=False)
            domain = [("is_eligible", "=", True)]
            before = {row["id"] for row in Person.search_read(domain, ["id"])}
            inline.env["rehab.person"]._cron_refresh_eligibility()
            after = {row["id"] for row in Person.search_read(domain, ["id"])}
            count = len(before ^ after)
        if keys & REFRESH_ESTABLISHMENT:
            inline.env["rehab.establishment"]._cron_refresh_share()
        if "list_deadline_day" in keys:
            lists = (
                self.env["rehab.monthly.list"]
                .sudo()
                .search([("state", "in", ("draft", "returned"))])
            )
            self.env.add_to_compute(lists._fields["deadline"], lists)
            lists.flush_recordset(["deadline"])
        if "decision_working_days" in keys:
            self.env["rehab.loan"]._refresh_decision_due()
        return count
