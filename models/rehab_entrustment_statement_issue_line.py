# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError

from .rehab_entrustment_statement_issue import issued_never_changes
from .rehab_savings_group import ORGANISATIONS


class RehabEntrustmentStatementIssueLine(models.Model):
    """A group's figures on an issued statement, as they were on the day it
    was issued (copied from rehab.entrustment.fee); never changed."""

    _name = "rehab.entrustment.statement.issue.line"
    _inherit = ["rehab.step.lines.mixin", "rehab.base.mixin"]
    _description = "Line of an issued statement of entrustment fees"
    _order = "statement_id, sequence, id"

    statement_id = fields.Many2one(
        "rehab.entrustment.statement.issue",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    sequence = fields.Integer(readonly=True)
    company_id = fields.Many2one(
        "res.company", string="Commune", readonly=True, ondelete="restrict"
    )
    savings_group_id = fields.Many2one(
        "rehab.savings.group",
        string="Savings-and-loan group",
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    organisation = fields.Selection(
        ORGANISATIONS, string="Entrusted organisation", readonly=True
    )
    leader_name = fields.Char(string="Group leader", readonly=True)
    currency_id = fields.Many2one(related="statement_id.currency_id")
    interest_collected = fields.Monetary(string="Interest collected", readonly=True)
    fee_rate = fields.Float(
        string="Fee rate (%)", digits=(5, 2), readonly=True, aggregator=None
    )
    fee_amount = fields.Monetary(string="Entrustment fee", readonly=True)
    commission_rate = fields.Float(
        string="Commission rate (%)", digits=(5, 2), readonly=True, aggregator=None
    )
    commission_amount = fields.Monetary(string="Leader's commission", readonly=True)

    def _refuse_change(self):
        raise UserError(issued_never_changes())
