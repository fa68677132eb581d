# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    rehab_min_age = fields.Integer(
        string="Minimum age",
        config_parameter="post_rehab_credit.min_age",
        default=12,
        help="A person may borrow from this birthday on.",
    )
    rehab_window_years = fields.Integer(
        string="Years after the management decision",
        config_parameter="post_rehab_credit.window_years",
        default=10,
        help="Longest time from the issue date of the post-rehab management "
        "decision to the day of borrowing.",
    )
    rehab_closing_soon_days = fields.Integer(
        string="Warn days before the window closes",
        config_parameter="post_rehab_credit.closing_soon_days",
        default=60,
    )
    rehab_establishment_min_share = fields.Float(
        string="Minimum share of post-rehab workers (%)",
        config_parameter="post_rehab_credit.establishment_min_share",
        default=10.0,
        digits=(5, 2),
    )

    rehab_list_deadline_day = fields.Integer(
        string="Monthly list due on day",
        config_parameter="post_rehab_credit.list_deadline_day",
        default=5,
        help="The commune police draw up and submit the monthly list before this "
        "day of the month; the list is late the day after.",
    )
    rehab_slip_validity_days = fields.Integer(
        string="Referral slip valid for (days)",
        config_parameter="post_rehab_credit.slip_validity_days",
        default=90,
    )

    rehab_individual_ceiling = fields.Integer(
        string="Ceiling per person (đồng)",
        config_parameter="post_rehab_credit.individual_ceiling",
        default=200_000_000,
    )
    rehab_establishment_ceiling = fields.Integer(
        string="Ceiling per establishment (đồng)",
        config_parameter="post_rehab_credit.establishment_ceiling",
        default=2_000_000_000,
    )
    rehab_per_worker_ceiling = fields.Integer(
        string="Ceiling per post-rehab worker (đồng)",
        config_parameter="post_rehab_credit.per_worker_ceiling",
        default=0,
        help="Empty or zero: no ceiling per worker.",
    )
    rehab_training_amount_per_month = fields.Integer(
        string="Training loan per month of study (đồng)",
        config_parameter="post_rehab_credit.training_amount_per_month",
        default=4_000_000,
    )
    rehab_max_term_months = fields.Integer(
        string="Longest term (months)",
        config_parameter="post_rehab_credit.max_term_months",
        default=120,
    )
    rehab_max_extension_months = fields.Integer(
        string="Longest extension (months)",
        config_parameter="post_rehab_credit.max_extension_months",
        default=12,
    )

    @api.constrains(
        "rehab_individual_ceiling",
        "rehab_establishment_ceiling",
        "rehab_per_worker_ceiling",
        "rehab_training_amount_per_month",
        "rehab_max_term_months",
        "rehab_max_extension_months",
        "rehab_list_deadline_day",
        "rehab_slip_validity_days",
        "rehab_min_age",
        "rehab_window_years",
        "rehab_closing_soon_days",
        "rehab_establishment_min_share",
    )
    def _check_rehab_params(self):
        for settings in self:
            if (
                min(
                    settings.rehab_individual_ceiling,
                    settings.rehab_establishment_ceiling,
                    settings.rehab_training_amount_per_month,
                    settings.rehab_max_term_months,
                    settings.rehab_max_extension_months,
                )
                <= 0
                or settings.rehab_per_worker_ceiling < 0
            ):
                raise ValidationError(
                    _(
                        "Ceilings, the training amount, the term and the extension "
                        "must be positive."
                    )
                )
            if not 1 <= settings.rehab_list_deadline_day <= 28:
                raise ValidationError(
                    _("The monthly list is due on a day between 1 and 28.")
                )
            if not 1 <= settings.rehab_slip_validity_days <= 3650:
                raise ValidationError(
                    _("A referral slip is valid between 1 and 3650 days.")
                )
            if not 0 < settings.rehab_min_age <= 100:
                raise ValidationError(_("The minimum age must be between 1 and 100."))
            if not 0 < settings.rehab_window_years <= 100:
                raise ValidationError(
                    _(
                        "The years after the management decision must be "
                        "between 1 and 100."
                    )
                )
            if not 0 <= settings.rehab_closing_soon_days <= 3650:
                raise ValidationError(_("The warning days must be between 0 and 3650."))
            if not 0 < settings.rehab_establishment_min_share <= 100:
                raise ValidationError(
                    _(
                        "The minimum share of post-rehab workers must be "
                        "between 0 and 100 %."
                    )
                )
