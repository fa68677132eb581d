# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.translate import LazyTranslate

from . import loan_rules
from .rehab_loan import RUNNING_STATES
from .rehab_workflow_mixin import Transition

_lt = LazyTranslate(__name__)


class RehabLeaderReceipt(models.Model):
    """Interest a group leader collected from a member between two sessions.

    It records cash in the group leader's hands, not a payment to the bank:
    the loan's ledger does not move until the leader hands the cash over at a
    session. There the receipt is on the group's collection sheet (linked to
    the member's line of the next session's sheet) and is posted in the same
    repayment as what the member paid at the session, dated the session's day;
    it is then «handed over» and frozen. Were it posted on the day the leader
    collected it, the ledger would show money the bank had not received (and
    a receipt never handed over would need a reversal), and the ledger of a
    loan goes forward: a receipt dated before a repayment at the bank desk
    could not be posted at all. A receipt is corrected or deleted while the
    leader still holds it; a sheet marked «Nothing collected» leaves its
    receipts held, for the next session.
    """

    _name = "rehab.leader.receipt"
    _description = "Group leader's receipt of interest collected"
    # The workflow first: it sees every write and post before mail does.
    _inherit = ["rehab.workflow.mixin", "mail.thread"]
    _order = "date desc, id desc"
    _workflow_open_states = ("held",)
    _workflow = {
        # Taken in-process by the posting of the group's collection.
        "hand_over": Transition(("held",), "handed_over", (), _lt("Hand over")),
    }

    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        help="The day the group leader collected the money.",
    )
    loan_id = fields.Many2one(
        "rehab.loan",
        string="Member's loan",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        domain="[('state', 'in', ('disbursing', 'repaying')), "
        "('savings_group_id', '!=', False)]",
    )
    borrower_name = fields.Char(related="loan_id.borrower_name", string="Borrower")
    savings_group_id = fields.Many2one(
        related="loan_id.savings_group_id",
        store=True,
        index=True,
        string="Savings-and-loan group",
    )
    company_id = fields.Many2one(
        related="loan_id.company_id", store=True, index=True, string="Commune"
    )
    vbsp_office_id = fields.Many2one(
        related="loan_id.vbsp_office_id",
        store=True,
        index=True,
        string="VBSP transaction office",
    )
    currency_id = fields.Many2one(related="loan_id.currency_id")
    leader_name = fields.Char(
        string="Collected by",
        compute="_compute_leader_name",
        store=True,
        readonly=False,
        help="The group leader who collected the money.",
    )
    amount = fields.Monetary(required=True, tracking=True)
    note = fields.Text()
    state = fields.Selection(
        [("held", "Held by the group leader"), ("handed_over", "Handed over")],
        default="held",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    sheet_line_id = fields.Many2one(
        "rehab.session.sheet.line",
        string="Collection sheet line",
        readonly=True,
        index=True,
        ondelete="set null",
        copy=False,
    )
    session_id = fields.Many2one(
        related="sheet_line_id.session_id", string="Handed over at"
    )
    repayment_id = fields.Many2one(
        related="sheet_line_id.repayment_id", string="Posted in"
    )

    @api.depends("loan_id")
    def _compute_leader_name(self):
        for receipt in self:
            if not receipt.leader_name:
                receipt.leader_name = (
                    receipt.loan_id.sudo().savings_group_id.leader_name
                )

    @api.depends("loan_id", "date", "amount")
    def _compute_display_name(self):
        for receipt in self:
            receipt.display_name = "%s – %s – %s đồng" % (
                receipt.loan_id.name or "",
                receipt.date.strftime("%d/%m/%Y") if receipt.date else "",
                loan_rules.format_vnd(receipt.amount or 0),
            )

    @api.constrains("amount", "date", "loan_id")
    def _check_receipt(self):
        today = fields.Date.context_today(self)
        for receipt in self:
            loan = receipt.loan_id.sudo()
            if receipt.amount <= 0:
                raise ValidationError(_("The amount collected must be positive."))
            if receipt.date > today:
                raise ValidationError(_("A receipt cannot be dated in the future."))
            if loan.state not in RUNNING_STATES or not loan.savings_group_id:
                raise ValidationError(
                    _(
                        "The group leader collects only for a loan being repaid "
                        "through a savings group; %s is not one.",
                        loan.name,
                    )
                )
            first = loan.disbursement_ids.sorted("date")[:1].date
            if first and receipt.date < first:
                raise ValidationError(
                    _("A receipt cannot be dated before the loan was disbursed.")
                )

    # The collection sheet of the next session shows it

    @api.model_create_multi
    def create(self, vals_list):
        receipts = super().create(vals_list)
        receipts._link_to_sheets()
        return receipts

    def write(self, vals):
        before = self.sudo().sheet_line_id
        result = super().write(vals)
        if {"loan_id", "date", "amount"} & set(vals):
            self._link_to_sheets(before)
        return result

    def unlink(self):
        lines = self.sudo().sheet_line_id
        result = super().unlink()
        lines.exists()._prefill_planned()
        return result

    def _link_to_sheets(self, previous=None):
        """Link each receipt held to its loan's line on the collection sheet of
        the first session to come (planned or open, on or after the receipt's
        day); refill the planned sheets' amounts to collect."""
        receipts = self.sudo().filtered(lambda r: r.state == "held")
        lines = (
            self.env["rehab.session.sheet.line"]
            .sudo()
            .search(
                [
                    ("loan_id", "in", receipts.loan_id.ids),
                    ("sheet_id.state", "=", "draft"),
                    ("session_id.state", "in", ("planned", "open")),
                ]
            )
            .sorted(lambda line: (line.session_id.date, line.id))
        )
        for receipt in receipts:
            target = lines.filtered(
                lambda line, r=receipt: (
                    line.loan_id == r.loan_id and line.session_id.date >= r.date
                )
            )[:1]
            if receipt.sheet_line_id != target:
                receipt.sheet_line_id = target
        (lines | (previous or lines.browse()))._prefill_planned()
