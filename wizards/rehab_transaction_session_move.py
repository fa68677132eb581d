# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class RehabTransactionSessionMove(models.TransientModel):
    _name = "rehab.transaction.session.move"
    _inherit = ["rehab.base.mixin"]
    _description = "Move a transaction session to another day"

    session_id = fields.Many2one(
        "rehab.transaction.session", required=True, readonly=True
    )
    current_date = fields.Date(related="session_id.date", string="Planned on")
    new_date = fields.Date(string="New date", required=True)
    reason = fields.Text(required=True, help="E.g. a public holiday.")
    day_off_warning = fields.Char(
        string="Warning",
        compute="_compute_day_off_warning",
        help="The new date is a Saturday, a Sunday or a public holiday: the "
        "move is allowed, the chatter says it.",
    )

    @api.depends("new_date")
    def _compute_day_off_warning(self):
        Session = self.env["rehab.transaction.session"]
        for wizard in self:
            wizard.day_off_warning = Session._day_off_note(wizard.new_date)

    def action_move(self):
        self.ensure_one()
        self.session_id._move(self.new_date, self.reason)
        return {"type": "ir.actions.act_window_close"}
