# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import sys
import unicodedata
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import rehab_rules
from ..tools.batching import refresh_stored
from ..tools.privacy import mask_citizen_id
from ..tools.rehab_rules import CITIZEN_ID_FIELDS
from ..tools.roles import CHAIRMAN, POLICE, PROVINCE

# Who may see drug-rehab history: the sensitive fields carry these groups.
SENSITIVE_GROUPS = ",".join((POLICE, CHAIRMAN, PROVINCE))
REHAB_ROUTES = [
    ("voluntary", "Voluntary rehab"),
    ("compulsory", "Compulsory rehab"),
    ("substitution", "Opioid substitution treatment"),
]
PURPOSES = [
    ("training", "Vocational training"),
    ("production", "Production and business"),
]
# Short texts: kept composed (NFC) as Vietnamese keyboards may type them
# decomposed, and at most rehab_rules.MAX_TEXT_LENGTH long.
TEXT_FIELDS = (
    "name",
    "ethnicity",
    "village",
    "address",
    "phone",
    "household_rep_name",
    "household_rep_relation",
    "rehab_facility",
    "decision_number",
    "decision_issuer",
    "training_institution",
    "training_course",
)
# The stored fields of eligibility today (see _eligibility_state).
ELIGIBILITY_FIELDS = (
    "window_end_date",
    "is_eligible",
    "window_closing_soon",
    "eligibility_reasons",
)

# What the person's file holds for a training loan: the facts the eligibility
# reads as "training confirmed" (_eligibility_values); a change may complete a
# loan file (rehab_loan._start_decision_clock).
TRAINING_FILE_FIELDS = {
    "training_institution",
    "training_course",
    "training_confirmation",
}


