# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

RISK_CAUSES = [
    ("death", "Death"),
    ("disaster", "Natural disaster"),
    ("illness", "Illness"),
    ("other", "Other"),
]
RISK_ACTIONS = [
    ("freeze", "Freeze the debt"),
    ("write_off_interest", "Write off interest"),
    ("write_off_principal", "Write off principal"),
]


class RehabLoanRisk(models.Model):
    _name = "rehab.loan.risk"
    _description = "Risk handling of a loan"
    _inherit = ["rehab.loan.event", "rehab.base.mixin"]
    _order = "date desc, id desc"

    cause = fields.Selection(RISK_CAUSES, required=True)
    action = fields.Selection(RISK_ACTIONS, required=True)
    amount = fields.Monetary(string="Amount handled")
    note = fields.Text(required=True)
    user_id = fields.Many2one(string="Decided by")
