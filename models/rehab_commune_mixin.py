# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class RehabCommuneMixin(models.AbstractModel):
    """A record that belongs to a commune: its company is the commune."""

    _name = "rehab.commune.mixin"
    _description = "Record of a commune"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        string="Commune",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.company,
        domain="[('agency_type', '=', 'commune')]",
    )

    @api.constrains("company_id")
    def _check_company_is_commune(self):
        for record in self:
            if record.company_id.agency_type != "commune":
                raise ValidationError(
                    _(
                        "%(record)s must belong to a commune or ward, not to "
                        "%(agency)s.",
                        record=record.display_name or self._description,
                        agency=record.company_id.name,
                    )
                )
