# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools.roles import VBSP


def team_errors(office, roles, others=None):
    """Why a transaction team cannot serve ``office``: a list of messages.

    ``roles`` is [(role label, res.users)] of the roles that must be held by
    different people; ``others`` the other members. Each is an active VBSP
    officer of the office.
    """
    env = office.env  # its language is the caller's
    errors = []
    chosen = [(label, user) for label, user in roles if user]
    people = [user for __, user in chosen]
    if len(set(people)) < len(people):
        errors.append(
            env._(
                "The leader, the controller and the teller are three different people."
            )
        )
    members = chosen + [(env._("member of the team"), u) for u in others or ()]
    for label, user in members:
        member = user.sudo()
        if not (
            member.active
            and not member.share
            and office in member.company_ids
            and member.has_group(VBSP)
        ):
            errors.append(
                env._(
                    "%(user)s (%(role)s) is not a VBSP officer of %(office)s.",
                    user=user.name,
                    role=label,
                    office=office.name,
                )
            )
    return errors


class RehabTransactionPoint(models.Model):
    """Where and when a transaction office meets the borrowers of a commune."""

    _name = "rehab.transaction.point"
    _description = "Transaction point of a VBSP transaction office in a commune"
    _inherit = [
        "rehab.mail.mixin",
        "rehab.commune.mixin",
        "rehab.base.mixin",
    ]
    _order = "vbsp_office_id, company_id"

    name = fields.Char(
        string="Place",
        required=True,
        tracking=True,
        help="Where the sessions are held, normally the office of the commune "
        "People's Committee.",
    )
    company_id = fields.Many2one(default=False)
    vbsp_office_id = fields.Many2one(
        "res.company",
        string="VBSP transaction office",
        required=True,
        index=True,
        tracking=True,
        check_company=False,
        domain="[('agency_type', '=', 'vbsp_office')]",
        default=lambda self: (
            self.env.company if self.env.company.agency_type == "vbsp_office" else False
        ),
    )
    session_day = fields.Integer(
        string="Day of the month",
        required=True,
        default=15,
        tracking=True,
        help="The day of each month the session is held. In a month without "
        "that day (the 31st in April) it is held on the month's last day.",
    )
    leader_id = fields.Many2one(
        "res.users",
        string="Team leader",
        check_company=False,
        tracking=True,
        help="The usual team; each session keeps its own, changed by hand "
        "while it is planned.",
    )
    controller_id = fields.Many2one("res.users", check_company=False, tracking=True)
    teller_id = fields.Many2one("res.users", check_company=False, tracking=True)
    session_ids = fields.One2many(
        "rehab.transaction.session", "point_id", string="Sessions"
    )
    session_count = fields.Integer(
        string="Number of sessions", compute="_compute_session_count"
    )
    active = fields.Boolean(default=True)
    note = fields.Text()

    _sql_constraints = [
        (
            "office_commune_uniq",
            "unique(vbsp_office_id, company_id)",
            "The transaction office already has a transaction point in this commune.",
        ),
    ]

    @api.depends("name", "company_id", "vbsp_office_id")
    def _compute_display_name(self):
        for point in self:
            point.display_name = "%s – %s" % (
                point.sudo().company_id.name or "",
                point.name or "",
            )

    def _compute_session_count(self):
        counts = dict(
            self.env["rehab.transaction.session"]._read_group(
                [("point_id", "in", self.ids)], ["point_id"], ["__count"]
            )
        )
        for point in self:
            point.session_count = counts.get(point, 0)

    @api.onchange("company_id")
    def _onchange_company_id(self):
        if self.company_id and not self.name:
            # The commune's agency is its People's Committee: «Trụ sở UBND xã …».
            self.name = _("Office of %s", self.company_id.name)

    @api.constrains("company_id")
    def _check_company_is_commune(self):
        # Read as the server: an office's officer may not read a commune it
        # does not serve, and is told so by the check below.
        return super(RehabTransactionPoint, self.sudo())._check_company_is_commune()

    @api.constrains("session_day")
    def _check_session_day(self):
        for point in self:
            if not 1 <= point.session_day <= 31:
                raise ValidationError(
                    _("The day of the month of the sessions is between 1 and 31.")
                )

    @api.constrains("vbsp_office_id", "company_id")
    def _check_office_serves_commune(self):
        for point in self.sudo():
            office = point.vbsp_office_id
            if office.agency_type != "vbsp_office":
                raise ValidationError(
                    _("%s is not a VBSP transaction office.", office.name)
                )
            if point.company_id not in office.served_commune_ids:
                raise ValidationError(
                    _(
                        "The transaction office %(office)s does not serve %(commune)s.",
                        office=office.name,
                        commune=point.company_id.name,
                    )
                )

    @api.constrains("leader_id", "controller_id", "teller_id", "vbsp_office_id")
    def _check_team(self):
        for point in self:
            errors = team_errors(point.vbsp_office_id, point._team_by_role())
            if errors:
                raise ValidationError("\n".join(errors))

    def _team_by_role(self):
        self.ensure_one()
        return [
            (_("team leader"), self.leader_id),
            (_("controller"), self.controller_id),
            (_("teller"), self.teller_id),
        ]

    @api.model
    def _office_officers(self, office, commune):
        """The VBSP officer whose step it is on a commune's file at the office.

        The leader of the office's transaction team at the commune, who
        serves its borrowers; without a point or a leader, the office's own
        VBSP officers.
        """
        officers = office._programme_users(VBSP)
        point = self.sudo().search(
            [("vbsp_office_id", "=", office.id), ("company_id", "=", commune.id)],
            limit=1,
        )
        return (point.leader_id & officers) or officers

    def action_plan_sessions(self):
        """Plan this point's sessions of this month and the next now."""
        self.check_access("write")
        self.env["rehab.transaction.session"].sudo()._plan_sessions(self)
        return self.action_open_sessions()

    def action_open_sessions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "post_rehab_credit.rehab_transaction_session_action"
        )
        action["domain"] = [("point_id", "=", self.id)]
        action["context"] = {"default_point_id": self.id}
        return action
