# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The checks of a person's values: citizen IDs, texts, dates, amounts."""

from odoo import _, api, models
from odoo.exceptions import ValidationError

from ..tools import rehab_rules
from ..tools.privacy import mask_citizen_id
from .rehab_person import TEXT_FIELDS


class RehabPerson(models.Model):
    _inherit = "rehab.person"

    # Checks

    def _citizen_id_messages(self):
        return {
            "not_digits": _("The citizen ID must contain digits only."),
            "length": _("The citizen ID must be 12 digits long."),
            "province": _(
                "The first three digits of the citizen ID are not a province code."
            ),
            "century": _(
                "The fourth digit of the citizen ID does not match the century of "
                "the date of birth."
            ),
            "gender": _(
                "The fourth digit of the citizen ID does not match the gender."
            ),
            "birth_year": _(
                "The fifth and sixth digits of the citizen ID do not match the year "
                "of birth."
            ),
        }

    def _citizen_id_error(self, fname, cid, name, errors):
        """The message for the reason codes ``errors`` of a citizen ID; the
        ID masked (the server logs the message)."""
        cid = mask_citizen_id(cid)
        messages = self._citizen_id_messages()
        text = " ".join(messages[e] for e in errors)
        if fname == "household_rep_citizen_id":
            return _(
                "Representative's citizen ID %(cid)s of %(name)s: %(errors)s",
                cid=cid,
                name=name,
                errors=text,
            )
        return _(
            "Citizen ID %(cid)s of %(name)s: %(errors)s",
            cid=cid,
            name=name,
            errors=text,
        )

    @api.model
    def _check_representative_citizen_id(self, cid, name):
        """The household representative's ID, of a person or of a loan."""
        errors = cid and rehab_rules.citizen_id_errors(cid)
        if errors:
            raise ValidationError(
                self._citizen_id_error("household_rep_citizen_id", cid, name, errors)
            )

    @api.constrains("household_rep_citizen_id")
    def _check_household_rep_citizen_id(self):
        for person in self.sudo():
            self._check_representative_citizen_id(
                person.household_rep_citizen_id, person.name
            )

    @api.constrains(*TEXT_FIELDS)
    def _check_texts(self):
        limit = rehab_rules.MAX_TEXT_LENGTH
        for person in self.sudo():
            if not (person.name or "").strip():
                raise ValidationError(_("The full name cannot be blank."))
            for fname in TEXT_FIELDS:
                if len(person[fname] or "") > limit:
                    raise ValidationError(
                        _(
                            "%(field)s of %(name)s is longer than %(max)s characters.",
                            field=self._fields[fname]._description_string(self.env),
                            name=person.name,
                            max=limit,
                        )
                    )

    @api.constrains("citizen_id", "birth_date", "gender")
    def _check_citizen_id(self):
        # Through sudo: a role that reads the ID masked may change a birth date.
        for person in self.sudo():
            errors = rehab_rules.citizen_id_errors(
                person.citizen_id, person.birth_date, person.gender
            )
            if errors:
                raise ValidationError(
                    self._citizen_id_error(
                        "citizen_id", person.citizen_id, person.name, errors
                    )
                )

    def _check_citizen_id_unique(self, citizen_ids):
        """A clear message, which names the other record only to who may see it.

        Called before the records are written, so that the user reads this
        rather than the database's unique constraint.
        """
        citizen_ids = [c for c in citizen_ids if c]
        if len(citizen_ids) != len(set(citizen_ids)):
            raise ValidationError(
                _("The same citizen ID is given to two people at once.")
            )
        if not citizen_ids:
            return
        clash = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [("citizen_id", "in", citizen_ids), ("id", "not in", self.ids)],
                limit=1,
            )
        )
        if not clash:
            return
        visible = clash.with_env(self.env).with_context(active_test=False)
        visible = visible._filtered_access("read")
        if visible:
            raise ValidationError(
                _(
                    "The citizen ID %(cid)s is already registered for "
                    "%(name)s in %(commune)s.",
                    cid=mask_citizen_id(clash.citizen_id),
                    name=visible.name,
                    commune=visible.sudo().company_id.name,
                )
            )
        raise ValidationError(
            _(
                "The citizen ID %(cid)s is already registered in the programme. "
                "If the person has moved to your commune, ask the province "
                "police to transfer the record.",
                cid=mask_citizen_id(clash.citizen_id),
            )
        )

    @api.constrains("birth_date", "completion_date", "decision_date", "informed_date")
    def _check_dates(self):
        today = self._rehab_today()
        for person in self.sudo():
            if person.birth_date and person.birth_date > today:
                raise ValidationError(
                    _("The date of birth of %s is in the future.", person.name)
                )
            earliest = rehab_rules.EARLIEST_BIRTH_DATE
            if person.birth_date and person.birth_date < earliest:
                raise ValidationError(
                    _(
                        "The date of birth of %(name)s is before %(year)s.",
                        name=person.name,
                        year=earliest.year,
                    )
                )
            for day, label in (
                (person.completion_date, _("rehab completion")),
                (person.decision_date, _("management decision")),
                (person.informed_date, _("information on the policy")),
            ):
                if day and person.birth_date and day < person.birth_date:
                    raise ValidationError(
                        _(
                            "The date of %(what)s of %(name)s is before the date "
                            "of birth.",
                            what=label,
                            name=person.name,
                        )
                    )
                if day and day > today:
                    raise ValidationError(
                        _(
                            "The date of %(what)s of %(name)s is in the future.",
                            what=label,
                            name=person.name,
                        )
                    )

    @api.constrains("training_start", "training_end")
    def _check_training_dates(self):
        for person in self:
            if (
                person.training_start
                and person.training_end
                and person.training_end < person.training_start
            ):
                raise ValidationError(
                    _("The course of %s ends before it starts.", person.name)
                )

    @api.constrains("amount_needed")
    def _check_amount_needed(self):
        for person in self:
            if person.amount_needed < 0:
                raise ValidationError(
                    _("The amount needed by %s cannot be negative.", person.name)
                )
