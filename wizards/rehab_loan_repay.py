# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools import loan_rules


class RehabLoanRepay(models.TransientModel):
    _name = "rehab.loan.repay"
    _inherit = ["rehab.base.mixin"]
    _description = "Post a repayment"

    loan_id = fields.Many2one("rehab.loan", required=True, readonly=True)
    date = fields.Date(required=True, default=lambda self: self._rehab_today())
    currency_id = fields.Many2one(related="loan_id.currency_id")
    amount = fields.Monetary(required=True)
    # What the amount will book, by the one rule of the desk and the session.
    due_total = fields.Monetary(
        string="Fallen due by the date", compute="_compute_booking"
    )
    book_overdue_interest = fields.Monetary(
        string="To book as overdue interest", compute="_compute_booking"
    )
    book_interest = fields.Monetary(
        string="To book as interest", compute="_compute_booking"
    )
    book_principal = fields.Monetary(
        string="To book as principal", compute="_compute_booking"
    )

    @api.depends("loan_id", "date", "amount")
    def _compute_booking(self):
        for wizard in self:
            owed = (
                wizard.loan_id._owed_on(wizard.date)
                if wizard.loan_id and wizard.date
                else []
            )
            booked = loan_rules.split(int(wizard.amount or 0), owed)
            wizard.due_total = loan_rules.due_totals(owed)["total"]
            wizard.book_overdue_interest = booked["overdue_interest"]
            wizard.book_interest = booked["interest"]
            wizard.book_principal = booked["principal"]

    def action_post(self):
        self.ensure_one()
        self.loan_id._repay(self.date, self.amount)
        return {"type": "ir.actions.act_window_close"}
