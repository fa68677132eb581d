# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..models.loan import USE_FINDINGS
from ..models.rehab_loan_use_check import CHECKERS
from ..tools.roles import SAVINGS, VBSP


class RehabLoanCheck(models.TransientModel):
    _name = "rehab.loan.check"
    _inherit = ["rehab.base.mixin"]
    _description = "Record a loan-use check"

    loan_id = fields.Many2one("rehab.loan", required=True, readonly=True)
    date = fields.Date(required=True, default=lambda self: self._rehab_today())
    checked_by = fields.Selection(CHECKERS, string="Checked for", required=True)
    finding = fields.Selection(USE_FINDINGS, required=True)
    note = fields.Text(string="What was found")

    @api.model
    def default_get(self, fields_list):
        """The checker of the user's role: the organisation for an officer of
        a savings group, the bank for an officer of a transaction office."""
        values = super().default_get(fields_list)
        if "checked_by" in fields_list and not values.get("checked_by"):
            user = self.env.user
            if user.has_group(VBSP):
                values["checked_by"] = "bank"
            elif user.has_group(SAVINGS):
                values["checked_by"] = "organisation"
        return values

    def action_record(self):
        self.ensure_one()
        self.loan_id._record_use_check(
            self.date, self.checked_by, self.finding, self.note
        )
        return {"type": "ir.actions.act_window_close"}
