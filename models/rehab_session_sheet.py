# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.tools.translate import LazyTranslate

from ..tools.roles import VBSP
from .rehab_workflow_mixin import Transition

_lt = LazyTranslate(__name__)
# Who types and posts, who counts the cash (fields of the session).
TYPISTS = ("teller_id", "leader_id")
COUNTER = ("controller_id",)


class RehabSessionSheet(models.Model):
    """The collection sheet of one savings group at one session.

    Before the session it is the group leader's sheet: each member's loan and
    what falls due by the session's day (loan_rules.due_by). At the session
    the teller types what each borrower paid (prefilled with what is due, less
    what the group leader already collected and hands over), the controller
    enters the cash counted, and the whole group is posted at once: one
    repayment per loan through ``rehab.loan._repay``, all or nothing.
    """

    _name = "rehab.session.sheet"
    _description = "Collection sheet of a savings group at a session"
    # The workflow first: it sees every write and post before mail does.
    _inherit = [
        "rehab.workflow.mixin",
        "rehab.mail.mixin",
        "rehab.document.mixin",
        "rehab.base.mixin",
    ]
    _order = "session_date desc, savings_group_id"
    _workflow_open_states = ("draft",)
    _workflow_fixed_fields = frozenset({"session_id", "savings_group_id"})
    _workflow = {
        "refresh": Transition(
            sources=("draft",),
            target=None,
            groups=(VBSP,),
            label=_lt("Refresh what falls due"),
        ),
        "post": Transition(
            sources=("draft",),
            target="posted",
            groups=(VBSP,),
            label=_lt("Post the group's collection"),
        ),
        "skip": Transition(
            sources=("draft",),
            target="skipped",
            groups=(VBSP,),
            label=_lt("Nothing collected"),
        ),
    }

    session_id = fields.Many2one(
        "rehab.transaction.session",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    session_date = fields.Date(
        related="session_id.date", store=True, string="Session date"
    )
    session_state = fields.Selection(related="session_id.state", string="Session state")
    savings_group_id = fields.Many2one(
        "rehab.savings.group",
        string="Savings-and-loan group",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    organisation = fields.Selection(related="savings_group_id.organisation")
    leader_name = fields.Char(
        related="savings_group_id.leader_name", string="Group leader"
    )
    company_id = fields.Many2one(
        related="session_id.company_id", store=True, index=True, string="Commune"
    )
    vbsp_office_id = fields.Many2one(
        related="session_id.vbsp_office_id",
        store=True,
        index=True,
        string="VBSP transaction office",
    )
    currency_id = fields.Many2one(related="session_id.currency_id")
    state = fields.Selection(
        [
            ("draft", "To collect"),
            ("posted", "Posted"),
            ("skipped", "Nothing collected"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    line_ids = fields.One2many(
        "rehab.session.sheet.line", "sheet_id", string="Borrowers"
    )
    line_count = fields.Integer(
        string="Number of borrowers", compute="_compute_totals", store=True
    )
    due_total = fields.Monetary(string="Due", compute="_compute_totals", store=True)
    receipt_total = fields.Monetary(
        string="Collected by the group leader", compute="_compute_totals", store=True
    )
    paid_total = fields.Monetary(
        string="Paid at the session", compute="_compute_totals", store=True
    )
    amount_total = fields.Monetary(
        string="To post",
        compute="_compute_totals",
        store=True,
        help="Paid at the session and collected by the group leader: what the "
        "posting records on the loans, and what the cash counted must equal.",
    )
    cash_counted = fields.Monetary(
        string="Cash counted",
        tracking=True,
        help="The cash the controller counted for the group, the group "
        "leader's receipts handed over included.",
    )
    counted_by_id = fields.Many2one("res.users", string="Counted by", readonly=True)
    counted_at = fields.Datetime(string="Counted on", readonly=True)
    difference = fields.Monetary(
        compute="_compute_difference",
        help="Cash counted less the amount to post.",
    )
    posted_by_id = fields.Many2one("res.users", string="Posted by", readonly=True)
    posted_at = fields.Datetime(string="Posted on", readonly=True)

    _sql_constraints = [
        (
            "session_group_uniq",
            "unique(session_id, savings_group_id)",
            "A savings group has one collection sheet per session.",
        ),
    ]

    @api.depends(
        "line_ids.due_total",
        "line_ids.receipt_amount",
        "line_ids.amount_paid",
        "line_ids.amount_total",
    )
    def _compute_totals(self):
        for sheet in self:
            lines = sheet.line_ids
            sheet.line_count = len(lines)
            sheet.due_total = sum(lines.mapped("due_total"))
            sheet.receipt_total = sum(lines.mapped("receipt_amount"))
            sheet.paid_total = sum(lines.mapped("amount_paid"))
            sheet.amount_total = sum(lines.mapped("amount_total"))

    @api.depends("cash_counted", "amount_total")
    def _compute_difference(self):
        for sheet in self:
            sheet.difference = sheet.cash_counted - sheet.amount_total

    @api.depends("savings_group_id", "session_id")
    def _compute_display_name(self):
        for sheet in self:
            sheet.display_name = "%s – %s" % (
                sheet.savings_group_id.name or "",
                self._rehab_format_date(sheet.session_date),
            )

    def organisation_label(self):
        self.ensure_one()
        return dict(self._fields["organisation"]._description_selection(self.env)).get(
            self.organisation, ""
        )

    # What falls due

    def _refresh_lines(self, loans=None, keep_typed=False):
        """One line per running loan of the group, with what falls due by the
        session's day; the group leader's receipts held are linked to them.

        In-process (sudo). ``loans`` the running loans of the session's commune
        (searched when not given); ``keep_typed`` keeps what the teller typed on
        the lines that stay (a refresh during the session).
        """
        Line = self.env["rehab.session.sheet.line"].sudo()
        Receipt = self.env["rehab.leader.receipt"].sudo()
        refreshed = prefill = Line.browse()
        for sheet in self.sudo():
            session = sheet.session_id
            if loans is None:
                group_loans = session._sheet_loans().filtered(
                    lambda loan, g=sheet.savings_group_id: loan.savings_group_id == g
                )
            else:
                group_loans = loans.filtered(
                    lambda loan, g=sheet.savings_group_id: loan.savings_group_id == g
                )
            gone = sheet.line_ids.filtered(
                lambda line, kept=group_loans: line.loan_id not in kept
            )
            gone.receipt_ids.write({"sheet_line_id": False})
            gone.unlink()
            new = group_loans - sheet.line_ids.loan_id
            Line.create([{"sheet_id": sheet.id, "loan_id": loan.id} for loan in new])
            lines = sheet.line_ids
            dues = Line._loan_dues(lines.loan_id, session.date)
            for line in lines:
                due = dues[line.loan_id.id]
                line.write(
                    {
                        "due_overdue_interest": due["overdue_interest"],
                        "due_interest": due["interest"],
                        "due_principal": due["principal"],
                        "due_total": due["total"],
                        "outstanding_principal": line.loan_id.outstanding_principal,
                        "purpose": line.loan_id.purpose,
                    }
                )
            refreshed |= lines
            prefill |= lines.filtered(
                lambda line, new=new: not keep_typed or line.loan_id in new
            )
        # The receipts held of these loans go to the sheet of their own
        # session (the first on or after their day), these or another, once
        # for all the sheets.
        Receipt.search(
            [("loan_id", "in", refreshed.loan_id.ids), ("state", "=", "held")]
        )._link_to_sheets()
        for line in prefill:
            amount = max(line.due_total - line.receipt_amount, 0)
            if line.amount_paid != amount:
                line.amount_paid = amount

    def action_refresh(self):
        sheets = self._workflow_start("refresh")
        for sheet in sheets:
            sheet._check_session_open(_("Refresh what falls due"), ("planned", "open"))
            sheet._refresh_lines(keep_typed=sheet.session_id.state == "open")
        return True

    def action_print_xlsx(self):
        return self.env.ref(
            "post_rehab_credit.action_report_collection_sheet_xlsx"
        ).report_action(self)

    # Printed document

    def _official_document(self):
        """The transaction office's sheet for the group leader."""
        self.ensure_one()
        office = self.vbsp_office_id.sudo()
        heading = self._doc_heading(office)
        group = self.savings_group_id.sudo()
        return {
            "parent": heading["parent"],
            "issuer": heading["issuer"],
            "number": False,
            "place_date": self._doc_place_date(heading["place"], self.session_date),
            "kind": _("COLLECTION SHEET"),
            "summary": _(
                "Interest and principal of the session of %(day)s – %(group)s",
                day=self._doc_date(self.session_date),
                group=group.name,
            ),
            "addressees": [],
            "draft": False,
            "signers": [
                {
                    "heading": _("GROUP LEADER"),
                    "authority": "",
                    "title": "",
                    "name": self.leader_name or "",
                },
                {
                    "heading": _("TRANSACTION TEAM LEADER"),
                    "authority": "",
                    "title": "",
                    "name": self.session_id.leader_id.sudo().name or "",
                },
            ],
            "recipients": ["%s;" % group.name, _("Filed: office records.")],
        }
