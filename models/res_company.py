# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

AGENCY_TYPES = [
    ("province_committee", "Province People's Committee"),
    ("province_police", "Province police"),
    ("vbsp_branch", "VBSP provincial branch"),
    ("vbsp_office", "VBSP transaction office"),
    ("department", "Department"),
    ("military_command", "Provincial military command"),
    ("fatherland_front", "Fatherland Front"),
    ("commune", "Commune/ward People's Committee"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    agency_type = fields.Selection(
        AGENCY_TYPES,
        index=True,
        help="The role of this agency in the credit programme for people after "
        "drug rehabilitation. A province People's Committee is the parent of the "
        "other agencies of its province.",
    )
    admin_code = fields.Char(
        string="Administrative code",
        index=True,
        help="Code of the administrative unit (province or commune) in the "
        "national list of administrative units.",
    )
    province_id = fields.Many2one(
        "res.company",
        compute="_compute_province_id",
        store=True,
        recursive=True,
        index=True,
        help="The province People's Committee at the top of this agency's tree.",
    )
    served_commune_ids = fields.Many2many(
        "res.company",
        "res_company_vbsp_office_commune_rel",
        "office_id",
        "commune_id",
        string="Served communes",
        domain="[('agency_type', '=', 'commune'), ('province_id', '=', province_id)]",
        help="The communes whose people this VBSP transaction office lends to.",
    )
    vbsp_office_ids = fields.Many2many(
        "res.company",
        "res_company_vbsp_office_commune_rel",
        "commune_id",
        "office_id",
        string="VBSP transaction offices",
        help="The transaction offices of the bank that serve this commune.",
    )
    # Odoo takes an agency's colour from the top of its tree, the province
    # People's Committee, which the users of a commune may not read: without
    # this, opening their own agency's form is refused.
    color = fields.Integer(compute_sudo=True)

    _sql_constraints = [
        (
            "admin_code_uniq",
            "unique(admin_code)",
            "Another agency already has this administrative code.",
        ),
    ]

    def _programme_users(self, group_xmlid="post_rehab_credit.group_programme_user"):
        """The active internal users of these agencies who hold the role.

        Odoo keeps implied groups in the group's users, so a role's users
        include those who have it through a wider role. Read once from the
        cache, whatever the number of agencies asked about.
        """
        group = self.env.ref(group_xmlid).sudo()
        return group.users.filtered(
            lambda user: user.active and not user.share and user.company_ids & self
        )

    @api.depends("parent_id", "parent_id.province_id")
    def _compute_province_id(self):
        for company in self:
            company.province_id = company.parent_id.province_id or company

    @api.constrains("admin_code")
    def _check_admin_code(self):
        for company in self:
            code = company.admin_code
            if code and not all(char.isalnum() or char in ".-" for char in code):
                raise ValidationError(
                    _(
                        "The administrative code %s may contain only letters, "
                        "digits, dots and hyphens.",
                        code,
                    )
                )

    @api.constrains("agency_type", "parent_id")
    def _check_agency_parent(self):
        for company in self:
            if not company.agency_type:
                continue
            parent = company.parent_id
            if company.agency_type == "province_committee":
                if parent:
                    raise ValidationError(
                        _(
                            "The province People's Committee %s cannot belong to "
                            "another agency.",
                            company.name,
                        )
                    )
            elif not parent or parent.agency_type != "province_committee":
                raise ValidationError(
                    _(
                        "The agency %s must belong to a province People's "
                        "Committee (set it as the parent company).",
                        company.name,
                    )
                )

    @api.constrains("served_commune_ids", "agency_type", "province_id")
    def _check_served_communes(self):
        for company in self:
            communes = company.served_commune_ids
            if not communes:
                continue
            if company.agency_type != "vbsp_office":
                raise ValidationError(
                    _(
                        "Only a VBSP transaction office serves communes; %s is "
                        "not one.",
                        company.name,
                    )
                )
            wrong = communes.filtered(
                lambda c, p=company.province_id: (
                    c.agency_type != "commune" or c.province_id != p
                )
            )
            if wrong:
                raise ValidationError(
                    _(
                        "The transaction office %(office)s can only serve communes "
                        "of its own province: %(wrong)s.",
                        office=company.name,
                        wrong=", ".join(wrong.mapped("name")),
                    )
                )
