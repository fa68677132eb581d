# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from ..tools import loan_rules, rehab_rules
from ..tools.batching import iter_batches
from ..tools.guards import required_reason
from ..tools.roles import VBSP
from .loan import RUNNING_STATES
from .rehab_transaction_point import team_errors
from .rehab_workflow_mixin import STEP_ACTIVITY, Transition

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

    @api.model
    def _workflow_other_todos(self):
        return [(PREPARE, ("planned",))]

    def write(self, vals):
        result = super().write(vals)
        if "leader_id" in vals:
            self._hand_todos_to_leader()
        return result

    def _hand_todos_to_leader(self):
        """A new team leader takes over the session's open to-dos."""
        for session in self.sudo():
            activities = session.activity_search([STEP_ACTIVITY])
            users = session._team_leader_users()
            moving = activities.filtered(lambda a, u=users: a.user_id not in u)
            for activity in moving:
                session._workflow_open_todo(
                    users, activity.summary, deadline=activity.date_deadline
                )
            moving.unlink()

    # The calendar

    @api.model
    def _cron_plan_sessions(self, batch_size=500):
        """Daily: this month's and next month's session of every transaction point.

        A session is made once per point and month (a session moved by hand
        into another month stays that month's), never on a day already past;
        a second run the same day makes nothing. Each new session gives its
        team (else the office's VBSP officers) a to-do due on its day.
        """
        Point = self.env["rehab.transaction.point"].sudo()
        for batch in iter_batches(Point, [("active", "=", True)], batch_size):
            self.sudo()._plan_sessions(batch)

    @api.model
    def _plan_sessions(self, points):
        today = self._rehab_today()
        this_month = today.replace(day=1)
        months = [this_month, this_month + relativedelta(months=1)]
        existing = {
            (session.point_id.id, session.period_month)
            for session in self.with_context(active_test=False).search(
                [("point_id", "in", points.ids), ("period_month", "in", months)]
            )
        }
        values = []
        for point in points:
            for month in months:
                day = loan_rules.session_date(month, point.session_day)
                if (point.id, month) in existing or day < today:
                    continue
                values.append(
                    {
                        "point_id": point.id,
                        "period_month": month,
                        "date": day,
                        "scheduled_date": day,
                        "place": point.name,
                        "leader_id": point.leader_id.id,
                        "controller_id": point.controller_id.id,
                        "teller_id": point.teller_id.id,
                    }
                )
        sessions = self.create(values)
        for session in sessions:
            session._workflow_open_todo(
                session._team_leader_users(),
                PREPARE,
                deadline=session.date,
            )
        return sessions

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

    def _move_window(self):
        """The first and last day the session may be moved to: at most the
        settings' days from its day in the calendar, never a day past."""
        self.ensure_one()
        days = rehab_rules.params_from_env(self.env)["session_move_days"]
        anchor = self.scheduled_date or self.date
        first = max(anchor - relativedelta(days=days), self._rehab_today())
        return first, anchor + relativedelta(days=days)

    def _day_off_note(self, day):
        """Why ``day`` is no working day (a Saturday, a Sunday, a public
        holiday), in the user's language; empty on a working day."""
        if not day:
            return ""
        Holiday = self.env["rehab.public.holiday"].sudo()
        holiday = Holiday.search([("date", "=", day)], limit=1)
        if holiday:
            return _(
                "%(day)s is a public holiday (%(name)s).",
                day=self._rehab_format_date(day),
                name=holiday.name,
            )
        if day.weekday() == 5:
            return _("%s is a Saturday.", self._rehab_format_date(day))
        if day.weekday() == 6:
            return _("%s is a Sunday.", self._rehab_format_date(day))
        return ""

    def _move(self, new_date, reason):
        """Move a planned session to another day (a holiday), with the reason.

        Within the settings' days of its day in the calendar and never to a
        day past (the agency's today); to a Saturday, a Sunday or a public
        holiday with a warning in the chatter, not refused.
        """
        session = self._workflow_start("move")
        session.ensure_one()
        reason = required_reason(
            self.env,
            reason,
            _("moving the session"),
            message=_("Give the reason for moving the session."),
        )
        if not new_date:
            raise UserError(_("Choose the new date of the session."))
        if new_date == session.date:
            raise UserError(
                _("The session is already on %s.", self._rehab_format_date(new_date))
            )
        if new_date < self._rehab_today():
            raise UserError(_("A session cannot be moved to a day already past."))
        clash = self.search_count(
            [
                ("point_id", "=", session.point_id.id),
                ("date", "=", new_date),
                ("id", "!=", session.id),
            ]
        )
        if clash:
            raise UserError(
                _(
                    "The transaction point already has a session on %s.",
                    self._rehab_format_date(new_date),
                )
            )
        first, last = session._move_window()
        if not first <= new_date <= last:
            raise UserError(
                _(
                    "The session of %(day)s in the calendar moves at most "
                    "%(days)s days from it: choose a day from %(first)s to "
                    "%(last)s.",
                    day=self._rehab_format_date(session.scheduled_date or session.date),
                    days=rehab_rules.params_from_env(self.env)["session_move_days"],
                    first=self._rehab_format_date(first),
                    last=self._rehab_format_date(last),
                )
            )
        old_date = session.date
        session._workflow_finish("move", {"date": new_date})
        moved = session._move_due_dates(old_date, new_date)
        # The team's to-dos fall due on the new day.
        session._workflow_sudo().activity_reschedule(
            [STEP_ACTIVITY], date_deadline=new_date
        )
        body = _(
            "Session moved from %(old)s to %(new)s: %(reason)s",
            old=self._rehab_format_date(old_date),
            new=self._rehab_format_date(new_date),
            reason=reason,
        )
        day_off = session._day_off_note(new_date)
        if day_off:
            body = "%s %s" % (body, _("Warning: %s", day_off))
        session.message_post(body=body)
        if moved:
            session.message_post(
                body=_(
                    "%(count)s unpaid instalments of %(loans)s loans of the commune "
                    "falling due on %(old)s now fall due on %(new)s.",
                    count=len(moved),
                    loans=len(moved.loan_id),
                    old=self._rehab_format_date(old_date),
                    new=self._rehab_format_date(new_date),
                )
            )
        # Its draft sheets show what falls due by the new day; the group
        # leaders' receipts follow the sessions.
        session._prepare_sheets()
        self.env["rehab.leader.receipt"]._relink_for_sessions(session)
        return True

    def _move_due_dates(self, old_date, new_date):
        """The unpaid instalments of the commune's loans falling due on the
        session's old day follow it to the new day (part of the move).

        The borrowers pay at the session: what falls due on its day falls due
        on the day it is held. Only when the session is moved before its day
        has come: after it, the instalments have been overdue since, and the
        ledger is not rewritten (the due date the schedule gave follows too,
        so the figures as of a past day stay what they were). Returns the
        instalments moved.
        """
        self.ensure_one()
        if old_date < self._rehab_today():
            return self.env["rehab.loan.installment"]
        lines = (
            self.env["rehab.loan.installment"]
            .sudo()
            .search(
                [
                    ("loan_id.company_id", "=", self.company_id.id),
                    ("loan_id.vbsp_office_id", "=", self.vbsp_office_id.id),
                    ("loan_id.state", "in", RUNNING_STATES),
                    # Only the loans aligned to the session day: the others
                    # keep their own day (and a later tranche rebuilds them so).
                    ("loan_id.due_day", ">", 0),
                    ("due_date", "=", old_date),
                    ("is_paid", "=", False),
                ]
            )
        )
        on_schedule = lines.filtered(lambda line: line.original_due_date == old_date)
        on_schedule.write({"due_date": new_date, "original_due_date": new_date})
        (lines - on_schedule).write({"due_date": new_date})
        lines.loan_id._refresh_delinquency()
        return lines

    def action_open_move(self):
        return self._workflow_open_wizard(
            "rehab.transaction.session.move", _("Move the session")
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

    # The session report

    def _report_figures(self):
        """Per group, per purpose and in total: what the session posted.

        From the repayments the session posted (what each paid to overdue
        interest, interest and principal); a repayment reversed since is
        counted, and its amount shown apart.
        """
        self.ensure_one()
        purposes = dict(
            self.env["rehab.loan"]._fields["purpose"]._description_selection(self.env)
        )
        blank = {
            "borrowers": 0,
            "overdue_interest": 0,
            "interest": 0,
            "principal": 0,
            "amount": 0,
            "reversed": 0,
        }
        groups, by_purpose, total = [], {}, dict(blank, cash=0)
        for sheet in self.sheet_ids.sorted(lambda s: s.savings_group_id.name):
            row = dict(
                blank,
                name=sheet.savings_group_id.name,
                organisation=sheet.organisation_label(),
                state=sheet.state,
                cash=sheet.cash_counted if sheet.state == "posted" else 0,
            )
            for line in sheet.line_ids.filtered("repayment_id"):
                repayment = line.repayment_id
                purpose = by_purpose.setdefault(
                    line.purpose, dict(blank, name=purposes.get(line.purpose, ""))
                )
                for target in (row, purpose, total):
                    target["borrowers"] += 1
                    target["overdue_interest"] += repayment.overdue_interest
                    target["interest"] += repayment.interest
                    target["principal"] += repayment.principal
                    target["amount"] += repayment.amount
                    if repayment.is_reversed:
                        target["reversed"] += repayment.amount
            total["cash"] += row["cash"]
            groups.append(row)
        return {
            "groups": groups,
            "purposes": [by_purpose[key] for key in sorted(by_purpose)],
            "total": total,
        }

    # Printed document

    def _official_document(self):
        """The team's report of the session to its transaction office."""
        self.ensure_one()
        office = self.vbsp_office_id.sudo()
        heading = self._doc_heading(office)
        return {
            "parent": heading["parent"],
            "issuer": heading["issuer"],
            "number": False,
            "place_date": self._doc_place_date(heading["place"], self.date),
            "kind": _("REPORT"),
            "summary": _(
                "The transaction session of %(day)s at %(place)s",
                day=self._doc_date(self.date),
                place=self.place or "",
            ),
            "addressees": [],
            "draft": self.state != "closed",
            "signers": [
                {
                    "heading": _("CONTROLLER"),
                    "authority": "",
                    "title": "",
                    "name": self.controller_id.sudo().name or "",
                },
                {
                    "heading": _("TRANSACTION TEAM LEADER"),
                    "authority": "",
                    "title": "",
                    "name": self.leader_id.sudo().name or "",
                },
            ],
            "recipients": [
                _("The director of the transaction office;"),
                _("Filed: office records."),
            ],
        }
