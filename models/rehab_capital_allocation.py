# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.guards import check_entry_date

CAPITAL_SOURCES = [
    ("central", "Central budget"),
    ("province", "Province budget"),
    ("commune", "Commune budget"),
    ("vbsp", "VBSP capital"),
]


class RehabCapitalAllocation(models.Model):
    _name = "rehab.capital.allocation"
    _description = "Capital entrusted to the bank for the programme"
    _inherit = ["rehab.mail.mixin", "rehab.base.mixin"]
    _order = "decision_date desc, id desc"

    source = fields.Selection(CAPITAL_SOURCES, required=True, tracking=True, index=True)
    decision_number = fields.Char(required=True, tracking=True)
    decision_date = fields.Date(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="Receiving bank unit",
        required=True,
        index=True,
        domain="[('agency_type', 'in', ('vbsp_branch', 'vbsp_office'))]",
    )
    province_id = fields.Many2one(
        related="company_id.province_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(required=True, tracking=True)
    note = fields.Char()

    @api.constrains("amount", "company_id", "decision_date")
    def _check_allocation(self):
        for allocation in self:
            if allocation.amount <= 0:
                raise ValidationError(_("The amount allocated must be positive."))
            check_entry_date(self.env, allocation.decision_date, _("The decision"))
            if allocation.company_id.agency_type not in ("vbsp_branch", "vbsp_office"):
                raise ValidationError(_("Capital is entrusted to a unit of the bank."))

    # Capital is money lent out: an allocation is never changed or deleted.

    def _refuse_change(self):
        raise UserError(
            _(
                "A capital allocation is never changed or deleted once recorded: "
                "the loans disbursed count on it. Record a new allocation instead."
            )
        )

    def write(self, vals):
        money = {"amount", "company_id", "source", "decision_date"}
        if money & set(vals) and not self.env.su:
            self._refuse_change()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        if not self.env.su:
            self._refuse_change()
