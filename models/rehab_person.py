# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import sys
import unicodedata
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import rehab_rules
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
