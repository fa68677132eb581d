# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from ..tools import document_rules
from ..tools.roles import ADMIN, SAVINGS
from .rehab_workflow_mixin import Transition

_lt = LazyTranslate(__name__)


class RehabGroupReview(models.Model):
    """The savings group's review meeting (bình xét), form 03/TD.

    The meeting's minutes list the members proposed for a loan, each with the
    amount, purpose, term and the group's opinion. Confirming the meeting
    reviews every application it names together, each through the loan's own
    step (rehab.loan._review): all of them or none.
    """

    _name = "rehab.group.review"
    _description = "Group review meeting (form 03/TD)"
    _inherit = [
        "rehab.workflow.mixin",
        "rehab.mail.mixin",
        "mail.activity.mixin",
        "rehab.document.mixin",
        "rehab.base.mixin",
    ]
    _order = "meeting_date desc, id desc"
    _check_company_auto = True
    _workflow_open_states = ("draft",)
    _workflow_fixed_fields = frozenset({"savings_group_id"})
    _workflow = {
        "confirm": Transition(
            sources=("draft",),
            target="confirmed",
            groups=(SAVINGS,),
            label=_lt("Confirm the meeting"),
        ),
    }

    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    savings_group_id = fields.Many2one(
        "rehab.savings.group",
        string="Savings-and-loan group",
        required=True,
        index=True,
        tracking=True,
        check_company=False,
    )
    company_id = fields.Many2one(
        related="savings_group_id.company_id",
        string="Commune",
        store=True,
        index=True,
    )
    organisation = fields.Selection(related="savings_group_id.organisation")
    member_count = fields.Integer(
        related="savings_group_id.member_count", string="Members of the group"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    meeting_date = fields.Date(
        required=True, default=lambda self: self._rehab_today(), tracking=True
    )
    place = fields.Char(string="Place of the meeting")
    members_present = fields.Integer(tracking=True)
    chair_name = fields.Char(string="Chaired by", tracking=True)
    secretary_name = fields.Char(string="Secretary", tracking=True)
    note = fields.Text(string="Minutes")
    line_ids = fields.One2many(
        "rehab.group.review.line", "review_id", string="Members proposed", copy=False
    )
    line_count = fields.Integer(compute="_compute_totals", string="Applications")
    amount_agreed = fields.Monetary(
        compute="_compute_totals", string="Amount proposed (agreed)"
    )
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    confirmed_by_id = fields.Many2one("res.users", string="Confirmed by", readonly=True)
    confirmed_date = fields.Date(string="Confirmed on", readonly=True)

    @api.depends("line_ids.amount", "line_ids.opinion")
    def _compute_totals(self):
        for review in self:
            review.line_count = len(review.line_ids)
            review.amount_agreed = sum(
                line.amount for line in review.line_ids if line.opinion == "agree"
            )

    @api.model_create_multi
    def create(self, vals_list):
        reviews = super().create(vals_list)
        for review in reviews:
            review.sudo().write(
                {
                    "name": self.env["ir.sequence"].next_by_code(
                        "rehab.group.review", sequence_date=self._rehab_today()
                    )
                    or "/"
                }
            )
        return reviews

    @api.constrains("savings_group_id")
    def _check_savings_group_officer(self):
        """A savings-group officer records the meetings of their own groups."""
        user = self.env.user
        if self.env.su or user.has_group(ADMIN):
            return
        for review in self:
            if review.savings_group_id not in user.rehab_savings_group_ids:
                raise ValidationError(
                    _(
                        "You record the meetings of the savings groups you serve "
                        "only; %s is not one of them.",
                        review.sudo().savings_group_id.name,
                    )
                )

    def _check_open_for_lines(self):
        for review in self:
            if review.state != "draft":
                raise UserError(
                    _(
                        "%s is confirmed: its list of members proposed is kept as "
                        "it was.",
                        review.display_name,
                    )
                )

    def _line_note(self, line):
        """The loan's review note: the minutes and the group's reason."""
        parts = [
            _(
                "Meeting %(number)s of %(day)s (form 03/TD).",
                number=self.name,
                day=self._rehab_format_date(self.meeting_date),
            ),
            (self.note or "").strip(),
            (line.reason or "").strip(),
        ]
        return "\n".join(part for part in parts if part)

    def _meeting_errors(self):
        self.ensure_one()
        errors = []
        if not self.line_ids:
            errors.append(_("List at least one member proposed for a loan."))
        if (
            not (self.chair_name or "").strip()
            or not (self.secretary_name or "").strip()
        ):
            errors.append(_("Give the names of the chair and of the secretary."))
        if not (self.note or "").strip():
            errors.append(_("Write the minutes of the group meeting."))
        for line in self.line_ids:
            if line.opinion == "disagree" and not (line.reason or "").strip():
                errors.append(
                    _(
                        "Give the group's reason for disagreeing with %s.",
                        line.loan_id.sudo().display_name,
                    )
                )
        return errors

    def action_confirm(self):
        """Confirm the meeting: its applications move together, or none.

        Each application goes through the loan's own review step, as the
        current user: the same rules as a review recorded loan by loan. If one
        is refused, nothing moves and the refusal names every application
        concerned.
        """
        self.ensure_one()
        review = self._workflow_start("confirm")
        errors = review._meeting_errors()
        if errors:
            raise UserError("\n".join(errors))
        failures = []
        with self.env.cr.savepoint():
            for line in review.line_ids:
                loan = self.env["rehab.loan"].browse(line.loan_id.id)
                try:
                    with self.env.cr.savepoint():
                        loan._review(
                            line.opinion == "agree",
                            review.meeting_date,
                            review.members_present,
                            review._line_note(line),
                            line.amount if line.opinion == "agree" else None,
                        )
                except (UserError, ValidationError, AccessError) as error:
                    failures.append(
                        "%s (%s): %s"
                        % (
                            line.loan_id.sudo().name,
                            line.loan_id.sudo().borrower_name,
                            error.args[0] if error.args else error,
                        )
                    )
            if failures:
                # Leaving the savepoint by an exception undoes every review.
                raise UserError(
                    _(
                        "The meeting is not confirmed and no application moved: "
                        "%(count)s of them cannot be reviewed.\n%(errors)s",
                        count=len(failures),
                        errors="\n".join(failures),
                    )
                )
            review._workflow_finish(
                "confirm",
                {
                    "confirmed_by_id": self.env.uid,
                    "confirmed_date": self._rehab_today(),
                },
            )
        return True

    def action_print(self):
        return self.env.ref(
            "post_rehab_credit.action_report_group_review"
        ).report_action(self)

    # Printed document

    def _official_document(self):
        """Form 03/TD: drawn up by the group, under its entrusted organisation
        of the commune, for the bank's transaction office."""
        self.ensure_one()
        group = self.savings_group_id.sudo()
        commune = self.company_id.sudo()
        organisation = self._doc_selection(group, "organisation")
        kind, locality = document_rules.split_committee_name(commune.name)
        parent = " ".join(part for part in (organisation, kind, locality) if part)
        offices = commune.vbsp_office_ids
        return {
            "parent": parent or organisation,
            "issuer": group.name,
            "number": self.name if self.name != "/" else False,
            "place_date": self._doc_place_date(
                commune.document_place, self.meeting_date
            ),
            "kind": _("LIST"),
            "summary": _("Members proposed for a loan (form 03/TD)"),
            "addressees": [],
            "draft": self.state == "draft",
            "signers": [
                {
                    "heading": _("SECRETARY"),
                    "authority": "",
                    "title": "",
                    "name": self.secretary_name or "",
                },
                {
                    "heading": _("CHAIR OF THE MEETING"),
                    "authority": "",
                    "title": "",
                    "name": self.chair_name or "",
                },
            ],
            "recipients": ["%s;" % office.document_name for office in offices[:1]]
            + [_("Filed: the savings-and-loan group.")],
        }
