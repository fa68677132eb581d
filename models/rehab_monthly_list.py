# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

from ..tools import rehab_rules
from ..tools.roles import CHAIRMAN, COMMUNE_OFFICER, DEPARTMENT, POLICE, VBSP
from .rehab_person import SENSITIVE_GROUPS
from .rehab_workflow_mixin import Transition

_lt = LazyTranslate(__name__)
DRAW_UP = _lt("Draw up and submit the monthly list")
FOLLOW_UP = _lt("Follow up the late monthly list")

OPEN_STATES = ("draft", "returned")
# The person's data a line keeps as it was when the list was confirmed.
SNAPSHOT = {
    "person_name": "name",
    "birth_date": "birth_date",
    "gender": "gender",
    "citizen_id": "citizen_id",
    "village": "village",
    "address": "address",
    "household_rep_name": "household_rep_name",
    "purpose": "purpose",
    "amount_needed": "amount_needed",
    "was_eligible": "is_eligible",
    "eligibility_reasons": "eligibility_reasons",
    "window_end_date": "window_end_date",
}


class RehabMonthlyList(models.Model):
    _name = "rehab.monthly.list"
    _description = "Monthly list of people eligible to borrow"
    # The workflow first: it sees every write and post before mail does.
    _inherit = [
        "rehab.workflow.mixin",
        "rehab.mail.mixin",
        "mail.activity.mixin",
        "rehab.commune.mixin",
        "rehab.document.mixin",
        "rehab.access.logged.mixin",
        "rehab.base.mixin",
    ]
    # Read by a user: written to the access log (rehab.access.log); its
    # reads run in a read/write transaction, so that the lines they carry
    # (people) are logged with them.
    _rehab_logged_fields = ("return_reason", "confirm_note")
    _order = "month_date desc, company_id"
    _workflow_open_states = OPEN_STATES
    _workflow_fixed_fields = frozenset({"company_id"})
    _workflow = {
        "fill": Transition(
            sources=OPEN_STATES,
            target=None,
            groups=(POLICE,),
            label=_lt("Add eligible people"),
        ),
        "refresh": Transition(
            sources=OPEN_STATES,
            target=None,
            groups=(POLICE,),
            label=_lt("Refresh the lines"),
        ),
        "submit": Transition(
            sources=OPEN_STATES,
            target="submitted",
            groups=(POLICE,),
            label=_lt("Submit to the chairman"),
            todo=_lt("Confirm the monthly list"),
            todo_group=CHAIRMAN,
        ),
        "confirm": Transition(
            sources=("submitted",),
            target="confirmed",
            groups=(CHAIRMAN,),
            label=_lt("Confirm"),
            todo=_lt("Send the confirmed list to the bank"),
            todo_group=POLICE,
        ),
        "return": Transition(
            sources=("submitted", "confirmed", "sent"),
            target="returned",
            groups=(CHAIRMAN,),
            label=_lt("Return"),
            todo=_lt("Correct and submit the returned list"),
            todo_group=POLICE,
        ),
        "send": Transition(
            sources=("confirmed",),
            target="sent",
            groups=(POLICE, CHAIRMAN),
            label=_lt("Send to the bank"),
            todo=_lt("Receive the monthly list"),
            todo_users="_office_users",
        ),
        "receive": Transition(
            sources=("sent",), target="received", groups=(VBSP,), label=_lt("Receive")
        ),
    }

    name = fields.Char(compute="_compute_name", store=True)
    month_date = fields.Date(
        string="Month",
        required=True,
        index=True,
        default=lambda self: self._rehab_today().replace(day=1),
        help="The first day of the month the list is for.",
    )
    deadline = fields.Date(
        compute="_compute_deadline",
        store=True,
        help="The commune police draw up the list before this day.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("returned", "Returned"),
            ("confirmed", "Confirmed"),
            ("sent", "Sent to the bank"),
            ("received", "Received by the bank"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    is_late = fields.Boolean(
        string="Late", tracking=True, copy=False, index=True, readonly=True
    )
    line_ids = fields.One2many(
        "rehab.monthly.list.line", "list_id", string="Lines", copy=False
    )
    # Read by the ODT form (reports/monthly_list.odt).
    included_line_ids = fields.One2many(
        "rehab.monthly.list.line",
        "list_id",
        domain=[("excluded", "=", False), ("no_new_loan", "=", False)],
        string="People confirmed on the list",
        readonly=True,
    )
    # People already borrowing who cannot take a new loan: listed apart.
    apart_line_ids = fields.One2many(
        "rehab.monthly.list.line",
        "list_id",
        domain=[("no_new_loan", "!=", False)],
        string="Listed apart: no new loan",
        readonly=True,
    )
    line_count = fields.Integer(
        string="People listed",
        compute="_compute_counts",
        store=True,
        # The bank counts only the people confirmed.
        groups=",".join((SENSITIVE_GROUPS, COMMUNE_OFFICER, DEPARTMENT)),
    )
    included_count = fields.Integer(
        string="People confirmed", compute="_compute_counts", store=True
    )
    amount_total = fields.Monetary(
        string="Amount sought", compute="_compute_counts", store=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    vbsp_office_id = fields.Many2one(
        "res.company",
        string="VBSP transaction office",
        compute="_compute_vbsp_office_id",
        store=True,
        readonly=False,
        check_company=False,
        domain="[('agency_type', '=', 'vbsp_office'), "
        "('served_commune_ids', 'in', company_id)]",
    )
    submitted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    submitted_date = fields.Datetime(readonly=True, copy=False)
    confirmed_by_id = fields.Many2one(
        "res.users", string="Confirmed by", readonly=True, copy=False
    )
    confirmed_date = fields.Datetime(string="Confirmed on", readonly=True, copy=False)
    # Why the chairman returned the list or left people out: read by the
    # commune and the province police, never by the bank.
    return_reason = fields.Text(readonly=True, copy=False, groups=SENSITIVE_GROUPS)
    confirm_note = fields.Text(
        string="Chairman's remarks", readonly=True, copy=False, groups=SENSITIVE_GROUPS
    )
    sent_date = fields.Datetime(string="Sent on", readonly=True, copy=False)
    received_by_id = fields.Many2one(
        "res.users", string="Received by", readonly=True, copy=False
    )
    received_date = fields.Datetime(string="Received on", readonly=True, copy=False)
    slip_count = fields.Integer(compute="_compute_slip_count")
    # The rule versions the chairman confirmed the list under (the commune's
    # province, the day of the confirmation): set by the step only.
    rule_set_id = fields.Many2one(
        "rehab.rule.set",
        string="Rules applied",
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The values of the programme's rules in force when the chairman "
        "confirmed the list, in the commune's province.",
    )

    _sql_constraints = [
        (
            "company_month_uniq",
            "unique(company_id, month_date)",
            "A commune has one list per month.",
        ),
    ]

    @api.depends("company_id", "month_date")
    def _compute_name(self):
        for record in self:
            record.name = _(
                "List %(month)s – %(commune)s",
                month=self._rehab_format_date(record.month_date, "MM/yyyy"),
                commune=record.company_id.name or "",
            )

    @api.depends("month_date", "company_id")
    def _compute_deadline(self):
        """The day of the rule in force on the month's first day in the
        commune's province."""
        for record in self:
            record.deadline = record.month_date and record.month_date.replace(
                day=record._deadline_day(record.month_date, record.company_id)
            )

    @api.model
    def _deadline_day(self, day=None, agency=None):
        """The day of the month the lists are due by: the rule in force on
        ``day`` (today when not given) for ``agency``'s province."""
        params = rehab_rules.params_from_env(
            self.env, day=day, province=agency and agency.sudo() or None
        )
        return min(max(params["list_deadline_day"], 1), 28)

    def _rules_applied(self, day=None):
        """(rule set, params) in force on ``day`` (today when not given) in
        the province of the list's commune."""
        self.ensure_one()
        return (
            self.env["rehab.rule.set"]
            .sudo()
            ._for_day(day, self.company_id.sudo() or None)
        )

    @api.depends("line_ids.excluded", "line_ids.no_new_loan", "line_ids.amount_needed")
    def _compute_counts(self):
        """People listed; people confirmed and the amount they seek: neither
        those left out nor those listed apart (who cannot take a new loan)."""
        if all(self._ids):
            # Saved lists: one grouped query, whatever their number of lines.
            groups = (
                self.env["rehab.monthly.list.line"]
                .sudo()
                ._read_group(
                    [("list_id", "in", self.ids)],
                    ["list_id", "excluded", "no_new_loan"],
                    ["__count", "amount_needed:sum"],
                )
            )
            totals = {record: [0, 0, 0] for record in self}
            for record, excluded, apart, count, amount in groups:
                totals[record][0] += count
                if not (excluded or apart):
                    totals[record][1] += count
                    totals[record][2] += amount or 0
            for record in self:
                (
                    record.line_count,
                    record.included_count,
                    record.amount_total,
                ) = totals[record]
            return
        for record in self:
            included = record.line_ids.filtered(
                lambda line: not (line.excluded or line.no_new_loan)
            )
            record.line_count = len(record.line_ids)
            record.included_count = len(included)
            record.amount_total = sum(included.mapped("amount_needed"))

    @api.depends("company_id")
    def _compute_vbsp_office_id(self):
        for record in self:
            record.vbsp_office_id = record.company_id.sudo().vbsp_office_ids[:1]

    def _compute_slip_count(self):
        counts = dict(
            self.env["rehab.referral.slip"]
            .sudo()
            ._read_group([("list_id", "in", self.ids)], ["list_id"], ["__count"])
        )
        for record in self:
            record.slip_count = counts.get(record, 0)

    @api.constrains("month_date")
    def _check_month_date(self):
        for record in self:
            if record.month_date.day != 1:
                raise ValidationError(
                    _("The month of a list is given by its first day.")
                )

    @api.constrains("vbsp_office_id", "company_id")
    def _check_vbsp_office(self):
        for record in self.sudo():
            office = record.vbsp_office_id
            if office and record.company_id not in office.served_commune_ids:
                raise ValidationError(
                    _(
                        "The VBSP transaction office %(office)s does not serve "
                        "%(commune)s.",
                        office=office.name,
                        commune=record.company_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._rehab_check_vals_list(vals_list)
        for vals in vals_list:
            if vals.get("month_date"):
                vals["month_date"] = fields.Date.to_date(vals["month_date"]).replace(
                    day=1
                )
        return super().create(vals_list)

    # Printed document

    def _internal_copy(self):
        """Whether the current user prints the commune's internal copy of
        the list: every person, those left out with the reasons. Only the
        roles that may read the reasons (the commune police, the chairman,
        the province police) do; the bank prints the list sent to it."""
        line_model = self.env["rehab.monthly.list.line"]
        groups = line_model._fields["exclusion_reason"].groups
        return self.env.su or self.env.user.has_groups(groups)

    def _official_document(self, internal=False):
        """Drawn up by the commune police, confirmed by the chairman.

        ``internal``: the commune's internal copy (with the people left out),
        addressed to the chairman and filed by the police, never to the
        bank; otherwise the list of the people on it, as sent to the bank.
        """
        self.ensure_one()
        commune = self.company_id.sudo()
        heading = self._doc_heading(commune, police=True)
        office = self.vbsp_office_id.sudo()
        signed = self.submitted_date and fields.Datetime.context_timestamp(
            self, self.submitted_date
        )
        recipients = [_("%s (to confirm);", commune.document_name)]
        if office and not internal:
            recipients.append("%s;" % office.document_name)
        recipients.append(
            _("Filed: %s.", commune.police_document_name or heading["issuer"])
        )
        return {
            "parent": heading["parent"],
            "issuer": heading["issuer"],
            "number": False,
            "place_date": self._doc_place_date(
                heading["place"], signed and signed.date()
            ),
            "kind": _("LIST"),
            "summary": _(
                "People after drug rehabilitation eligible to borrow, month %s",
                self._rehab_format_date(self.month_date, "MM/yyyy"),
            ),
            "addressees": [],
            "draft": self.state in ("draft", "submitted", "returned"),
            "signers": [
                dict(
                    self._doc_signer(commune, self.submitted_by_id, police=True),
                    heading=_("DRAWN UP BY"),
                ),
                dict(
                    self._doc_signer(commune, self.confirmed_by_id),
                    heading=_("CONFIRMED BY THE PEOPLE'S COMMITTEE"),
                ),
            ],
            "recipients": recipients,
        }
