# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools import loan_rules


class RehabLoanExtension(models.Model):
    _name = "rehab.loan.extension"
    _description = "Debt extension of a loan"
    _inherit = ["rehab.loan.event", "rehab.base.mixin"]
    _order = "date desc, id desc"

    months = fields.Integer(string="Extended by (months)", required=True)
    reason = fields.Text(required=True)
    detail = fields.Text(string="Instalments moved", readonly=True)
    line_ids = fields.One2many(
        "rehab.loan.extension.line",
        "extension_id",
        string="Moves of the instalments",
        readonly=True,
    )
    user_id = fields.Many2one(string="Decided by")

    @api.model
    def _fill_lines_from_detail(self):
        """The lines of the extensions recorded before them, read once from
        their text (migration to 18.0.1.1.0); returns the lines made."""
        extensions = self.sudo().search([("line_ids", "=", False)])
        installments = {
            (line.loan_id.id, line.sequence): line.id
            for line in extensions.loan_id.installment_ids
        }
        vals_list = [
            {
                "extension_id": extension.id,
                "loan_id": extension.loan_id.id,
                "date": extension.date,
                "user_id": extension.user_id.id,
                "installment_id": installments.get(
                    (extension.loan_id.id, sequence), False
                ),
                "sequence": sequence,
                "old_due_date": old,
                "new_due_date": new,
            }
            for extension in extensions
            for sequence, old, new in loan_rules.parse_extension_detail(
                extension.detail
            )
        ]
        return self.env["rehab.loan.extension.line"].sudo().create(vals_list)
