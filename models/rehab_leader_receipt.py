# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from ..tools.guards import check_entry_date
from .loan import RUNNING_STATES
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
    _inherit = [
        "rehab.workflow.mixin",
        "rehab.mail.mixin",
        "rehab.base.mixin",
    ]
    _order = "date desc, id desc"
    _workflow_open_states = ("held",)
    _workflow = {
        # Taken in-process by the posting of the group's collection.
        "hand_over": Transition(
            sources=("held",), target="handed_over", groups=(), label=_lt("Hand over")
        ),
    }

    date = fields.Date(
        required=True,
        default=lambda self: self._rehab_today(),
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
                self._rehab_format_date(receipt.date),
                self._rehab_format_amount(receipt.amount or 0),
            )

    @api.constrains("amount", "date", "loan_id")
    def _check_receipt(self):
        for receipt in self:
            loan = receipt.loan_id.sudo()
            if receipt.amount <= 0:
                raise ValidationError(_("The amount collected must be positive."))
            check_entry_date(
                self.env,
                receipt.date,
                _("A receipt"),
                loan.disbursement_ids.sorted("date")[:1].date,
                _("the loan was disbursed"),
                future=_("A receipt cannot be dated in the future."),
            )
            if loan.state not in RUNNING_STATES or not loan.savings_group_id:
                raise ValidationError(
                    _(
                        "The group leader collects only for a loan being repaid "
                        "through a savings group; %s is not one.",
                        loan.name,
                    )
                )

    def _check_owed(self):
        """What the group leader holds for a loan never passes what the loan
        can take at the session that will take it (loan_rules.payoff_by on
        that session's day, or on the receipt's day before any session)."""
        held = self.sudo().search(
            [("loan_id", "in", self.loan_id.ids), ("state", "=", "held")]
        )
        if not held:
            return
        targets = held._target_sessions()
        days, totals = {}, {}
        for receipt in held:
            session = targets.get(receipt.id)
            day = session.date if session else receipt.date
            loan_id = receipt.loan_id.id
            days[loan_id] = max(days.get(loan_id, day), day)
            totals[loan_id] = totals.get(loan_id, 0) + receipt.amount
        payoffs = self.env["rehab.session.sheet.line"]._loan_payoffs(days)
        for loan in held.loan_id:
            if totals[loan.id] > payoffs[loan.id]:
                raise ValidationError(
                    _(
                        "The group leader would hold %(held)s đồng for %(loan)s, "
                        "which owes at most %(owed)s đồng by %(day)s, the day of "
                        "the session that takes it.",
                        held=self._rehab_format_amount(totals[loan.id]),
                        loan=loan.name,
                        owed=self._rehab_format_amount(payoffs[loan.id]),
                        day=self._rehab_format_date(days[loan.id]),
                    )
                )

    # The collection sheet of its session shows it

    def _refuse_sheet_line(self, vals):
        if "sheet_line_id" in vals and not self.env.su:
            raise UserError(
                _(
                    "A receipt is on the collection sheet of its session by "
                    "itself; its sheet line is never chosen by hand."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._rehab_check_vals_list(vals_list)
        for vals in vals_list:
            self._refuse_sheet_line(vals)
        receipts = super().create(vals_list)
        receipts._link_to_sheets()
        receipts._check_owed()
        return receipts

    def write(self, vals):
        # The values' types first: the checks below read them.
        self._rehab_check_values(vals)
        self._refuse_sheet_line(vals)
        if vals.get("loan_id") and not self.env.su:
            self._check_same_group(vals["loan_id"])
        before = self.sudo().sheet_line_id
        result = super().write(vals)
        if not self.env.su:
            # The user's access holds on the new values as on create.
            self.check_access("write")
        if {"loan_id", "date", "amount"} & set(vals):
            self._link_to_sheets(before)
            self._check_owed()
        return result

    def _check_same_group(self, loan_id):
        """A receipt stays with the savings group, the commune and the
        transaction office it was recorded for."""
        loan = self.env["rehab.loan"].sudo().browse(loan_id).exists()
        for receipt in self.sudo():
            old = receipt.loan_id
            if (
                loan.savings_group_id != old.savings_group_id
                or loan.company_id != old.company_id
                or loan.vbsp_office_id != old.vbsp_office_id
            ):
                raise ValidationError(
                    _(
                        "A receipt stays with the savings group, the commune and "
                        "the transaction office it was recorded for: %(loan)s is "
                        "not a loan of %(group)s.",
                        loan=loan.name or loan_id,
                        group=old.savings_group_id.name,
                    )
                )

    def unlink(self):
        lines = self.sudo().sheet_line_id
        result = super().unlink()
        lines.exists()._prefill_planned()
        return result

    @api.model
    def _relink_for_sessions(self, sessions):
        """The receipts held in the communes of ``sessions`` follow them (a
        session planned, moved, prepared)."""
        sessions = sessions.sudo()
        if not sessions:
            return
        self.sudo().search(
            [
                ("state", "=", "held"),
                ("company_id", "in", sessions.company_id.ids),
                ("vbsp_office_id", "in", sessions.vbsp_office_id.ids),
            ]
        )._link_to_sheets()

    def _target_sessions(self):
        """{receipt id: the session that takes it}: the first session of its
        transaction point (its commune and office) on or after its day,
        planned or open, whose sheet of the group is still to collect (not
        posted, not «Nothing collected»)."""
        receipts = self.sudo()
        if not receipts:
            return {}
        sessions = (
            self.env["rehab.transaction.session"]
            .sudo()
            .search(
                [
                    ("company_id", "in", receipts.company_id.ids),
                    ("vbsp_office_id", "in", receipts.vbsp_office_id.ids),
                    ("state", "in", ("planned", "open")),
                    ("date", ">=", min(receipts.mapped("date"))),
                ],
                order="date, id",
            )
        )
        done = {
            (sheet.session_id.id, sheet.savings_group_id.id)
            for sheet in self.env["rehab.session.sheet"]
            .sudo()
            .search([("session_id", "in", sessions.ids), ("state", "!=", "draft")])
        }
        targets = {}
        for receipt in receipts:
            for session in sessions:
                if (
                    session.date >= receipt.date
                    and session.company_id == receipt.company_id
                    and session.vbsp_office_id == receipt.vbsp_office_id
                    and (session.id, receipt.savings_group_id.id) not in done
                ):
                    targets[receipt.id] = session
                    break
        return targets

    def _link_to_sheets(self, previous=None):
        """Link each receipt held to its loan's line on the collection sheet of
        its session (``_target_sessions``); until that session's sheets are
        prepared it waits, on no sheet. Refill the planned sheets' amounts to
        collect."""
        Line = self.env["rehab.session.sheet.line"].sudo()
        receipts = self.sudo().filtered(lambda r: r.state == "held")
        targets = receipts._target_sessions()
        sessions = self.env["rehab.transaction.session"].union(*targets.values())
        lines = Line.search(
            [
                ("session_id", "in", sessions.ids),
                ("loan_id", "in", receipts.loan_id.ids),
                ("sheet_id.state", "=", "draft"),
            ]
        )
        by_key = {(line.session_id.id, line.loan_id.id): line for line in lines}
        changed = previous or Line.browse()
        moves = {}
        for receipt in receipts:
            session = targets.get(receipt.id)
            target = (
                by_key.get((session.id, receipt.loan_id.id), Line.browse())
                if session
                else Line.browse()
            )
            if receipt.sheet_line_id != target:
                changed |= receipt.sheet_line_id | target
                moves.setdefault(target, receipts.browse())
                moves[target] |= receipt
        for target, moved in moves.items():
            moved.write({"sheet_line_id": target.id})
        changed.exists()._prefill_planned()
