# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import loan_rules
from .loan import LOAN_PURPOSES
from .rehab_session_sheet import TYPISTS

# The instalment figures loan_rules.due_by reads.
DUE_FIELDS = (
    "loan_id",
    "due_date",
    "principal_remaining",
    "interest_remaining",
    "overdue_principal_days",
    "accrued_to",
    "overdue_interest_paid",
    "overdue_interest_waived",
)


class RehabSessionSheetLine(models.Model):
    """A borrower's loan on a group's collection sheet.

    What falls due is set by the sheet (in-process); the teller types only
    what the borrower paid at the session, while the session is open.
    """

    _name = "rehab.session.sheet.line"
    _inherit = ["rehab.base.mixin"]
    _description = "Loan on a collection sheet"
    _order = "sheet_id, borrower_name, id"

    sheet_id = fields.Many2one(
        "rehab.session.sheet",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    session_id = fields.Many2one(
        related="sheet_id.session_id", store=True, index=True, string="Session"
    )
    savings_group_id = fields.Many2one(
        related="sheet_id.savings_group_id",
        store=True,
        index=True,
        string="Savings-and-loan group",
    )
    vbsp_office_id = fields.Many2one(
        related="sheet_id.vbsp_office_id",
        store=True,
        index=True,
        string="VBSP transaction office",
    )
    sheet_state = fields.Selection(related="sheet_id.state", string="Sheet state")
    loan_id = fields.Many2one(
        "rehab.loan",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    borrower_name = fields.Char(
        related="loan_id.borrower_name", store=True, string="Borrower"
    )
    purpose = fields.Selection(LOAN_PURPOSES, readonly=True)
    currency_id = fields.Many2one(related="sheet_id.currency_id")
    outstanding_principal = fields.Monetary(
        string="Outstanding", readonly=True, help="When the sheet was made."
    )
    due_overdue_interest = fields.Monetary(string="Overdue interest", readonly=True)
    due_interest = fields.Monetary(string="Interest", readonly=True)
    due_principal = fields.Monetary(string="Principal", readonly=True)
    due_total = fields.Monetary(
        string="Due",
        readonly=True,
        help="Overdue interest, interest and principal fallen due by the "
        "session's day.",
    )
    receipt_ids = fields.One2many(
        "rehab.leader.receipt",
        "sheet_line_id",
        string="Group leader's receipts",
        readonly=True,
    )
    receipt_amount = fields.Monetary(
        string="Collected by the group leader",
        compute="_compute_amounts",
        store=True,
    )
    to_collect = fields.Monetary(
        string="To collect",
        compute="_compute_amounts",
        store=True,
        help="Due, less what the group leader already collected.",
    )
    amount_paid = fields.Monetary(
        string="Paid at the session",
        help="What the borrower paid at the session (typed by the teller).",
    )
    amount_total = fields.Monetary(
        string="To post",
        compute="_compute_amounts",
        store=True,
        help="Paid at the session and collected by the group leader.",
    )
    differs = fields.Boolean(
        string="Differs from what is due", compute="_compute_amounts", store=True
    )
    repayment_id = fields.Many2one("rehab.loan.repayment", readonly=True)
    posted_overdue_interest = fields.Monetary(
        related="repayment_id.overdue_interest", string="Posted to overdue interest"
    )
    posted_interest = fields.Monetary(
        related="repayment_id.interest", string="Posted to interest"
    )
    posted_principal = fields.Monetary(
        related="repayment_id.principal", string="Posted to principal"
    )
    is_reversed = fields.Boolean(related="repayment_id.is_reversed", string="Reversed")
    # What the posting of the amount to post will book, by the loan's own rule
    # (loan_rules.allocate): a borrower who brings the sheet's figures has
    # them booked as shown.
    book_overdue_interest = fields.Monetary(
        string="To book as overdue interest", compute="_compute_booking"
    )
    book_interest = fields.Monetary(
        string="To book as interest", compute="_compute_booking"
    )
    book_principal = fields.Monetary(
        string="To book as principal", compute="_compute_booking"
    )

    _sql_constraints = [
        (
            "sheet_loan_uniq",
            "unique(sheet_id, loan_id)",
            "A loan is once on a collection sheet.",
        ),
    ]

    @api.depends("due_total", "receipt_ids.amount", "amount_paid")
    def _compute_amounts(self):
        for line in self:
            line.receipt_amount = sum(line.receipt_ids.mapped("amount"))
            line.to_collect = max(line.due_total - line.receipt_amount, 0)
            line.amount_total = line.amount_paid + line.receipt_amount
            line.differs = line.amount_total != line.due_total

    @api.depends("amount_total", "session_id.date", "repayment_id")
    def _compute_booking(self):
        """What posting the amount would book on each part, for the lines not
        posted (a posted line shows what was booked); one query per session."""
        for line in self.filtered("repayment_id"):
            line.book_overdue_interest = line.repayment_id.overdue_interest
            line.book_interest = line.repayment_id.interest
            line.book_principal = line.repayment_id.principal
        pending = self - self.filtered("repayment_id")
        for session in pending.session_id:
            lines = pending.filtered(lambda line, s=session: line.session_id == s)
            owed = self._loan_owed(lines.loan_id, session.date)
            for line in lines:
                booked = loan_rules.split(
                    int(line.amount_total), owed.get(line.loan_id.id, [])
                )
                line.book_overdue_interest = booked["overdue_interest"]
                line.book_interest = booked["interest"]
                line.book_principal = booked["principal"] + booked["left"]
        (pending - pending.filtered("session_id")).update(
            dict.fromkeys(
                ("book_overdue_interest", "book_interest", "book_principal"), 0
            )
        )

    @api.constrains("amount_paid")
    def _check_amount_paid(self):
        for line in self:
            if line.amount_paid < 0:
                raise ValidationError(
                    _(
                        "The amount paid by %s cannot be negative.",
                        line.loan_id.borrower_name,
                    )
                )

    # Only the amount paid is typed, by the teller, while the session is open.

    def _refuse(self):
        raise UserError(
            _(
                "The lines of a collection sheet are made from the loans of the "
                "group; only the amount paid at the session is typed."
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._refuse()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if set(vals) - {"amount_paid"}:
                self._refuse()
            step = _("Type what the borrowers paid")
            for sheet in self.sheet_id:
                if sheet.state != "draft":
                    raise UserError(
                        _(
                            "The collection of %(group)s is %(state)s: it is no "
                            "longer typed.",
                            group=sheet.savings_group_id.name,
                            state=sheet._workflow_states_label([sheet.state]),
                        )
                    )
                sheet._check_session_open(step)
            self.session_id._check_team_member(TYPISTS, step)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_in_process_only(self):
        if not self.env.su:
            self._refuse()

    # What falls due

    @api.model
    def _due_rows(self, loans):
        """{loan id: its instalments as loan_rules.owed_on reads them}, in one
        query."""
        Installment = self.env["rehab.loan.installment"].sudo()
        Installment.flush_model(DUE_FIELDS)
        rows = Installment.search_read(
            [("loan_id", "in", loans.ids)],
            list(DUE_FIELDS),
            order="loan_id, sequence",
            load=None,
        )
        by_loan = {loan_id: [] for loan_id in loans.ids}
        for row in rows:
            row["overdue_interest_settled"] = (
                row["overdue_interest_paid"] + row["overdue_interest_waived"]
            )
            by_loan[row["loan_id"]].append(row)
        return by_loan

    @api.model
    def _loan_dues(self, loans, day):
        """{loan id: loan_rules.due_by(day, …)} of ``loans``, in two queries."""
        return {
            loan_id: loan_rules.due_totals(owed)
            for loan_id, owed in self._loan_owed(loans, day).items()
        }

    @api.model
    def _loan_owed(self, loans, day):
        """{loan id: loan_rules.owed_on(day, …)} of ``loans``, in two queries:
        what each instalment owes on ``day``, as ``rehab.loan._repay`` shares a
        payment over it."""
        by_loan = self._due_rows(loans)
        return {
            loan.id: loan_rules.owed_on(
                day,
                by_loan[loan.id],
                annual_rate=loan.interest_rate,
                overdue_multiplier=loan.overdue_multiplier,
                frozen=loan.risk_action == "freeze",
            )
            for loan in loans.sudo()
        }

    @api.model
    def _loan_payoffs(self, days):
        """{loan id: loan_rules.payoff_by(day, …)} for ``days`` {loan id:
        day}: the most each loan can take in a payment on its day."""
        loans = self.env["rehab.loan"].sudo().browse(list(days))
        by_loan = self._due_rows(loans)
        return {
            loan.id: loan_rules.payoff_by(
                days[loan.id],
                by_loan[loan.id],
                annual_rate=loan.interest_rate,
                overdue_multiplier=loan.overdue_multiplier,
                frozen=loan.risk_action == "freeze",
            )
            for loan in loans
        }

    def _prefill_planned(self):
        """Before the session: what to collect is what is due less the receipts."""
        for line in self.sudo():
            if line.sheet_id.state == "draft" and line.session_id.state == "planned":
                amount = max(line.due_total - line.receipt_amount, 0)
                if line.amount_paid != amount:
                    line.amount_paid = amount
