# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.roles import ADMIN, CHAIRMAN, COMMUNE_OFFICER, POLICE, PROVINCE

ACTIVITY_TYPES = [
    ("communication", "Communication session"),
    ("counselling", "Counselling and career guidance"),
    ("training", "Vocational training enrolment"),
    ("job_fair", "Job fair"),
    ("job_placement", "Job placement"),
]


class RehabSupportActivity(models.Model):
    _name = "rehab.support.activity"
    _description = "Programme activity (communication, counselling, training, jobs)"
    _inherit = [
        "rehab.mail.mixin",
        "rehab.access.logged.mixin",
        "rehab.base.mixin",
    ]
    _order = "date desc, id desc"
    # Read by a user: written to the access log (who took part after rehab).
    _rehab_logged_fields = ("participant_ids",)

    name = fields.Char(string="Subject", required=True, tracking=True)
    activity_type = fields.Selection(
        ACTIVITY_TYPES, string="Type", required=True, index=True, tracking=True
    )
    date = fields.Date(
        required=True, default=lambda self: self._rehab_today(), index=True
    )
    company_id = fields.Many2one(
        "res.company",
        string="Agency",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    province_id = fields.Many2one(
        related="company_id.province_id", store=True, index=True
    )
    place_type = fields.Selection(
        [
            ("village", "Village"),
            ("residential_group", "Residential group"),
            ("rehab_facility", "Rehab facility"),
            ("office", "Office or hall"),
            ("other", "Other"),
        ],
        string="Place",
    )
    place = fields.Char(string="Where")
    participant_ids = fields.Many2many(
        "rehab.person",
        "rehab_support_activity_person_rel",
        "activity_id",
        "person_id",
        string="Participants after rehab",
        check_company=False,
        # Who reads the registry names the participants; others see the count.
        groups=",".join((POLICE, CHAIRMAN, COMMUNE_OFFICER, PROVINCE, ADMIN)),
    )
    participant_count = fields.Integer(compute="_compute_participant_count", store=True)
    other_participants = fields.Integer(string="Other participants")
    institution = fields.Char(string="Training institution or employer")
    course = fields.Char(string="Course or job")
    confirmation_issued = fields.Boolean(string="Training confirmation issued")
    note = fields.Text()

    @api.depends("participant_ids")
    def _compute_participant_count(self):
        for activity in self:
            activity.participant_count = len(activity.participant_ids)

    @api.constrains("other_participants", "date")
    def _check_values(self):
        today = self._rehab_today()
        for activity in self:
            if activity.other_participants < 0:
                raise ValidationError(
                    _("The number of participants cannot be negative.")
                )
            if (
                activity.activity_type in ("training", "job_placement")
                and activity.date > today
            ):
                raise ValidationError(
                    _("An enrolment or a placement is recorded once it happened.")
                )

    def write(self, vals):
        self._rehab_check_values(vals)
        if "company_id" in vals and not self.env.su:
            if any(activity.company_id.id != vals["company_id"] for activity in self):
                raise UserError(
                    _(
                        "An activity stays with the agency that held it: record "
                        "a new activity."
                    )
                )
        return super().write(vals)

    def action_mark_informed(self):
        """The participants of a communication session are informed of the policy."""
        self.check_access("write")
        for activity in self:
            if activity.activity_type != "communication":
                raise UserError(
                    _("Only a communication session informs of the policy.")
                )
            if activity.date > self._rehab_today():
                raise UserError(
                    _("The session %s has not taken place yet.", activity.name)
                )
            channel = (
                "facility" if activity.place_type == "rehab_facility" else "meeting"
            )
            # Whoever holds the session records it, without other rights on
            # people, but only for the people the caller may read.
            people = activity.sudo().participant_ids
            people.with_env(self.env).check_access("read")
            people.filtered(lambda p: not p.informed_date).write(
                {"informed_date": activity.date, "informed_channel": channel}
            )
        return True
