# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class RehabInterestRate(models.Model):
    _name = "rehab.interest.rate"
    _inherit = ["rehab.base.mixin"]
    _description = "Lending rate of the programme"
    _order = "effective_date desc"
    _rec_name = "effective_date"

    effective_date = fields.Date(required=True, index=True)
    annual_rate = fields.Float(
        string="Annual rate (%)",
        required=True,
        digits=(5, 3),
        aggregator=None,
        help="The poor-household lending rate of the period.",
    )
    overdue_multiplier = fields.Float(
        string="Overdue rate (% of the lending rate)",
        required=True,
        default=130.0,
        digits=(5, 1),
        aggregator=None,
    )
    note = fields.Char(string="Decided by")

    _sql_constraints = [
        ("date_uniq", "unique(effective_date)", "One rate per effective date."),
    ]

    @api.constrains("annual_rate", "overdue_multiplier")
    def _check_rates(self):
        for rate in self:
            if not 0 < rate.annual_rate < 100:
                raise ValidationError(_("The annual rate must be between 0 and 100 %."))
            if not 100 <= rate.overdue_multiplier <= 300:
                raise ValidationError(
                    _("The overdue rate must be between 100 % and 300 % of the rate.")
                )

    @api.model
    def _rate_on(self, day):
        rate = self.search([("effective_date", "<=", day)], limit=1)
        if not rate:
            raise UserError(
                _("No lending rate is in force on %s: fill the rate table.", day)
            )
        return rate
