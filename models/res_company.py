# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.addons.base.models.res_partner import _tz_get
from odoo.exceptions import ValidationError

from ..tools import document_rules
from ..tools.rehab_rules import AGENCY_TZ
from ..tools.roles import ADMIN, PROVINCE, USER

# What the heading of an agency's documents is derived from.
DOCUMENT_DEPENDS = ("name", "agency_type", "city", "parent_id.name", "parent_id.city")

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
    _name = "res.company"
    # The programme's checks of the values of the fields it adds here
    # (rehab.base.mixin); Odoo's own fields are left to Odoo.
    _inherit = ["res.company", "rehab.base.mixin"]

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
    agency_tz = fields.Selection(
        _tz_get,
        string="Time zone of the agency's day",
        default=AGENCY_TZ,
        help="The day of the programme's dates (today, the runs, what cannot "
        "be dated in the future) is the date in this time zone, whatever the "
        "time zone of a user or a browser.",
    )
    # Odoo takes an agency's colour from the top of its tree, the province
    # People's Committee, which the users of a commune may not read: without
    # this, opening their own agency's form is refused.
    color = fields.Integer(compute_sudo=True)
    # How the agency's documents name it (Decree 30/2020/NĐ-CP). Derived from
    # the records at first; the agency corrects them on its form.
    document_name = fields.Char(
        string="Name on documents",
        compute="_compute_document_name",
        store=True,
        readonly=False,
        help="The agency's name as its documents print it, in full: "
        "«Ủy ban nhân dân xã Châu Sơn».",
    )
    document_parent_name = fields.Char(
        string="Governing body on documents",
        compute="_compute_document_parent_name",
        store=True,
        readonly=False,
        help="Printed above the agency's name in the heading of its documents; "
        "empty for a People's Committee.",
    )
    document_place = fields.Char(
        string="Place name on documents",
        compute="_compute_document_place",
        store=True,
        readonly=False,
        help="The locality written before the date of the agency's documents: "
        "«Châu Sơn, ngày … tháng … năm …».",
    )
    signer_authority = fields.Char(
        string="Signing on behalf of",
        compute="_compute_signer_authority",
        store=True,
        readonly=False,
        help="The line above the signer's title, e.g. «TM. ỦY BAN NHÂN DÂN».",
    )
    signer_title = fields.Char(
        string="Title of the signer",
        compute="_compute_signer_title",
        store=True,
        readonly=False,
        help="The title of the head who signs the agency's documents.",
    )
    police_document_name = fields.Char(
        string="Commune police on documents",
        compute="_compute_police_document_name",
        store=True,
        readonly=False,
        help="The commune police of this commune, which draws up the monthly list.",
    )
    police_signer_title = fields.Char(
        string="Title of the commune police's head",
        compute="_compute_police_signer_title",
        store=True,
        readonly=False,
    )

    _sql_constraints = [
        (
            "admin_code_uniq",
            "unique(admin_code)",
            "Another agency already has this administrative code.",
        ),
    ]

    def _programme_users(self, group_xmlid=USER):
        """The active internal users of these agencies who hold the role.

        Odoo keeps implied groups in the group's users, so a role's users
        would include the programme administrators, who hold every role: they
        are left out (unless the administrators' own role is asked for), so
        that the work of a role goes to the people who do it. Read once from
        the cache, whatever the number of agencies asked about.
        """
        group = self.env.ref(group_xmlid).sudo()
        users = group.users
        admins = self.env.ref(ADMIN).sudo()
        if group != admins:
            users -= admins.users
        agency_ids = set(self.ids)
        return users.filtered(
            lambda user: (
                user.active
                and not user.share
                and not agency_ids.isdisjoint(user.company_ids.ids)
            )
        )

    def _programme_users_of_each(self, group_xmlid=USER):
        """{agency id: its users holding the role} (_programme_users, for
        each of these agencies), the role's users read once: a run over a
        nation's 3,300 communes does not filter every user for each."""
        users = self._programme_users(group_xmlid)
        of_each = {agency_id: [] for agency_id in self.ids}
        for user in users:
            for agency_id in user.company_ids.ids:
                if agency_id in of_each:
                    of_each[agency_id].append(user.id)
        return {agency_id: users.browse(ids) for agency_id, ids in of_each.items()}

    def _province_police_officers(self):
        """The province officers of the province police among these agencies
        (the standing agency follows the communes up); else of any of them."""
        police = self.filtered(lambda a: a.agency_type == "province_police")
        return police._programme_users(PROVINCE) or self._programme_users(PROVINCE)

    def _document_defaults(self):
        """The heading of this agency's documents, derived from its records."""
        self.ensure_one()
        rules = document_rules
        kind, locality = rules.split_committee_name(self.name)
        agency = self.agency_type
        province = self.parent_id if agency != "province_committee" else self
        defaults = rules.AGENCY_HEADINGS.get(agency, {})
        parent = defaults.get("parent")
        if parent is None:
            parent = ""
            if province != self:
                parent = rules.document_name(province.name)
        police = agency == "commune" and kind
        return {
            "document_name": rules.document_name(self.name),
            "document_parent_name": parent,
            "document_place": locality
            or self.city
            or rules.place_name(province.name, province.city),
            "signer_authority": defaults.get("authority", ""),
            "signer_title": defaults.get("title", ""),
            "police_document_name": police and rules.police_name(self.name),
            "police_signer_title": police
            and "%s %s" % (rules.POLICE_HEAD, kind.upper()),
        }

    # One method a field: a value given for one of them at creation leaves the
    # others computed (Odoo protects every field of a shared method).
    def _compute_document_default(self, name):
        for company in self:
            company[name] = company._document_defaults()[name]

    @api.depends(*DOCUMENT_DEPENDS)
    def _compute_document_name(self):
        self._compute_document_default("document_name")

    @api.depends(*DOCUMENT_DEPENDS)
    def _compute_document_parent_name(self):
        self._compute_document_default("document_parent_name")

    @api.depends(*DOCUMENT_DEPENDS)
    def _compute_document_place(self):
        self._compute_document_default("document_place")

    @api.depends(*DOCUMENT_DEPENDS)
    def _compute_signer_authority(self):
        self._compute_document_default("signer_authority")

    @api.depends(*DOCUMENT_DEPENDS)
    def _compute_signer_title(self):
        self._compute_document_default("signer_title")

    @api.depends(*DOCUMENT_DEPENDS)
    def _compute_police_document_name(self):
        self._compute_document_default("police_document_name")

    @api.depends(*DOCUMENT_DEPENDS)
    def _compute_police_signer_title(self):
        self._compute_document_default("police_signer_title")

    def _rehab_tz(self):
        """The agency's time zone: its own, Asia/Ho_Chi_Minh by default (and
        for a company that is not one of the programme's agencies). Read on
        every guard and every access log entry: the two fields alone, not the
        whole company record (``fetch``)."""
        self.ensure_one()
        self.fetch(["agency_type", "agency_tz"])
        return (self.agency_type and self.agency_tz) or AGENCY_TZ

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
