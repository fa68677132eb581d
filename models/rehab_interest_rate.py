# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.rehab_rules import EARLIEST_BIRTH_DATE
from ..tools.roles import NATIONAL_ADMIN


class RehabInterestRate(models.Model):
    """The programme's lending rate from a date, with the legal text it comes
    from. Entered by the national administrator from today or a later day; a
    rate in force or past never changes and is never deleted (the loans
    granted under it keep it)."""

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
    legal_number = fields.Char(
        string="Legal text",
        required=True,
        help="Number of the text the rate comes from: «1234/QĐ-NHCS».",
    )
    legal_date = fields.Date(string="Issued on")
    legal_article = fields.Char(string="Article")
    entered_by_id = fields.Many2one(
        "res.users", string="Entered by", readonly=True, ondelete="restrict"
    )
    entered_on = fields.Datetime(string="Entered on", readonly=True)

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

    def _check_rate_author(self):
        """Only the national administrator (or Odoo's) enters the rates."""
        user = self.env.user
        if self.env.su or any(
            user.has_group(group) for group in (NATIONAL_ADMIN, "base.group_system")
        ):
            return
        raise AccessError(
            _("Only the national administrator enters the lending rates.")
        )

    def _check_rate_dates(self, vals):
        if self.env.su:
            return
        today = self._rehab_today()
        effective = fields.Date.to_date(vals.get("effective_date"))
        if effective and effective < today:
            raise ValidationError(
                _(
                    "A lending rate takes effect from today or a later day: the "
                    "loans of past days keep the rate of their day."
                )
            )
        legal_date = fields.Date.to_date(vals.get("legal_date"))
        if legal_date and not EARLIEST_BIRTH_DATE <= legal_date <= today:
            raise ValidationError(_("The legal text is dated between 1900 and today."))
        if "legal_number" in vals and not (vals["legal_number"] or "").strip():
            raise ValidationError(_("Give the legal text the rate comes from."))

    def _check_not_in_force(self, message):
        today = self._rehab_today()
        if not self.env.su and any(rate.effective_date <= today for rate in self):
            raise UserError(message)

    @api.model_create_multi
    def create(self, vals_list):
        self._check_rate_author()
        now = fields.Datetime.now()
        for vals in vals_list:
            self._check_rate_dates(vals)
            vals.update(entered_by_id=self.env.uid, entered_on=now)
        return super().create(vals_list)

    def write(self, vals):
        self._check_rate_author()
        if {"entered_by_id", "entered_on"} & set(vals) and not self.env.su:
            raise UserError(
                _("Who entered a rate and when are recorded by the server.")
            )
        self._check_not_in_force(
            _(
                "A lending rate in force or past does not change: enter a new "
                "rate from a later day."
            )
        )
        self._check_rate_dates(vals)
        return super().write(vals)

    def unlink(self):
        self._check_rate_author()
        self._check_not_in_force(
            _(
                "A lending rate in force or past is never deleted: the loans "
                "granted under it keep it."
            )
        )
        return super().unlink()

    @api.model
    def _rate_on(self, day):
        rate = self.search([("effective_date", "<=", day)], limit=1)
        if not rate:
            raise UserError(
                _("No lending rate is in force on %s: fill the rate table.", day)
            )
        return rate
