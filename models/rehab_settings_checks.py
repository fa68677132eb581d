# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The checks of the programme settings' values."""

from odoo import _, api, models
from odoo.exceptions import ValidationError

from ..tools.rehab_rules import DEFAULT_PARAMS
from .rehab_settings import FIELD_PREFIX

# An integer column holds no more: a larger value is refused with a clear
# message, not by the database. The amounts in đồng are floats without
# decimals for the same reason (a ceiling may pass 2.1 billion đồng).
INTEGER_MAX = 2**31 - 1


class RehabSettings(models.TransientModel):
    _inherit = "rehab.settings"

    @api.model
    def _check_integer_range(self, vals):
        for name, value in vals.items():
            field = self._fields.get(name)
            if (
                field
                and field.type == "integer"
                and isinstance(value, int | float)
                and abs(value) > INTEGER_MAX
            ):
                raise ValidationError(
                    _(
                        "%(field)s: the value %(value)s is too large.",
                        field=field._description_string(self.env),
                        value=value,
                    )
                )

    @api.constrains(*(FIELD_PREFIX + key for key in DEFAULT_PARAMS))
    def _check_rehab_params(self):
        for settings in self:
            settings._check_rehab_amounts()
            settings._check_rehab_days()
            settings._check_loan_days()
            settings._check_rehab_rhythm()
            settings._check_rehab_rates()

    def _check_rehab_amounts(self):
        """Ceilings, the training amount, the term and the extension."""
        if (
            min(
                self.rehab_individual_ceiling,
                self.rehab_establishment_ceiling,
                self.rehab_training_amount_per_month,
                self.rehab_max_term_months,
                self.rehab_max_extension_months,
            )
            <= 0
            or self.rehab_per_worker_ceiling < 0
        ):
            raise ValidationError(
                _(
                    "Ceilings, the training amount, the term and the extension "
                    "must be positive."
                )
            )

    def _check_rehab_days(self):
        """The days and years of the lists, slips, ages and decisions."""
        if not 1 <= self.rehab_list_deadline_day <= 28:
            raise ValidationError(
                _("The monthly list is due on a day between 1 and 28.")
            )
        if not 1 <= self.rehab_slip_validity_days <= 3650:
            raise ValidationError(
                _("A referral slip is valid between 1 and 3650 days.")
            )
        if not 0 < self.rehab_min_age <= 100:
            raise ValidationError(_("The minimum age must be between 1 and 100."))
        if not 0 < self.rehab_window_years <= 100:
            raise ValidationError(
                _("The years after the management decision must be between 1 and 100.")
            )
        if not 0 <= self.rehab_closing_soon_days <= 3650:
            raise ValidationError(_("The warning days must be between 0 and 3650."))
        if not 1 <= self.rehab_decision_working_days <= 30:
            raise ValidationError(_("The bank decides within 1 to 30 working days."))

    def _check_rehab_rhythm(self):
        """How often a loan's use is checked and how far a session moves."""
        if not 1 <= self.rehab_use_check_months <= 120:
            raise ValidationError(
                _("The use of a loan is checked every 1 to 120 months.")
            )
        if not 1 <= self.rehab_session_move_days <= 31:
            raise ValidationError(
                _("A session moves at most 1 to 31 days from its day.")
            )

    def _check_rehab_rates(self):
        """The entrustment fee, the commission and the minimum share."""
        if not (
            0 <= self.rehab_entrustment_fee_rate <= 100
            and 0 <= self.rehab_leader_commission_rate <= 100
        ):
            raise ValidationError(
                _(
                    "The entrustment fee and the commission are between 0 "
                    "and 100 % of the interest collected."
                )
            )
        if not 0 < self.rehab_establishment_min_share <= 100:
            raise ValidationError(
                _(
                    "The minimum share of post-rehab workers must be "
                    "between 0 and 100 %."
                )
            )

    @api.constrains("rehab_access_volume_factor", "rehab_access_volume_minimum")
    def _check_access_volume(self):
        for settings in self:
            if not (
                1 <= settings.rehab_access_volume_factor <= 1000
                and 1 <= settings.rehab_access_volume_minimum <= 1_000_000
            ):
                raise ValidationError(
                    _(
                        "Unusual access: the factor is between 1 and 1000 and the "
                        "minimum between 1 and 1,000,000 records a day."
                    )
                )

    @api.constrains("rehab_retention_years")
    def _check_retention(self):
        for settings in self:
            if not 1 <= settings.rehab_retention_years <= 100:
                raise ValidationError(
                    _("Sensitive data are kept 1 to 100 years after archiving.")
                )

    def _check_loan_days(self):
        """The days of the first instalment and of the overdue that keeps
        from a new loan."""
        if not 0 <= self.rehab_first_due_days <= 90:
            raise ValidationError(
                _(
                    "The first instalment falls due 0 to 90 days after the "
                    "disbursement at least."
                )
            )
        if not 0 <= self.rehab_new_loan_overdue_days <= 3650:
            raise ValidationError(
                _("The days overdue that keep from a new loan are 0 to 3650.")
            )
