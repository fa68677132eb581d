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

Kept: the name, the citizen ID, the date of birth, the gender, the commune
and the village. The citizen ID is the registry's one key (required, unique):
it keeps the same person from being registered twice, and the loans and
confirmed monthly lists that name the person lead back to this one record.
The confirmed lines and slips print from their own snapshot (name, ID,
address as confirmed) and a loan keeps its own household representative, who
signed it: those documents stay printable as they were signed.
"""

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import rehab_rules
from ..tools.batching import iter_batches
from ..tools.rehab_rules import CITIZEN_ID_FIELDS
from ..tools.roles import POLICE, PROVINCE
from .loan import OPEN_STATES as LOAN_OPEN_STATES
from .rehab_monthly_list_line import BORROWING_STATES

# The person's fields erased after the retention period; the conduct record
# (rehab.person.conduct) is deleted with them.
ERASED_FIELDS = (
    "rehab_route",
    "rehab_facility",
    "completion_date",
    "decision_number",
    "decision_date",
    "decision_issuer",
    "phone",
    "address",
    "household_rep_name",
    "household_rep_relation",
    "household_rep_citizen_id",
    "training_confirmation",
    "training_confirmation_name",
)
# Their copies in the audit trail and the chatter's tracking values; with
# those of the citizen IDs (the person keeps the one copy needed) and of
# the fields derived from the history.
TRAIL_FIELDS = (
    ERASED_FIELDS
    + CITIZEN_ID_FIELDS
    + (
        "conduct_ids",
        "conduct",
        "window_end_date",
        "window_closing_soon",
        "eligibility_reasons",
    )
)
# A loan that still binds the person: money lent or approved (the lists'
# one definition of who borrows) or an application being decided. A closed
# or rejected loan does not.
BINDING_LOAN_STATES = tuple(BORROWING_STATES) + tuple(LOAN_OPEN_STATES)
SERVER_DATES = frozenset({"archived_date", "erased_date"})
VALUE_FIELDS = ("old_value", "new_value", "old_value_text", "new_value_text")
TRACKING_VALUE_FIELDS = {
    "%s_value_%s" % (side, kind): value
    for side in ("old", "new")
    for kind, value in (
        ("integer", 0),
        ("float", 0.0),
        ("char", False),
        ("text", False),
        ("datetime", False),
    )
}


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

    # -- the state of an erased person ----------------------------------------

    def _rehab_erased(self):
        """The people among these whose data were erased and who are still
        archived. A person restored after the erasure keeps the day of the
        erasure (the record says it happened) and is judged on the history
        the police enter again."""
        return self.filtered(lambda person: person.erased_date and not person.active)

    @api.depends("erased_date", "active")
    def _compute_conduct(self):
        erased = self._rehab_erased()
        erased.conduct = False
        return super(RehabPerson, self - erased)._compute_conduct()

    @api.depends("erased_date", "active")
    def _compute_eligibility(self):
        return super()._compute_eligibility()

    def _eligibility_state(self, today, params):
        """An erased person has no history to judge: not eligible, for that
        reason, whatever the date (the daily refresh leaves them as they
        are)."""
        if not self._rehab_erased():
            return super()._eligibility_state(today, params)
        return {
            "window_end_date": False,
            "is_eligible": False,
            "window_closing_soon": False,
            "eligibility_reasons": _(
                "The sensitive data of this person were erased after the "
                "retention period."
            ),
        }

    def _referencing_fields(self):
        return super()._referencing_fields() + [("rehab.erasure.log", "person_id")]

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
        retention period. Idempotent: a second run the same day finds nobody.
        Not callable over RPC (private) and run by the server as superuser.
        """
        today = self._rehab_today()
        self._retention_archive(today, batch_size)
        self._retention_erase(today, batch_size)

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
    def _retention_archive(self, today, batch_size=2000):
        """The window closed before today (its last day has passed)."""
        People = self.sudo()
        archived = People.browse()
        for batch in iter_batches(
            People, [("window_end_date", "<", today)], batch_size
        ):
            done = batch - batch._retention_bound()
            if not done:
                continue
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
            archived |= done
        return archived

    @api.model
    def _retention_erase(self, today, batch_size=2000):
        params = rehab_rules.params_from_env(self.env)
        cutoff = today - relativedelta(years=params["retention_years"])
        People = self.sudo().with_context(active_test=False)
        # Archived before the day of archiving was kept: the period starts now.
        undated = People.search([("active", "=", False), ("archived_date", "=", False)])
        if undated:
            undated.write({"archived_date": today})
        erased = People.browse()
        for batch in iter_batches(
            People,
            [
                ("active", "=", False),
                "|",
                ("erased_date", "=", False),
                # Restored after an erasure and archived again since.
                ("erased_date", "<", cutoff),
                ("archived_date", "<=", cutoff),
            ],
            batch_size,
        ):
            due = batch.filtered(
                lambda person: (
                    not person.erased_date or person.erased_date < person.archived_date
                )
            )
            # A closed loan reopened (a repayment reversed) binds them again.
            done = due - due._retention_bound()
            if done:
                done._erase_sensitive_data(today, params["retention_years"])
                erased |= done
        return erased

    def _erase_sensitive_data(self, today, retention_years):
        """Erase these archived people's sensitive data and their copies in
        the audit trail and the chatter; one entry of erasure each.

        Server-side only, as superuser: the audit trail and the entries of
        erasure are closed to every user. A fixed number of queries per
        batch, whatever the number of people.
        """
        people = self.sudo().with_context(active_test=False, bin_size=True)
        now = fields.Datetime.now()
        conduct = people.conduct_ids
        conduct_counts = {}
        for entry in conduct:
            conduct_counts[entry.person_id.id] = (
                conduct_counts.get(entry.person_id.id, 0) + 1
            )
        held = {
            person.id: [name for name in ERASED_FIELDS if person[name]]
            for person in people
        }
        conduct.unlink()
        people.write(dict.fromkeys(ERASED_FIELDS, False) | {"erased_date": today})
        people.flush_recordset()
        # Their copies, once the erasure's own trail is written.
        trail = self._retention_clear_trail(people)
        tracking = self._retention_clear_tracking(people)
        entries = []
        for person in people:
            names = held[person.id] + (
                ["conduct_ids"] if conduct_counts.get(person.id) else []
            )
            entries.append(
                {
                    "person_id": person.id,
                    "company_id": person.company_id.id,
                    "province_id": person.company_id.province_id.id or False,
                    "erasure_time": now,
                    "erasure_day": today,
                    "archived_date": person.archived_date,
                    "retention_years": retention_years,
                    "field_names": ", ".join(names),
                    "conduct_count": conduct_counts.get(person.id, 0),
                    "attachment_count": int("training_confirmation" in names),
                    "audit_line_count": trail.get(person.id, 0),
                    "tracking_value_count": tracking.get(person.id, 0),
                }
            )
        self.env["rehab.erasure.log"].sudo().create(entries)
        people._message_log_batch(
            bodies=dict.fromkeys(
                people.ids,
                people._retention_env()._(
                    "The sensitive data of this person (rehab history, "
                    "conduct record, contact details, household "
                    "representative) were erased after the retention period; "
                    "their copies in the audit trail too."
                ),
            )
        )

    @api.model
    def _retention_clear_trail(self, people):
        """Clear the values of the audit trail lines of ``people`` on the
        erased fields: {person id: lines cleared}."""
        lines = (
            self.env["auditlog.log.line"]
            .sudo()
            .search(
                [
                    ("log_id.model_model", "=", self._name),
                    ("log_id.res_id", "in", people.ids),
                    ("field_name", "in", TRAIL_FIELDS),
                ]
            )
        )
        counts = {}
        for line in lines:
            counts[line.log_id.res_id] = counts.get(line.log_id.res_id, 0) + 1
        if lines:
            lines.write(dict.fromkeys(VALUE_FIELDS, False))
        return counts

    @api.model
    def _retention_clear_tracking(self, people):
        """Clear the tracked values of the erased fields in ``people``'s
        chatter: {person id: values cleared}."""
        values = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", self._name),
                    ("mail_message_id.res_id", "in", people.ids),
                    ("field_id.model", "=", self._name),
                    ("field_id.name", "in", TRAIL_FIELDS),
                ]
            )
        )
        counts = {}
        for value in values:
            res_id = value.mail_message_id.res_id
            counts[res_id] = counts.get(res_id, 0) + 1
        if values:
            values.write(TRACKING_VALUE_FIELDS)
        return counts
