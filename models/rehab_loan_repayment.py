# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class RehabLoanRepayment(models.Model):
    _name = "rehab.loan.repayment"
    _description = "Repayment of a loan"
    _inherit = ["rehab.loan.event", "rehab.base.mixin"]

    amount = fields.Monetary(required=True, readonly=True)
    overdue_interest = fields.Monetary(string="To overdue interest", readonly=True)
    interest = fields.Monetary(string="To interest", readonly=True)
    principal = fields.Monetary(string="To principal", readonly=True)
    user_id = fields.Many2one(string="Posted by")
    allocation_ids = fields.One2many(
        "rehab.loan.allocation", "repayment_id", readonly=True
    )
    reversal_ids = fields.One2many("rehab.loan.reversal", "repayment_id", readonly=True)
    is_reversed = fields.Boolean(
        string="Reversed", compute="_compute_is_reversed", store=True
    )

    @api.depends("reversal_ids")
    def _compute_is_reversed(self):
        for repayment in self:
            repayment.is_reversed = bool(repayment.reversal_ids)

    @api.depends("date", "amount")
    def _compute_display_name(self):
        for repayment in self:
            repayment.display_name = "%s – %s đồng" % (
                self._rehab_format_date(repayment.date),
                self._rehab_format_amount(repayment.amount),
            )
