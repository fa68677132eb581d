# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools.translate import LazyTranslate

from ..tools import rehab_rules
from ..tools.roles import CHAIRMAN, COMMUNE_OFFICER, DEPARTMENT, POLICE, PROVINCE, VBSP
from .rehab_plan_deadline import PERIODS
from .rehab_workflow_mixin import Transition

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
        "refresh": Transition(
            sources=("draft",),
            target=None,
            groups=WRITER_GROUPS,
            label=_lt("Fill the figures"),
        ),
        "submit": Transition(
            sources=("draft",),
            target="submitted",
            groups=WRITER_GROUPS,
            label=_lt("Submit"),
            todo=_lt("Accept the periodic report"),
            todo_users="_acceptors",
        ),
        "accept": Transition(
            sources=("submitted",),
            target="accepted",
            groups=ACCEPTOR_GROUPS,
            label=_lt("Accept"),
        ),
        "reset": Transition(
            sources=("submitted",),
            target="draft",
            groups=ACCEPTOR_GROUPS,
            label=_lt("Back to draft"),
            todo=_lt("Correct and submit the periodic report"),
            todo_users="_writers",
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
            {
                "submitted_by_id": self.env.uid,
                "submitted_date": rehab_rules.agency_now(),
            },
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
