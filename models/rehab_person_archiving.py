# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Retention of a person's data (Law 91/2025/QH15: no longer than needed).

A person whose borrowing window has closed and who owes nothing under the
programme is archived by the daily run. The retention period of the settings
(``retention_years``) counts from that archiving: the day the data stopped
being needed for a loan, and the day from which an inspection of the last
loan may still ask for the file. It does not count from the window's end: a
loan may run up to ten years past it, and its file must outlive it. When the
period has passed, the same run erases the person's sensitive data and their
copies in the audit trail and the chatter, and writes an entry of erasure
(``rehab.erasure.log``).

Here: the days of archiving and of erasure, archiving and restoring, the
daily run; the erasure in rehab_person_erasure.
"""

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

from ..tools.batching import PROVINCE_PATH, batch_records, dispatch
from ..tools.roles import POLICE, PROVINCE
from .loan import OPEN_STATES as LOAN_OPEN_STATES
from .rehab_monthly_list_line import BORROWING_STATES

_lt = LazyTranslate(__name__)

# A loan that still binds the person: money lent or approved (the lists'
# one definition of who borrows) or an application being decided. A closed
# or rejected loan does not.
BINDING_LOAN_STATES = tuple(BORROWING_STATES) + tuple(LOAN_OPEN_STATES)
SERVER_DATES = frozenset({"archived_date", "erased_date"})


class RehabPerson(models.Model):
    _inherit = "rehab.person"

    archived_date = fields.Date(
        string="Archived on",
        readonly=True,
        copy=False,
        index=True,
        help="Set by the server when the person is archived; the retention "
        "period of their sensitive data counts from it.",
    )
    erased_date = fields.Date(
        string="Sensitive data erased on",
        readonly=True,
        copy=False,
        index=True,
        help="The rehab history, the conduct record and the contact details "
        "were erased on this day, after the retention period.",
    )

    # -- archiving and restoring ----------------------------------------------

    def _check_server_dates(self, names):
        if SERVER_DATES & set(names) and not self.env.su:
            raise UserError(
                _("The days of archiving and of erasure are set by the server.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_server_dates(vals)
            if "active" in vals and not vals["active"]:
                vals["archived_date"] = self._rehab_today()
        return super().create(vals_list)

    def _check_archiving_right(self):
        """Archiving starts the retention period and restoring stops it: the
        commune police, the province officer and the programme admin only
        (the server's daily run as superuser)."""
        if self.env.su:
            return
        user = self.env.user
        if not (user.has_group(POLICE) or user.has_group(PROVINCE)):
            raise UserError(
                _(
                    "Only the commune police and the province officer archive "
                    "or restore a person: archiving starts the retention "
                    "period of their data."
                )
            )

    def write(self, vals):
        self._check_server_dates(vals)
        moved = self.browse()
        if "active" in vals:
            moved = self.sudo().filtered(lambda p: p.active != bool(vals["active"]))
            if moved:
                self._check_archiving_right()
        restored = moved.filtered("erased_date") if vals.get("active") else moved[:0]
        result = super().write(vals)
        if moved:
            # Restored: the day of erasure stays (the data were erased).
            moved.sudo().write(
                {"archived_date": False}
                if vals["active"]
                else {"archived_date": self._rehab_today()}
            )
        if restored:
            # Restored with no history: not eligible until the police
            # enter it again (the unique citizen ID keeps them from
            # registering the person anew).
            restored.sudo()._message_log_batch(
                bodies=dict.fromkeys(
                    restored.ids,
                    restored._retention_env()._(
                        "The sensitive data of this person were erased after "
                        "the retention period: enter the rehab history again "
                        "before they can be listed."
                    ),
                )
            )
        return result

    def _retention_lang(self):
        installed = dict(self.env["res.lang"].get_installed())
        return "vi_VN" if "vi_VN" in installed else self.env.lang or "en_US"

    def _retention_env(self):
        """The environment of the chatter notes of the retention run: in
        Vietnamese where it is installed (the commune reads them), whatever
        the language of the run."""
        return self.with_context(lang=self._retention_lang()).env

    # -- the daily run ---------------------------------------------------------

    @api.model
    def _cron_retention(self, batch_size=2000):
        """Daily: archive the people whose window has closed and who owe
        nothing; erase the sensitive data of those archived longer than the
        retention period. One job per province and batch of people for each,
        for the agency's day of the run (tools/batching.dispatch).
        Idempotent: a second run the same day finds nobody. Not callable
        over RPC (private) and run by the server as superuser.
        """
        today = self._rehab_today()
        people = self.sudo()
        dispatch(
            people,
            "_job_retention_archive",
            today,
            records=people,
            domain=self._archivable_domain(today),
            province_path=PROVINCE_PATH,
            size=batch_size,
            label=_lt("Archiving of people"),
        )
        self._date_undated_archives(today)
        everyone = people.with_context(active_test=False)
        dispatch(
            people,
            "_job_retention_erase",
            today,
            records=everyone,
            domain=self._erasable_domain(today),
            province_path=PROVINCE_PATH,
            size=batch_size,
            label=_lt("Erasure of sensitive data"),
        )

    def _retention_bound(self):
        """The people among these who are still bound by a loan or a valid
        referral slip: two grouped reads for the batch."""
        if not self:
            return self
        bound = {
            person.id
            for [person] in self.env["rehab.loan"]
            .sudo()
            ._read_group(
                [
                    ("person_id", "in", self.ids),
                    ("state", "in", BINDING_LOAN_STATES),
                ],
                ["person_id"],
            )
        }
        bound |= {
            person.id
            for [person] in self.env["rehab.referral.slip"]
            .sudo()
            ._read_group(
                [("person_id", "in", self.ids), ("state", "=", "valid")],
                ["person_id"],
            )
        }
        return self.filtered(lambda person: person.id in bound)

    @api.model
    def _archivable_domain(self, day):
        """The window closed before ``day`` (its last day has passed)."""
        return [("window_end_date", "<", day)]

    def _job_retention_archive(self, day, province_id, first_id, last_id):
        """One batch of the people archived on ``day``. Returns nothing: the
        job's result, kept in the queue, names nobody."""
        batch = batch_records(
            self.sudo(),
            self._archivable_domain(day),
            PROVINCE_PATH,
            (province_id, first_id, last_id),
        )
        done = batch - batch._retention_bound()
        if not done:
            return
        done.write({"active": False})
        done._message_log_batch(
            bodies=dict.fromkeys(
                done.ids,
                done._retention_env()._(
                    "Archived by the daily run: the borrowing window has "
                    "closed and nothing is owed under the programme. The "
                    "sensitive data will be erased after the retention "
                    "period set by the province."
                ),
            )
        )
