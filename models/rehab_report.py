# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools.translate import LazyTranslate

from ..tools import rehab_rules
from ..tools.roles import CHAIRMAN, COMMUNE_OFFICER, DEPARTMENT, POLICE, PROVINCE, VBSP
from .rehab_plan_deadline import PERIODS
from .rehab_workflow_mixin import STEP_ACTIVITY, Transition

_lt = LazyTranslate(__name__)
WRITE = _lt("Write the periodic report")
FOLLOW_UP = _lt("A periodic report is late: follow it up")
# The role that writes the report of an agency, by the agency's type.
WRITERS = {
    "commune": POLICE,
    "province_police": PROVINCE,
    "vbsp_branch": VBSP,
    "vbsp_office": VBSP,
}
WRITER_GROUPS = (
    POLICE,
    COMMUNE_OFFICER,
    PROVINCE,
    VBSP,
    DEPARTMENT,
)
ACCEPTOR_GROUPS = (PROVINCE, CHAIRMAN)
# The ratios among the figures: (numerator, denominator), both figures too.
RATIOS = {
    "informed_share": ("people_informed", "people_registered"),
    "par30": ("par30_principal", "outstanding_principal"),
}

# The figures of a report, filled from the data of the agency's communes.
FIGURES = (
    "people_registered",
    "people_eligible",
    "people_informed",
    "informed_share",
    "people_listed",
    "slips_issued",
    "applications",
    "loans_approved",
    "amount_approved",
    "amount_disbursed",
    "outstanding_principal",
    "overdue_principal",
    "par30_principal",
    "par30",
    "training_enrolments",
    "job_placements",
    "capital_received",
)


def listed_in(start, end):
    """The lines of «people on confirmed lists» of the months from ``start``
    to ``end`` (rehab.monthly.list.line): the one definition of the figure,
    for the periodic report and the commune's public notice."""
    return [
        ("state", "in", ("confirmed", "sent", "received")),
        ("excluded", "=", False),
        ("month_date", ">=", start),
        ("month_date", "<=", end),
    ]


def approved_in(start, end):
    """The loans «approved» from ``start`` to ``end`` (rehab.loan), counted
    with their ``amount_approved``: the one definition of the figure, for the
    periodic report and the commune's public notice."""
    return [
        ("decision_date", ">=", start),
        ("decision_date", "<=", end),
        ("state", "not in", ("draft", "reviewed", "confirmed", "rejected")),
    ]


