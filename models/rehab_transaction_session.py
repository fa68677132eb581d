# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from ..tools import rehab_rules
from ..tools.roles import VBSP
from .loan import RUNNING_STATES
from .rehab_transaction_point import team_errors
from .rehab_workflow_mixin import Transition

_lt = LazyTranslate(__name__)
PREPARE = _lt("Prepare the transaction session and its collection sheets")
SESSION_STATES = [
    ("planned", "Planned"),
    ("open", "Open"),
    ("closed", "Closed and locked"),
]


class RehabTransactionSession(models.Model):
    """A monthly transaction session of a transaction office at a commune.

    Planned by the daily run from the calendar of the transaction point (this
    month's and the next month's), prepared (the collection sheet of every
    savings group), opened on its day by its team, where the groups' payments
    are posted, and closed, which locks it and everything posted in it.
    """

    _name = "rehab.transaction.session"
    _description = "Transaction session at a commune"
    # The workflow first: it sees every write and post before mail does.
    _inherit = [
        "rehab.workflow.mixin",
        "rehab.mail.mixin",
        "mail.activity.mixin",
        "rehab.document.mixin",
        "rehab.base.mixin",
    ]
    _order = "date desc, id desc"
    # Place and team are edited by hand while the session is planned; the
    # date moves by its own step, with a reason.
    _workflow_open_states = ("planned",)
    _workflow_fixed_fields = frozenset({"point_id"})
    _workflow = {
        "prepare": Transition(
            sources=("planned", "open"),
            target=None,
            groups=(VBSP,),
            label=_lt("Prepare the collection sheets"),
        ),
        "move": Transition(
            sources=("planned",),
            target=None,
            groups=(VBSP,),
            label=_lt("Move the session"),
        ),
        "open": Transition(
            sources=("planned",),
            target="open",
            groups=(VBSP,),
            label=_lt("Open the session"),
            todo=_lt("Post the collections of the savings groups at the session"),
            todo_users="_team_leader_users",
        ),
        "close": Transition(
            sources=("open",),
            target="closed",
            groups=(VBSP,),
            label=_lt("Close the session"),
        ),
    }

    point_id = fields.Many2one(
        "rehab.transaction.point",
        string="Transaction point",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        related="point_id.company_id", store=True, index=True, string="Commune"
    )
    vbsp_office_id = fields.Many2one(
        related="point_id.vbsp_office_id",
        store=True,
        index=True,
        string="VBSP transaction office",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_month = fields.Date(
        string="Month",
        required=True,
        readonly=True,
        index=True,
        help="The month of the calendar this session is for (its first day), "
        "even when its date was moved into another month.",
    )
    date = fields.Date(required=True, readonly=True, tracking=True, index=True)
    scheduled_date = fields.Date(
        string="Date in the calendar",
        readonly=True,
        help="The date the calendar of the transaction point gave.",
    )
    is_moved = fields.Boolean(
        string="Moved", compute="_compute_is_moved", store=True, index=True
    )
    place = fields.Char(required=True, tracking=True)
    leader_id = fields.Many2one(
        "res.users", string="Team leader", check_company=False, tracking=True
    )
    controller_id = fields.Many2one("res.users", check_company=False, tracking=True)
    teller_id = fields.Many2one("res.users", check_company=False, tracking=True)
    member_ids = fields.Many2many(
        "res.users",
        "rehab_transaction_session_member_rel",
        "session_id",
        "user_id",
        string="Other members of the team",
        check_company=False,
    )
    state = fields.Selection(
        SESSION_STATES,
        default="planned",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    opened_by_id = fields.Many2one("res.users", string="Opened by", readonly=True)
    opened_at = fields.Datetime(string="Opened on", readonly=True)
    closed_by_id = fields.Many2one("res.users", string="Closed by", readonly=True)
    closed_at = fields.Datetime(string="Closed on", readonly=True)
    sheet_ids = fields.One2many(
        "rehab.session.sheet", "session_id", string="Collection sheets"
    )
    sheet_count = fields.Integer(string="Groups", compute="_compute_totals", store=True)
    amount_posted = fields.Monetary(
        string="Posted",
        compute="_compute_totals",
        store=True,
        help="What the groups' collections posted to the loans, the group "
        "leaders' receipts handed over included.",
    )
    cash_counted = fields.Monetary(
        string="Cash counted",
        compute="_compute_totals",
        store=True,
        help="The cash the controller counted for the groups posted.",
    )
    note = fields.Text()

    # Figures

    @api.depends("date", "scheduled_date")
    def _compute_is_moved(self):
        for session in self:
            session.is_moved = bool(
                session.scheduled_date and session.date != session.scheduled_date
            )

    @api.depends("sheet_ids.state", "sheet_ids.amount_total", "sheet_ids.cash_counted")
    def _compute_totals(self):
        for session in self:
            posted = session.sheet_ids.filtered(lambda s: s.state == "posted")
            session.sheet_count = len(session.sheet_ids)
            session.amount_posted = sum(posted.mapped("amount_total"))
            session.cash_counted = sum(posted.mapped("cash_counted"))

    @api.depends("company_id", "date")
    def _compute_display_name(self):
        for session in self:
            session.display_name = "%s – %s" % (
                session.sudo().company_id.name or "",
                self._rehab_format_date(session.date),
            )

    @api.model_create_multi
    def create(self, vals_list):
        sessions = super().create(vals_list)
        # A group leader's receipt waits for the first session on or after
        # its day: a session planned before it takes it.
        self.env["rehab.leader.receipt"]._relink_for_sessions(sessions)
        return sessions

    # The team

    def _team_by_role(self):
        self.ensure_one()
        return [
            (_("team leader"), self.leader_id),
            (_("controller"), self.controller_id),
            (_("teller"), self.teller_id),
        ]

    @api.constrains("leader_id", "controller_id", "teller_id", "member_ids")
    def _check_team(self):
        for session in self:
            roles = session.leader_id | session.controller_id | session.teller_id
            errors = team_errors(
                session.vbsp_office_id,
                session._team_by_role(),
                session.member_ids - roles,
            )
            if errors:
                raise ValidationError("\n".join(errors))

    def _check_team_complete(self):
        for session in self:
            missing = [label for label, user in session._team_by_role() if not user]
            if missing:
                raise UserError(
                    _(
                        "The session of %(day)s has no %(roles)s: choose its team "
                        "(at least a team leader, a controller and a teller, three "
                        "different people) first.",
                        day=self._rehab_format_date(session.date),
                        roles=", ".join(missing),
                    )
                )

    def _check_team_member(self, fields_, step):
        """The real user is the session's ``fields_`` (team roles)."""
        if self.env.su:
            return
        for session in self:
            allowed = self.env["res.users"].union(*(session[f] for f in fields_))
            if self.env.user not in allowed:
                raise AccessError(
                    _(
                        "«%(step)s» at the session of %(day)s is for its %(roles)s "
                        "(%(names)s).",
                        step=step,
                        day=self._rehab_format_date(session.date),
                        roles=", ".join(
                            session._fields[f]._description_string(self.env)
                            for f in fields_
                        ),
                        names=", ".join(allowed.mapped("name")) or _("nobody yet"),
                    )
                )

    def _team_leader_users(self):
        """The session's steps are its team leader's; without one, the office's
        VBSP officers (one of whom becomes its leader)."""
        return self.leader_id or self.vbsp_office_id._programme_users(VBSP)

    # Steps

    def action_prepare_sheets(self):
        """The collection sheet of every savings group with loans running."""
        sessions = self._workflow_start("prepare")
        sessions._prepare_sheets()
        return True

    def _prepare_sheets(self):
        """Create the missing sheets, refresh the draft ones (in-process)."""
        Sheet = self.env["rehab.session.sheet"].sudo()
        for session in self.sudo():
            loans = session._sheet_loans()
            groups = loans.savings_group_id - session.sheet_ids.savings_group_id
            Sheet.create(
                [
                    {"session_id": session.id, "savings_group_id": group.id}
                    for group in groups.sorted("name")
                ]
            )
            session.sheet_ids.filtered(lambda s: s.state == "draft")._refresh_lines(
                loans, keep_typed=session.state == "open"
            )

    def _sheet_loans(self):
        """The loans running in the session's commune served by its office,
        borrowed through a savings group."""
        self.ensure_one()
        return (
            self.env["rehab.loan"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("vbsp_office_id", "=", self.vbsp_office_id.id),
                    ("state", "in", RUNNING_STATES),
                    ("savings_group_id", "!=", False),
                ]
            )
        )

    def action_open(self):
        """Open the session on its day: the sheets show what is due that day."""
        sessions = self._workflow_start("open")
        sessions._check_team_complete()
        self._check_team_member(
            ("leader_id", "controller_id", "teller_id"), _("Open the session")
        )
        today = self._rehab_today()
        for session in sessions:
            if session.date > today:
                raise UserError(
                    _(
                        "The session of %s cannot be opened before its day.",
                        self._rehab_format_date(session.date),
                    )
                )
        sessions._prepare_sheets()
        sessions._workflow_finish(
            "open",
            {"opened_by_id": self.env.uid, "opened_at": rehab_rules.agency_now()},
        )
        return True

    def action_close(self):
        """Close the session: nothing is typed, counted or posted in it after."""
        sessions = self._workflow_start("close")
        self._check_team_member(("leader_id", "controller_id"), _("Close the session"))
        for session in sessions:
            draft = session.sheet_ids.filtered(lambda s: s.state == "draft")
            if draft:
                raise UserError(
                    _(
                        "The session cannot be closed while the collection of "
                        "%(groups)s is neither posted nor marked «Nothing "
                        "collected».",
                        groups=", ".join(draft.savings_group_id.mapped("name")),
                    )
                )
        sessions._workflow_finish(
            "close",
            {"closed_by_id": self.env.uid, "closed_at": rehab_rules.agency_now()},
        )
        for session in sessions:
            session.message_post(
                body=_(
                    "Session closed: %(posted)s đồng posted for %(groups)s groups, "
                    "%(cash)s đồng counted.",
                    posted=self._rehab_format_amount(session.amount_posted),
                    groups=len(
                        session.sheet_ids.filtered(lambda s: s.state == "posted")
                    ),
                    cash=self._rehab_format_amount(session.cash_counted),
                )
            )
        return self.env.ref(
            "post_rehab_credit.action_report_transaction_session"
        ).report_action(self)

    def action_print_sheets(self):
        self.ensure_one()
        if not self.sheet_ids:
            raise UserError(_("Prepare the collection sheets first."))
        return self.env.ref(
            "post_rehab_credit.action_report_collection_sheet"
        ).report_action(self.sheet_ids)

    def action_view_sheets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "post_rehab_credit.rehab_session_sheet_action"
        )
        action["domain"] = [("session_id", "=", self.id)]
        return action
