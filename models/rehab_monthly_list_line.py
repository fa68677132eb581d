# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from ..tools import rehab_rules
from ..tools.batching import write_rows
from ..tools.roles import CHAIRMAN, POLICE
from .rehab_monthly_list import OPEN_STATES, SNAPSHOT
from .rehab_person import PURPOSES, SENSITIVE_GROUPS
from .rehab_workflow_mixin import Transition

_lt = LazyTranslate(__name__)
ISSUABLE_LIST_STATES = ("confirmed", "sent", "received")
# The loans of a person counted as borrowing (approved, being paid out, repaid).
BORROWING_STATES = ("approved", "disbursing", "repaying")
# What a line says of its person's borrowing (_snapshot_borrowing_where).
BORROWING_FIELDS = ("programme_owed", "room_left", "days_overdue", "no_new_loan")
# Why a person on a list cannot take a new loan (rehab_rules.new_loan_block).
NO_NEW_LOAN = [
    ("recovery", "A loan under recovery for misuse"),
    ("overdue", "A loan overdue"),
    ("ceiling", "At the ceiling"),
]


class RehabMonthlyListLine(models.Model):
    _name = "rehab.monthly.list.line"
    _description = "Person on a monthly list"
    _inherit = [
        "rehab.workflow.mixin",
        "rehab.access.logged.mixin",
        "rehab.base.mixin",
    ]
    # Read by a user: written to the access log (rehab.access.log).
    _rehab_logged_fields = (
        "citizen_id",
        "address",
        "eligibility_reasons",
        "window_end_date",
        "exclusion_reason",
    )
    _order = "list_id, village, person_name, id"
    _check_company_auto = True
    # A line follows its list: edited while the list is a draft, frozen after.
    _workflow_open_states = OPEN_STATES
    _workflow_fixed_fields = frozenset({"list_id"})
    _workflow = {
        "issue_slip": Transition(
            sources=ISSUABLE_LIST_STATES,
            target=None,
            groups=(POLICE, CHAIRMAN),
            label=_lt("Issue slip"),
        ),
    }

    list_id = fields.Many2one(
        "rehab.monthly.list", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="list_id.company_id", store=True, index=True)
    state = fields.Selection(related="list_id.state", store=True, index=True)
    month_date = fields.Date(related="list_id.month_date", store=True)
    person_id = fields.Many2one(
        "rehab.person", required=True, index=True, ondelete="restrict"
    )
    # Snapshot
    person_name = fields.Char(string="Full name", readonly=True)
    birth_date = fields.Date(string="Date of birth", readonly=True)
    gender = fields.Selection([("male", "Male"), ("female", "Female")], readonly=True)
    citizen_id = fields.Char(string="Citizen ID", readonly=True)
    village = fields.Char(string="Village / residential group", readonly=True)
    address = fields.Char(readonly=True)
    household_rep_name = fields.Char(string="Household representative", readonly=True)
    purpose = fields.Selection(PURPOSES, string="Loan purpose", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_needed = fields.Monetary(string="Amount sought", readonly=True)
    was_eligible = fields.Boolean(string="Eligible", readonly=True)
    eligibility_reasons = fields.Text(
        string="Why not eligible", readonly=True, groups=SENSITIVE_GROUPS
    )
    window_end_date = fields.Date(
        string="Borrowing window closes on", readonly=True, groups=SENSITIVE_GROUPS
    )
    # Who already borrows under the programme, read with the snapshot.
    programme_owed = fields.Monetary(
        string="Already borrowing",
        readonly=True,
        help="What the person owes under the programme: outstanding principal "
        "and amounts approved not yet paid out.",
    )
    room_left = fields.Monetary(
        string="Room under the ceiling",
        readonly=True,
        help="The ceiling per person less what the person already owes.",
    )
    days_overdue = fields.Integer(
        string="Days overdue",
        readonly=True,
        help="The most days past due of the person's loans.",
    )
    no_new_loan = fields.Selection(
        NO_NEW_LOAN,
        string="Listed apart",
        readonly=True,
        index=True,
        help="Why the person cannot take a new loan: listed apart, no slip.",
    )
    excluded = fields.Boolean(string="Left out", readonly=True)
    exclusion_reason = fields.Char(
        string="Why left out", readonly=True, groups=SENSITIVE_GROUPS
    )
    slip_ids = fields.One2many("rehab.referral.slip", "line_id", string="Slips")
    slip_id = fields.Many2one(
        "rehab.referral.slip",
        compute="_compute_slip_id",
        help="The slip that stands for this line: valid, or used for a loan.",
    )

    _sql_constraints = [
        (
            "list_person_uniq",
            "unique(list_id, person_id)",
            "A person appears once on a monthly list.",
        ),
    ]

    @api.depends("slip_ids.state")
    def _compute_slip_id(self):
        for line in self:
            line.slip_id = line.slip_ids.filtered(
                lambda s: s.state in ("valid", "used")
            )[:1]

    @api.model
    def _snapshot_values(self, person):
        return {key: person[field] for key, field in SNAPSHOT.items()}

    def _snapshot(self):
        """Copy the person's data as it is now into the lines.

        Called by the list's steps (refresh, confirm) once they have checked
        the caller's role and the list's state.
        """
        for line in self.sudo():
            values = self._snapshot_values(line.person_id)
            # Only what changed since the line was drawn up (most often
            # nothing): a list of 650 people confirmed without 650 writes.
            changed = {
                key: value for key, value in values.items() if line[key] != value
            }
            if changed:
                line.write(changed)
        self._snapshot_borrowing()

    @api.model
    def _borrowing_of(self, people):
        """{person id: (owed, days overdue, under recovery)} of ``people``'s
        loans of the programme, in one grouped query."""
        groups = (
            self.env["rehab.loan"]
            .sudo()
            ._read_group(
                [
                    ("person_id", "in", people.ids),
                    ("state", "in", BORROWING_STATES),
                ],
                ["person_id"],
                [
                    "outstanding_principal:sum",
                    "amount_approved:sum",
                    "disbursed_amount:sum",
                    "days_past_due:max",
                    "use_recovery:bool_or",
                ],
            )
        )
        return {
            person.id: (
                (outstanding or 0) + (approved or 0) - (disbursed or 0),
                days or 0,
                bool(recovery),
            )
            for person, outstanding, approved, disbursed, days, recovery in groups
        }

    def _snapshot_borrowing(self):
        """Who already borrows, on these lines (see _snapshot_borrowing_where),
        under the rules in force today in each province."""
        if not self:
            return
        today = self._rehab_today()
        groups = {}
        for line in self:
            province = line.sudo().company_id.province_id
            groups[province] = groups.get(province, self.browse()) | line
        for province, lines in groups.items():
            params = rehab_rules.params_from_env(
                self.env, day=today, province=province or None
            )
            self._snapshot_borrowing_where(SQL("line.id = ANY(%s)", lines.ids), params)
        self.list_id._recount()

    @api.model
    def _no_borrowing_values(self, params):
        """(room left, why no new loan) of a person who owes nothing."""
        room = max(params["individual_ceiling"], 0)
        return room, rehab_rules.new_loan_block(0, 0, False, params) or None

    @api.model
    def _snapshot_borrowing_where(self, where, params=None):
        """Who already borrows, the room left under the ceiling and why a
        person cannot take a new loan (rehab_rules.new_loan_block), on the
        lines ``where`` (an SQL condition on ``line``) at once.

        A fixed number of queries however many people: the lines of people
        with a loan of the programme, their loans (one grouped read), one
        UPDATE for everybody and one for the borrowers; only the borrowers'
        lines go through Python. ``params``: the rules of the lines' province
        in force (the programme's defaults of today when not given).
        """
        params = params or rehab_rules.params_from_env(self.env)
        borrowers = self._borrower_lines_where(where)
        borrowing = self._borrowing_of(
            self.env["rehab.person"].browse({person for __, person in borrowers})
        )
        self._reset_borrowing_where(where, params)
        self._write_borrowing(borrowers, borrowing, params)
        self.invalidate_model(
            ["programme_owed", "room_left", "days_overdue", "no_new_loan"]
        )

    def _borrower_lines_where(self, where):
        """(line id, person id) of the lines ``where`` whose person has a loan
        of the programme."""
        cr = self.env.cr
        self.flush_model(["person_id", "list_id"])
        self.env["rehab.loan"].flush_model(["person_id", "state"])
        cr.execute(
            SQL(
                """SELECT line.id, line.person_id
                     FROM rehab_monthly_list_line AS line
                    WHERE %s AND line.person_id IN (
                          SELECT person_id FROM rehab_loan
                           WHERE person_id IS NOT NULL AND state IN %s)""",
                where,
                BORROWING_STATES,
            )
        )
        return cr.fetchall()

    def _reset_borrowing_where(self, where, params):
        """Everybody as a person who borrows nothing, where it is not so yet
        (the borrowers are written after, by _write_borrowing)."""
        room, nobody = self._no_borrowing_values(params)
        self.env.cr.execute(
            SQL(
                """UPDATE rehab_monthly_list_line AS line
                      SET programme_owed = 0, room_left = %(room)s,
                          days_overdue = 0, no_new_loan = %(nobody)s
                    WHERE %(where)s
                      AND (programme_owed IS DISTINCT FROM 0
                           OR room_left IS DISTINCT FROM %(room)s
                           OR days_overdue IS DISTINCT FROM 0
                           OR no_new_loan IS DISTINCT FROM %(nobody)s)""",
                room=room,
                nobody=nobody,
                where=where,
            )
        )

    def _write_borrowing(self, borrowers, borrowing, params):
        """The borrowers' lines: what they owe, the room left, the days
        overdue and why they cannot take a new loan, in one UPDATE
        (tools/batching.write_rows)."""
        ceiling = params["individual_ceiling"]
        rows = []
        for line_id, person_id in borrowers:
            owed, days, recovery = borrowing.get(person_id, (0, 0, False))
            rows.append(
                (
                    line_id,
                    owed,
                    max(ceiling - owed, 0),
                    days,
                    rehab_rules.new_loan_block(owed, days, recovery, params),
                )
            )
        write_rows(self, BORROWING_FIELDS, rows)

    def _no_new_loan_now(self):
        """Why the line's person cannot take a new loan today, or False (the
        rules in force today in the commune's province)."""
        self.ensure_one()
        params = rehab_rules.params_from_env(
            self.env, province=self.sudo().company_id or None
        )
        owed, days, recovery = self._borrowing_of(self.person_id).get(
            self.person_id.id, (0, 0, False)
        )
        return rehab_rules.new_loan_block(owed, days, recovery, params) or False

    @api.model_create_multi
    def create(self, vals_list):
        self._rehab_check_vals_list(vals_list)
        model = self if self.env.su else self._workflow_clean_context()
        model._workflow_check_create(vals_list)
        model.check_access("create")
        model.env["rehab.monthly.list"].browse(
            [vals["list_id"] for vals in vals_list if vals.get("list_id")]
        )._check_open_for_lines()
        people = (
            model.env["rehab.person"]
            .sudo()
            .browse([vals["person_id"] for vals in vals_list if vals.get("person_id")])
        )
        people.fetch(list(set(SNAPSHOT.values()) | {"company_id"}))
        for vals in vals_list:
            if vals.get("person_id"):
                person = people.browse(vals["person_id"])
                vals.update(model._snapshot_values(person))
        # The snapshot is the model's own doing, not the caller's values.
        lines = super(RehabMonthlyListLine, model.sudo()).create(vals_list)
        lines = lines.with_env(model.env)
        lines.check_access("create")
        lines._check_person_commune()
        return lines

    def write(self, vals):
        self._rehab_check_values(vals)
        if not self.env.su:
            self._workflow_check_write(vals)
        if vals.get("person_id"):
            # Another person on the line: read that person, who must live in
            # the list's commune too.
            person = self.env["rehab.person"].sudo().browse(vals["person_id"])
            self.sudo().write(self._snapshot_values(person))
        result = super().write(vals)
        if "person_id" in vals:
            self._check_person_commune()
        return result

    def _check_person_commune(self):
        for line in self:
            if line.person_id.company_id != line.list_id.company_id:
                raise UserError(
                    _(
                        "%(name)s does not live in %(commune)s.",
                        name=line.person_id.name,
                        commune=line.list_id.company_id.name,
                    )
                )

    def action_issue_slip(self):
        self.ensure_one()
        line = self._workflow_start("issue_slip")
        slip = line.env["rehab.referral.slip"]._issue(line)
        return {
            "type": "ir.actions.act_window",
            "res_model": "rehab.referral.slip",
            "res_id": slip.id,
            "view_mode": "form",
        }