class RehabReport(models.Model):
    _name = "rehab.report"
    _description = "Periodic report of an agency"
    # The workflow first: it sees every write and post before mail does.
    _inherit = [
        "rehab.workflow.mixin",
        "rehab.mail.mixin",
        "mail.activity.mixin",
        "rehab.ratio.mixin",
        "rehab.document.mixin",
        "rehab.base.mixin",
    ]
    _order = "due_date desc, company_id"
    _ratios = RATIOS
    _workflow_open_states = ("draft",)
    _workflow_fixed_fields = frozenset({"plan_id", "deadline_id", "company_id"})
    _workflow = {
        "refresh": Transition(("draft",), None, WRITER_GROUPS, _lt("Fill the figures")),
        "submit": Transition(
            ("draft",),
            "submitted",
            WRITER_GROUPS,
            _lt("Submit"),
            todo=_lt("Accept the periodic report"),
            todo_group="recipient",
        ),
        "accept": Transition(
            ("submitted",), "accepted", ACCEPTOR_GROUPS, _lt("Accept")
        ),
        "reset": Transition(
            ("submitted",),
            "draft",
            ACCEPTOR_GROUPS,
            _lt("Back to draft"),
            todo=_lt("Correct and submit the periodic report"),
            todo_group="writer",
        ),
    }

    name = fields.Char(compute="_compute_name", store=True)
    plan_id = fields.Many2one(
        "rehab.plan", required=True, index=True, ondelete="cascade"
    )
    deadline_id = fields.Many2one(
        "rehab.plan.deadline", string="Calendar entry", index=True, ondelete="set null"
    )
    company_id = fields.Many2one(
        "res.company", string="Reporting agency", required=True, index=True
    )
    province_id = fields.Many2one(
        related="company_id.province_id", store=True, index=True
    )
    recipient_id = fields.Many2one(related="plan_id.recipient_id", store=True)
    period = fields.Selection(PERIODS, required=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    due_date = fields.Date(required=True, index=True)
    state = fields.Selection(
        [("draft", "Draft"), ("submitted", "Submitted"), ("accepted", "Accepted")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    is_late = fields.Boolean(string="Late", index=True, tracking=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    people_registered = fields.Integer(readonly=True)
    people_eligible = fields.Integer(readonly=True)
    people_informed = fields.Integer(
        string="People informed of the policy", readonly=True
    )
    informed_share = fields.Float(
        string="Informed (%)",
        readonly=True,
        digits=(5, 1),
        aggregator=rehab_rules.RATIO_AGGREGATOR,
    )
    people_listed = fields.Integer(string="People on confirmed lists", readonly=True)
    slips_issued = fields.Integer(readonly=True)
    applications = fields.Integer(string="Loan applications", readonly=True)
    loans_approved = fields.Integer(readonly=True)
    amount_approved = fields.Monetary(readonly=True)
    amount_disbursed = fields.Monetary(readonly=True)
    outstanding_principal = fields.Monetary(readonly=True)
    overdue_principal = fields.Monetary(readonly=True)
    par30_principal = fields.Monetary(
        string="Outstanding over 30 days past due", readonly=True
    )
    par30 = fields.Float(
        string="PAR30 (%)",
        readonly=True,
        digits=(5, 2),
        aggregator=rehab_rules.RATIO_AGGREGATOR,
    )
    training_enrolments = fields.Integer(readonly=True)
    job_placements = fields.Integer(readonly=True)
    capital_received = fields.Monetary(string="Capital received", readonly=True)
    results = fields.Text()
    difficulties = fields.Text(string="Difficulties and obstacles")
    proposals = fields.Text()
    submitted_by_id = fields.Many2one("res.users", readonly=True)
    submitted_date = fields.Datetime(string="Submitted on", readonly=True, copy=False)
    accepted_by_id = fields.Many2one("res.users", readonly=True)
    annex = fields.Json(
        readonly=True,
        copy=False,
        help="The figures by commune, made with the report's own figures (when "
        "they are filled and when the report is submitted): the annex of a "
        "submitted or accepted report is the one of the moment it was "
        "submitted, its total row the report's figures.",
    )

    _sql_constraints = [
        (
            "deadline_company_period_uniq",
            "unique(deadline_id, company_id, period_end)",
            "This agency already has this report.",
        ),
    ]

    @api.depends("deadline_id.name", "company_id", "period_end")
    def _compute_name(self):
        for report in self:
            report.name = "%s %s – %s" % (
                report.deadline_id.name or "",
                report.period_end.year if report.period_end else "",
                report.company_id.name or "",
            )

    # Figures

    def _scope_communes(self, company=None):
        """The communes a report speaks for: its own, or all of its province."""
        company = (company or self.company_id).sudo()
        if company.agency_type == "commune":
            return company
        return company.search(
            [
                ("agency_type", "=", "commune"),
                ("province_id", "=", company.province_id.id),
            ]
        )

    def _figures(self, company=None):
        """The figures of the period for ``company`` (default: the reporting agency)."""
        return self._figures_table(company)[2]

    def _annex_rows(self):
        """(commune name, figures) for each commune the report speaks for."""
        return self._annex_table()[0]

    def _annex_table(self):
        """``(rows, others, total)`` of the annex, as ``_figures_table``.

        The annex stored with the report's figures when they were last filled
        (at the latest when it was submitted): the same moment, so its total is
        the report; ``rows`` then name the communes by the names they had.
        Without one (a draft never filled), the figures of the data now.
        """
        self.ensure_one()
        stored = self.annex
        if not stored:
            rows, others, total = self._figures_table()
            return [(commune.name, values) for commune, values in rows], others, total
        return (
            [(name, values) for name, values in stored["rows"]],
            stored.get("others"),
            stored["total"],
        )

    def _fill_figures(self):
        """Write the report's figures and its annex, from one computation."""
        for report in self:
            rows, others, total = report._figures_table()
            report.write(
                dict(
                    {name: total[name] for name in FIGURES},
                    annex={
                        "rows": [[commune.name, values] for commune, values in rows],
                        "others": others,
                        "total": total,
                    },
                )
            )

    def _figures_table(self, company=None):
        """The figures of every commune of the scope and of the whole scope.

        Returns ``(rows, others, total)``: ``rows`` is ``(commune, figures)`` for
        each commune of the scope; ``others`` the activities held by the
        province's other agencies (None at commune scope); ``total`` the
        report's own figures. Counts and amounts of the total are the sums of
        the rows and ``others``, except people on lists (a person counted once)
        and capital (entrusted to bank units, not to communes: in the total
        only); every ratio is ``rehab_rules.ratio`` of its summed numerator and
        denominator, at each level. A fixed number of grouped queries, however
        many communes.
        """
        self.ensure_one()
        company = (company or self.company_id).sudo()
        env = self.env(su=True)
        communes = self._scope_communes(company)
        start, end = self.period_start, self.period_end
        in_scope = [("company_id", "in", communes.ids)]

        def by_commune(model, domain, aggregates):
            groups = env[model]._read_group(
                in_scope + domain, ["company_id"], aggregates
            )
            return {commune.id: values for commune, *values in groups}

        people = {
            "people_registered": by_commune("rehab.person", [], ["__count"]),
            "people_eligible": by_commune(
                "rehab.person", [("is_eligible", "=", True)], ["__count"]
            ),
            "people_informed": by_commune(
                "rehab.person", [("informed_date", "<=", end)], ["__count"]
            ),
        }
        listed_domain = listed_in(start, end)
        listed = by_commune(
            "rehab.monthly.list.line", listed_domain, ["person_id:count_distinct"]
        )
        slips = by_commune(
            "rehab.referral.slip",
            [("issue_date", ">=", start), ("issue_date", "<=", end)],
            ["__count"],
        )
        approved_in_period = approved_in(start, end)
        # The applications made in the period, and those behind the loans
        # approved in it (made earlier): never fewer than the approvals.
        applications = by_commune(
            "rehab.loan",
            [
                "|",
                "|",
                "&",
                ("application_date", ">=", start),
                ("application_date", "<=", end),
                "&",
                "&",
                ("application_date", "=", False),
                ("create_date", ">=", start),
                ("create_date", "<", end + timedelta(days=1)),
                "&",
                "&",
                *approved_in_period,
            ],
            ["__count"],
        )
        decided = by_commune(
            "rehab.loan", approved_in_period, ["__count", "amount_approved:sum"]
        )
        portfolio = by_commune(
            "rehab.loan",
            [("state", "in", ("disbursing", "repaying"))],
            [
                "outstanding_principal:sum",
                "overdue_principal:sum",
                "par30_principal:sum",
            ],
        )
        disbursed = by_commune(
            "rehab.loan.disbursement",
            [("date", ">=", start), ("date", "<=", end)],
            ["amount:sum"],
        )
        at_commune = company.agency_type == "commune"
        if at_commune:
            activity_scope = [("company_id", "=", company.id)]
            capital_scope = [
                ("source", "=", "commune"),
                ("company_id", "in", company.vbsp_office_ids.ids),
            ]
        else:
            activity_scope = [("province_id", "=", company.province_id.id)]
            capital_scope = [("province_id", "=", company.province_id.id)]
        activities = {}
        for agency, activity_type, count in env["rehab.support.activity"]._read_group(
            activity_scope
            + [
                ("activity_type", "in", ("training", "job_placement")),
                ("date", ">=", start),
                ("date", "<=", end),
            ],
            ["company_id", "activity_type"],
            ["participant_count:sum"],
        ):
            key = agency.id if agency in communes else None
            activities.setdefault(key, {}).setdefault(activity_type, 0)
            activities[key][activity_type] += count or 0
        capital = env["rehab.capital.allocation"]._read_group(
            capital_scope
            + [("decision_date", ">=", start), ("decision_date", "<=", end)],
            [],
            ["amount:sum"],
        )[0][0]

        def figures(key):
            def get(table, index=0):
                return (table.get(key) or [0] * (index + 1))[index] or 0

            values = {name: get(table) for name, table in people.items()}
            acts = activities.get(key, {})
            values.update(
                people_listed=get(listed),
                slips_issued=get(slips),
                applications=get(applications),
                loans_approved=get(decided),
                amount_approved=get(decided, 1),
                amount_disbursed=get(disbursed),
                outstanding_principal=get(portfolio),
                overdue_principal=get(portfolio, 1),
                par30_principal=get(portfolio, 2),
                training_enrolments=acts.get("training", 0),
                job_placements=acts.get("job_placement", 0),
                capital_received=None,
            )
            return values

        rows = [(commune, figures(commune.id)) for commune in communes]
        others = None if at_commune else figures(None)
        total = {
            name: sum(values[name] for __, values in rows) + (others or {}).get(name, 0)
            for name in FIGURES
            if name not in RATIOS and name != "capital_received"
        }
        total["people_listed"] = env["rehab.monthly.list.line"]._read_group(
            in_scope + listed_domain, [], ["person_id:count_distinct"]
        )[0][0]
        total["capital_received"] = capital or 0
        # Ratios as the report stores them: rounded to the field's digits.
        for values in [total, *(values for __, values in rows)]:
            for name, (numerator, denominator) in RATIOS.items():
                values[name] = round(
                    rehab_rules.ratio(values[numerator], values[denominator]),
                    self._fields[name].get_digits(self.env)[1],
                )
        return rows, others, total

    def write(self, vals):
        # The text of a report is written by its agency's writers only.
        if not self.env.su and set(vals) - self._workflow_free_fields():
            self._check_agency("company_id")
            if not any(self.env.user.has_group(g) for g in WRITER_GROUPS):
                raise AccessError(
                    _("Only the agency's writers write its periodic report.")
                )
        return super().write(vals)

    def _check_agency(self, field):
        """The caller works in the report's agency (``company_id``) or in the
        agency it goes to (``recipient_id``)."""
        if self.env.su:
            return
        for report in self:
            agency = report[field]
            if agency and agency not in self.env.user.company_ids:
                raise AccessError(
                    _(
                        "This step on %(report)s belongs to %(agency)s.",
                        report=report.display_name,
                        agency=agency.sudo().name,
                    )
                )

    def action_refresh_figures(self):
        self._check_agency("company_id")
        reports = self._workflow_start("refresh")
        reports._fill_figures()
        return True

    def action_submit(self):
        self._check_agency("company_id")
        reports = self._workflow_start("submit")
        reports._fill_figures()
        reports._workflow_finish(
            "submit",
            {"submitted_by_id": self.env.uid, "submitted_date": fields.Datetime.now()},
        )
        return True

    def action_accept(self):
        self._check_agency("recipient_id")
        self._workflow_run("accept", {"accepted_by_id": self.env.uid})
        return True

    def action_reset_draft(self):
        self._check_agency("recipient_id")
        self._workflow_run("reset")
        return True

    def _writers(self):
        """The users who write the report: the role of the agency's type."""
        self.ensure_one()
        group = WRITERS.get(self.company_id.sudo().agency_type, DEPARTMENT)
        return self.company_id._programme_users(group)

    def _acceptors(self):
        """The users who accept the report in the agency it goes to."""
        self.ensure_one()
        recipient = self.recipient_id.sudo()
        group = CHAIRMAN if recipient.agency_type == "commune" else PROVINCE
        return self.recipient_id._programme_users(group)

    @api.model
    def _workflow_other_todos(self):
        return [(WRITE, ("draft",)), (FOLLOW_UP, ("draft",))]

    def _workflow_todo_users(self, transition):
        if transition.todo_group == "recipient":
            return self._acceptors()
        if transition.todo_group == "writer":
            return self._writers()
        return super()._workflow_todo_users(transition)

    # Calendar

    @api.model
    def _cron_reporting_calendar(self):
        """Daily: the reports of each plan's calendar, ten days ahead; late ones.

        A report is made once per agency and period (a database constraint), so a
        second run the same day makes nothing; deadlines of the next year are
        looked at too, so that a January deadline is met across the year end.
        """
        today = self._rehab_today()
        deadlines = (
            self.env["rehab.plan.deadline"]
            .sudo()
            .search([("plan_id.active", "=", True)])
        )
        due_dates = []
        for deadline in deadlines:
            for year in (today.year, today.year + 1):
                due = deadline._due_in(year)
                if due - timedelta(days=deadline.lead_days) <= today <= due:
                    due_dates.append((deadline, due))
        reports = self._ensure_reports(due_dates)
        self.sudo()._mark_late(today)
        return reports

    @api.model
    def _ensure_reports(self, due_dates):
        """The report of every reporting agency for each (deadline, due date).

        Makes only those that do not exist yet, with an activity for the agency.
        """
        Report = self.sudo()
        deadlines = self.env["rehab.plan.deadline"].browse(
            {deadline.id for deadline, __ in due_dates}
        )
        existing = {
            (r.deadline_id.id, r.company_id.id, r.period_end)
            for r in Report.search([("deadline_id", "in", deadlines.ids)])
        }
        todo = []
        for deadline, due in due_dates:
            start, end = deadline._period_of(due)
            for company in deadline.plan_id.reporting_company_ids:
                key = (deadline.id, company.id, end)
                if key in existing:
                    continue
                existing.add(key)
                todo.append(
                    {
                        "plan_id": deadline.plan_id.id,
                        "deadline_id": deadline.id,
                        "company_id": company.id,
                        "period": deadline.period,
                        "period_start": start,
                        "period_end": end,
                        "due_date": due,
                    }
                )
        reports = Report.create(todo)
        for report in reports:
            report._workflow_open_todo(
                report._writers(),
                WRITE,
                deadline=report.due_date,
            )
        reports._supersede_older_drafts()
        return reports

    def _supersede_older_drafts(self):
        """A new report of a plan replaces the agency's unwritten earlier ones.

        A later report of the same plan that covers an earlier one's period
        (the annual report the first half) reports on it: the earlier report
        still in draft is no longer written, and its to-dos (write, follow up)
        are removed; it stays in the history, late. A report submitted still
        waits for its acceptance.
        """
        if not self:
            return
        older = self.search(
            [
                ("plan_id", "in", self.plan_id.ids),
                ("company_id", "in", self.company_id.ids),
                ("state", "=", "draft"),
                ("period_end", "<", max(self.mapped("period_end"))),
            ]
        )
        older = older.filtered(
            lambda o: any(
                n.plan_id == o.plan_id
                and n.company_id == o.company_id
                and n.period_start <= o.period_start
                and n.period_end > o.period_end
                for n in self
            )
        )
        older._workflow_sudo().activity_unlink([STEP_ACTIVITY])

    def _mark_late(self, today):
        late = self.search(
            [("due_date", "<", today), ("state", "=", "draft"), ("is_late", "=", False)]
        )
        late.write({"is_late": True})
        for report in late:
            if report.recipient_id:
                report._workflow_open_todo(
                    report._acceptors(),
                    FOLLOW_UP,
                    deadline=report.due_date,
                )

    # Printed document

    def _official_document(self):
        """From the reporting agency to the agency of the plan that it reports to.

        A commune reports to its own People's Committee through the commune
        police: the police is then the issuing body.
        """
        self.ensure_one()
        company = self.company_id.sudo()
        recipient = self.recipient_id.sudo()
        police = company == recipient and company.agency_type == "commune"
        heading = self._doc_heading(company, police=police)
        signed = self.state != "draft" and self.submitted_date
        period = dict(self._fields["period"]._description_selection(self.env)).get(
            self.period, ""
        )
        return {
            "parent": heading["parent"],
            "issuer": heading["issuer"],
            "number": False,
            "place_date": self._doc_place_date(
                heading["place"],
                signed and fields.Datetime.context_timestamp(self, signed).date(),
            ),
            "kind": _("REPORT"),
            "summary": _(
                "Results of Decision 08/2026/QĐ-TTg: %(period)s, %(start)s – %(end)s",
                period=period,
                start=self._doc_date(self.period_start),
                end=self._doc_date(self.period_end),
            ),
            "addressees": [recipient.document_name] if recipient else [],
            "draft": self.state == "draft",
            "signers": [self._doc_signer(company, self.submitted_by_id, police=police)],
            "recipients": [_("As above;"), _("Filed: office records.")],
        }

    def _document_figures(self):
        """(label, value) of each figure, as the printed report writes them:
        «1.234.567 đồng», «80,0 %», counts «1.234»."""
        self.ensure_one()
        rows = []
        for name in FIGURES:
            field = self._fields[name]
            value = self[name]
            if name in RATIOS:
                text = self._doc_percent(value, digits=field.get_digits(self.env)[1])
            elif field.type == "monetary":
                text = self._doc_amount(value)
            else:
                text = self._doc_number(value)
            rows.append((field._description_string(self.env), text))
        return rows