class RehabPerson(models.Model):
    _name = "rehab.person"
    _description = "Person after drug rehabilitation"
    _inherit = [
        "rehab.mail.mixin",
        "mail.activity.mixin",
        "rehab.commune.mixin",
        "rehab.access.logged.mixin",
        "rehab.base.mixin",
    ]
    # Read by a user: written to the access log (rehab.access.log).
    _rehab_logged_fields = (
        "citizen_id",
        "household_rep_citizen_id",
        "phone",
        "address",
        "rehab_route",
        "rehab_facility",
        "completion_date",
        "decision_number",
        "decision_date",
        "decision_issuer",
        "conduct_ids",
        "conduct",
        "window_end_date",
        "window_closing_soon",
        "eligibility_reasons",
    )
    _order = "company_id, village, name, id"

    # Identity
    name = fields.Char(string="Full name", required=True, tracking=True)
    birth_date = fields.Date(string="Date of birth", required=True, tracking=True)
    gender = fields.Selection(
        [("male", "Male"), ("female", "Female")], required=True, tracking=True
    )
    ethnicity = fields.Char(default="Kinh")
    citizen_id = fields.Char(
        string="Citizen ID",
        size=12,
        required=True,
        index=True,
        copy=False,
        # Neither tracked nor in the audit trail: the chatter, its mails and
        # the trail never carry a full citizen ID.
        help="The 12-digit citizen identity number (CCCD).",
    )
    active = fields.Boolean(default=True, tracking=True)
    # Residence
    village = fields.Char(
        string="Village / residential group", index=True, tracking=True
    )
    address = fields.Char()
    phone = fields.Char()
    household_rep_name = fields.Char(string="Household representative")
    household_rep_relation = fields.Char(string="Relation to the person")
    household_rep_citizen_id = fields.Char(
        string="Representative's citizen ID", size=12
    )
    former_soldier = fields.Boolean(
        string="Soldier or defence worker before compulsory rehab",
        help="Exchanged with the provincial military command.",
    )
    # Rehab history: sensitive.
    rehab_route = fields.Selection(
        REHAB_ROUTES, string="Rehab route", index=True, groups=SENSITIVE_GROUPS
    )
    rehab_facility = fields.Char(string="Rehab facility", groups=SENSITIVE_GROUPS)
    completion_date = fields.Date(string="Rehab completed on", groups=SENSITIVE_GROUPS)
    decision_number = fields.Char(
        string="Management decision number", groups=SENSITIVE_GROUPS
    )
    decision_date = fields.Date(
        string="Management decision date",
        groups=SENSITIVE_GROUPS,
        help="Issue date of the post-rehab management decision at the place of "
        "residence; the window for borrowing runs from it.",
    )
    decision_issuer = fields.Char(string="Decision issued by", groups=SENSITIVE_GROUPS)
    conduct_ids = fields.One2many(
        "rehab.person.conduct",
        "person_id",
        string="Conduct record",
        groups=SENSITIVE_GROUPS,
    )
    conduct = fields.Selection(
        [("good", "Good"), ("violation", "Violation"), ("relapse", "Relapse")],
        compute="_compute_conduct",
        store=True,
        groups=SENSITIVE_GROUPS,
        help="The latest entry of the conduct record; good when there is none.",
    )
    # Communication
    informed_date = fields.Date(
        string="Informed of the policy on", tracking=True, index=True
    )
    informed_channel = fields.Selection(
        [
            ("meeting", "Village meeting"),
            ("home_visit", "Home visit"),
            ("facility", "At the rehab facility"),
            ("loudspeaker", "Loudspeaker"),
            ("media", "Press, radio, online"),
            ("other", "Other"),
        ],
        string="Informed by",
    )
    # Need
    purpose = fields.Selection(PURPOSES, string="Loan purpose", tracking=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_needed = fields.Monetary(string="Amount needed", tracking=True)
    other_training_debt = fields.Boolean(
        string="Owes a training loan in another programme",
        help="Declared by the person: outstanding debt in another credit "
        "programme with the same training purpose.",
    )
    training_institution = fields.Char()
    training_course = fields.Char()
    training_start = fields.Date(string="Course start")
    training_end = fields.Date(string="Course end")
    training_confirmation = fields.Binary(
        string="Training institution's confirmation", attachment=True
    )
    training_confirmation_name = fields.Char()
    # Eligibility, kept for today by the daily refresh.
    window_end_date = fields.Date(
        string="Borrowing window closes on",
        compute="_compute_eligibility",
        store=True,
        groups=SENSITIVE_GROUPS,
    )
    is_eligible = fields.Boolean(
        string="Eligible", compute="_compute_eligibility", store=True, index=True
    )
    window_closing_soon = fields.Boolean(
        string="Window closing soon",
        compute="_compute_eligibility",
        store=True,
        groups=SENSITIVE_GROUPS,
    )
    eligibility_reasons = fields.Text(
        string="Why not eligible",
        compute="_compute_eligibility",
        store=True,
        groups=SENSITIVE_GROUPS,
    )
    age = fields.Integer(compute="_compute_age")
    list_line_ids = fields.One2many(
        "rehab.monthly.list.line", "person_id", string="Monthly lists"
    )

    _sql_constraints = [
        (
            "citizen_id_uniq",
            "unique(citizen_id)",
            "This citizen ID is already registered.",
        ),
    ]

    def _reason_messages(self):
        return {
            "under_age": _("Under %(age)s years old on that date."),
            "rehab_not_completed": _("Rehab route or its completion is not recorded."),
            "no_decision": _(
                "No post-rehab management decision issued before that date."
            ),
            "window_closed": _(
                "More than %(years)s years since the management decision."
            ),
            "relapse": _("Relapsed after the management decision."),
            "conduct": _("The latest conduct entry is not good."),
            "training_debt": _(
                "Owes a training loan in another programme (same purpose)."
            ),
            "training_confirmation": _(
                "No confirmation from the vocational training institution."
            ),
        }

    @api.depends("conduct_ids.date", "conduct_ids.kind")
    def _compute_conduct(self):
        for person in self:
            # In a form, entries not saved yet have no id to order by (and may
            # have no date yet): they come after the saved ones of their day.
            entries = person.conduct_ids.sorted(
                lambda e: (e.date or date.min, e._origin.id or sys.maxsize)
            )
            person.conduct = entries[-1:].kind or "good"

    @api.depends("birth_date")
    def _compute_age(self):
        today = self._rehab_today()
        for person in self:
            person.age = (
                relativedelta(today, person.birth_date).years
                if person.birth_date
                else 0
            )

    def _eligibility_values(self):
        """The values the rules read, for one person."""
        self.ensure_one()
        return {
            "birth_date": self.birth_date,
            "rehab_route": self.rehab_route,
            "completion_date": self.completion_date,
            "decision_date": self.decision_date,
            "conduct": [(e.date, e.kind) for e in self.conduct_ids if e.date],
            "purpose": self.purpose,
            "other_training_debt": self.other_training_debt,
            "training_confirmed": bool(
                self.training_institution
                and self.training_course
                and self.training_confirmation
            ),
        }

    def _eligibility_on(self, on_date, params=None):
        """{person id: [reason codes]} on ``on_date``; empty list: eligible."""
        params = params or rehab_rules.params_from_env(self.env)
        return {
            person.id: rehab_rules.person_ineligibility(
                person._eligibility_values(), on_date, params
            )
            for person in self.sudo()
        }

    def _reason_text(self, codes, params):
        messages = self._reason_messages()
        return "\n".join(
            messages[code] % {"age": params["min_age"], "years": params["window_years"]}
            for code in codes
        )

    @api.depends(
        "birth_date",
        "rehab_route",
        "completion_date",
        "decision_date",
        "conduct_ids.date",
        "conduct_ids.kind",
        "purpose",
        "other_training_debt",
        "training_institution",
        "training_course",
        "training_confirmation",
    )
    def _compute_eligibility(self):
        params = rehab_rules.params_from_env(self.env)
        today = self._rehab_today()
        for person in self:
            person.update(person._eligibility_state(today, params))

    def _eligibility_state(self, today, params):
        """The stored eligibility fields of one person, as of ``today``."""
        codes = rehab_rules.person_ineligibility(
            self._eligibility_values(), today, params
        )
        end = rehab_rules.window_end(self.decision_date, params["window_years"])
        soon = today + timedelta(days=params["closing_soon_days"])
        return {
            "window_end_date": end,
            "is_eligible": not codes,
            "window_closing_soon": bool(not codes and end and today <= end <= soon),
            "eligibility_reasons": self._reason_text(codes, params) or False,
        }

    def _cron_refresh_eligibility(self, batch_size=2000):
        """Daily: eligibility moves with the date (birthdays, the window).

        Only the people whose state changes are recomputed, so a second run
        the same day writes nothing. They are recomputed as stored computed
        fields, written in bulk by the ORM: neither a write per person nor an
        audit trail entry for what the server derives.
        """
        params = rehab_rules.params_from_env(self.env)
        today = self._rehab_today()
        refresh_stored(
            self.sudo().with_context(active_test=False),
            ELIGIBILITY_FIELDS,
            lambda person: person._eligibility_state(today, params),
            batch_size,
        )

    def _eligible_on(self, on_date):
        """(eligible, reasons text) of one person on a date."""
        self.ensure_one()
        params = rehab_rules.params_from_env(self.env)
        codes = self._eligibility_on(on_date, params)[self.id]
        return not codes, self.sudo()._reason_text(codes, params)

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

    def _referencing_fields(self):
        """(model, field) pairs whose records keep a person; they forbid deletion.

        The monthly lists and loans add theirs.
        """
        return [
            ("rehab.establishment.worker", "person_id"),
            ("rehab.monthly.list.line", "person_id"),
        ]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_referenced(self):
        for model, field in self._referencing_fields():
            used = self.env[model].sudo().search([(field, "in", self.ids)], limit=1)
            if used:
                raise UserError(
                    _(
                        "%(name)s is referenced by %(what)s and cannot be deleted; "
                        "archive the record instead.",
                        name=used[field].name,
                        what=self.env[model]._description,
                    )
                )

    def _clean_values(self, vals):
        """Compose the texts, strip the citizen IDs and refuse one too long.

        A longer ID is refused here, before the field's size cuts it.
        """
        for fname in TEXT_FIELDS:
            if isinstance(vals.get(fname), str):
                vals[fname] = unicodedata.normalize("NFC", vals[fname])
        for fname in CITIZEN_ID_FIELDS:
            if not isinstance(vals.get(fname), str):
                continue
            cid = vals[fname] = vals[fname].strip()
            if len(cid) > self._fields[fname].size:
                name = vals.get("name") or ", ".join(self.mapped("name"))
                raise ValidationError(
                    self._citizen_id_error(
                        fname, cid, name, rehab_rules.citizen_id_errors(cid)
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._rehab_check_vals_list(vals_list)
        for vals in vals_list:
            self._clean_values(vals)
        self.browse()._check_citizen_id_unique([v.get("citizen_id") for v in vals_list])
        return super().create(vals_list)

    def write(self, vals):
        self._rehab_check_values(vals)
        self._clean_values(vals)
        if isinstance(vals.get("citizen_id"), str):
            if len(self) > 1:
                raise ValidationError(
                    _("The same citizen ID is given to two people at once.")
                )
            self._check_citizen_id_unique([vals["citizen_id"]])
        result = super().write(vals)
        if TRAINING_FILE_FIELDS & set(vals):
            # A training confirmation may complete a loan file: the bank's
            # decision clock starts.
            self.env["rehab.loan"]._start_decision_clock_of(self)
        return result
