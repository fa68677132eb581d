# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Erasure of a person's sensitive data after the retention period
(see rehab_person_archiving).

Kept: the name, the citizen ID, the date of birth, the gender, the commune
and the village. The citizen ID is the registry's one key (required, unique):
it keeps the same person from being registered twice, and the loans and
confirmed monthly lists that name the person lead back to this one record.
The confirmed lines and slips print from their own snapshot (name, ID,
address as confirmed) and a loan keeps its own household representative, who
signed it: those documents stay printable as they were signed.
"""

from dateutil.relativedelta import relativedelta

from odoo import _, api, models

from ..tools import rehab_rules
from ..tools.batching import PROVINCE_PATH, batch_records
from ..tools.rehab_rules import CITIZEN_ID_FIELDS

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

    @api.model
    def _eligibility_state_of(self, values, today, params, reason_text=None):
        """An erased person has no history to judge: not eligible, for that
        reason, whatever the date (the daily refresh leaves them as they
        are)."""
        if not values.get("erased"):
            return super()._eligibility_state_of(values, today, params, reason_text)
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

    # -- erasure ---------------------------------------------------------------

    @api.model
    def _date_undated_archives(self, today):
        """Archived before the day of archiving was kept: the period starts
        ``today``."""
        undated = (
            self.sudo()
            .with_context(active_test=False)
            .search([("active", "=", False), ("archived_date", "=", False)])
        )
        if undated:
            undated.write({"archived_date": today})

    @api.model
    def _erasable_domain(self, day):
        """The people archived longer than the retention period on ``day``
        (a national rule: the version in force that day)."""
        params = rehab_rules.params_from_env(self.env, day=day)
        cutoff = day - relativedelta(years=params["retention_years"])
        return [
            ("active", "=", False),
            "|",
            ("erased_date", "=", False),
            # Restored after an erasure and archived again since.
            ("erased_date", "<", cutoff),
            ("archived_date", "<=", cutoff),
        ]

    def _job_retention_erase(self, day, province_id, first_id, last_id):
        """One batch of the people whose sensitive data are erased on ``day``.
        Returns nothing: the job's result, kept in the queue, names nobody."""
        params = rehab_rules.params_from_env(self.env, day=day)
        batch = batch_records(
            self.sudo().with_context(active_test=False),
            self._erasable_domain(day),
            PROVINCE_PATH,
            (province_id, first_id, last_id),
        )
        due = batch.filtered(
            lambda person: (
                not person.erased_date or person.erased_date < person.archived_date
            )
        )
        # A closed loan reopened (a repayment reversed) binds them again.
        done = due - due._retention_bound()
        if done:
            done._erase_sensitive_data(day, params["retention_years"])

    def _erase_sensitive_data(self, today, retention_years):
        """Erase these archived people's sensitive data and their copies in
        the audit trail and the chatter; one entry of erasure each.

        Server-side only, as superuser: the audit trail and the entries of
        erasure are closed to every user. A fixed number of queries per
        batch, whatever the number of people.
        """
        people = self.sudo().with_context(active_test=False, bin_size=True)
        now = rehab_rules.agency_now()
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
