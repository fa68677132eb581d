# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class RehabLoanExtensionLine(models.Model):
    """One instalment a debt extension moved: from which due date to which.

    Written by the extension (rehab.loan._extend) and, for the extensions
    recorded before the lines existed, once from their text on upgrade; read
    by the figures as of a past day. Append-only, as every entry of the
    ledger (rehab.loan.event).
    """

    _name = "rehab.loan.extension.line"
    _description = "Instalment moved by a debt extension"
    _inherit = ["rehab.loan.event", "rehab.base.mixin"]
    _order = "extension_id, sequence"

    extension_id = fields.Many2one(
        "rehab.loan.extension",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    # A later tranche remakes the schedule: the instalment may be gone, its
    # number and dates stay.
    installment_id = fields.Many2one(
        "rehab.loan.installment", readonly=True, ondelete="set null"
    )
    sequence = fields.Integer(string="No.", required=True, readonly=True)
    old_due_date = fields.Date(string="Due date before", required=True, readonly=True)
    new_due_date = fields.Date(string="Due date after", required=True, readonly=True)

    @api.constrains("loan_id", "extension_id", "installment_id")
    def _check_loan(self):
        for line in self.sudo():
            loans = line.extension_id.loan_id | line.installment_id.loan_id
            if loans != line.loan_id:
                raise ValidationError(
                    _("An instalment moved by an extension is one of its loan's.")
                )
