# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.tools import config

from ..tools.rehab_rules import DEFAULT_PARAMS, params_from_env
from ..tools.roles import ADMIN

_logger = logging.getLogger(__name__)

# The system parameter of a setting is PARAM_PREFIX + key, its field
# FIELD_PREFIX + key, for every key of rehab_rules.DEFAULT_PARAMS (which
# params_from_env reads).
PARAM_PREFIX = "post_rehab_credit."
FIELD_PREFIX = "rehab_"
# The settings that decide stored figures (see _refresh_what_changed).
REFRESH_PERSON = {"min_age", "window_years", "closing_soon_days"}
REFRESH_ESTABLISHMENT = {"establishment_min_share"}
SAVING_GROUPS = (ADMIN, "base.group_system")
# An integer column holds no more: a larger value is refused with a clear
# message, not by the database. The amounts in đồng are floats without
# decimals for the same reason (a ceiling may pass 2.1 billion đồng).
INTEGER_MAX = 2**31 - 1


class RehabSettings(models.TransientModel):
    """The programme's settings: the configurable facts of the Decision.

    They are system parameters ``post_rehab_credit.*``, read by the rules
    through ``rehab_rules.params_from_env``. The form opens on their current
    values and ``execute`` (the Save button of the settings view) writes
    them, for the programme administrator and the Odoo administrator only:
    Odoo's own res.config.settings is for the Odoo administrator alone.
    """

    _name = "rehab.settings"
    _inherit = ["rehab.base.mixin"]
    _description = "Programme settings"

    rehab_min_age = fields.Integer(
        string="Minimum age",
        default=DEFAULT_PARAMS["min_age"],
        help="A person may borrow from this birthday on.",
    )
    rehab_window_years = fields.Integer(
        string="Years after the management decision",
        default=DEFAULT_PARAMS["window_years"],
        help="Longest time from the issue date of the post-rehab management "
        "decision to the day of borrowing.",
    )
    rehab_closing_soon_days = fields.Integer(
        string="Warn days before the window closes",
        default=DEFAULT_PARAMS["closing_soon_days"],
    )
    rehab_establishment_min_share = fields.Float(
        string="Minimum share of post-rehab workers (%)",
        default=DEFAULT_PARAMS["establishment_min_share"],
        digits=(5, 2),
        aggregator=None,
    )

    rehab_list_deadline_day = fields.Integer(
        string="Monthly list due on day",
        default=DEFAULT_PARAMS["list_deadline_day"],
        help="The commune police draw up and submit the monthly list before this "
        "day of the month; the list is late the day after.",
    )
    rehab_slip_validity_days = fields.Integer(
        string="Referral slip valid for (days)",
        default=DEFAULT_PARAMS["slip_validity_days"],
    )

    rehab_individual_ceiling = fields.Float(
        string="Ceiling per person (đồng)",
        digits=(16, 0),
        default=DEFAULT_PARAMS["individual_ceiling"],
    )
    rehab_establishment_ceiling = fields.Float(
        string="Ceiling per establishment (đồng)",
        digits=(16, 0),
        default=DEFAULT_PARAMS["establishment_ceiling"],
    )
    rehab_per_worker_ceiling = fields.Float(
        string="Ceiling per post-rehab worker (đồng)",
        digits=(16, 0),
        default=DEFAULT_PARAMS["per_worker_ceiling"],
        help="Empty or zero: no ceiling per worker.",
    )
    rehab_training_amount_per_month = fields.Float(
        string="Training loan per month of study (đồng)",
        digits=(16, 0),
        default=DEFAULT_PARAMS["training_amount_per_month"],
    )
    rehab_max_term_months = fields.Integer(
        string="Longest term (months)",
        default=DEFAULT_PARAMS["max_term_months"],
    )
    rehab_max_extension_months = fields.Integer(
        string="Longest extension (months)",
        default=DEFAULT_PARAMS["max_extension_months"],
    )
    rehab_first_due_days = fields.Integer(
        string="First instalment at least (days after the disbursement)",
        default=DEFAULT_PARAMS["first_due_days"],
        help="The instalments fall due on the day of the commune's transaction "
        "session; the first at the first session at least this many days "
        "after the disbursement.",
    )
    rehab_new_loan_overdue_days = fields.Integer(
        string="No new loan with a loan overdue (days)",
        default=DEFAULT_PARAMS["new_loan_overdue_days"],
        help="A person with a loan of the programme overdue this many days or "
        "more is listed apart on the monthly list and gets no referral slip; "
        "0: an overdue loan does not keep them from a new one. A loan under "
        "recovery for misuse always does.",
    )

    rehab_decision_working_days = fields.Integer(
        string="Bank decides within (working days)",
        default=DEFAULT_PARAMS["decision_working_days"],
        help="Working days (Monday to Friday, less the public holidays) from the "
        "day the loan file is complete to the bank's decision.",
    )
    rehab_use_check_months = fields.Integer(
        string="Check the use of a loan every (months)",
        default=DEFAULT_PARAMS["use_check_months"],
        help="A disbursed loan not checked within this many months of its first "
        "disbursement or of its last check is listed as not checked.",
    )
    rehab_session_move_days = fields.Integer(
        string="A session moves at most (days)",
        default=DEFAULT_PARAMS["session_move_days"],
        help="How many days before or after its day in the calendar a "
        "transaction session may be moved (a public holiday).",
    )
    rehab_entrustment_fee_rate = fields.Float(
        string="Entrustment fee (% of the interest collected)",
        digits=(5, 2),
        aggregator=None,
        default=DEFAULT_PARAMS["entrustment_fee_rate"],
        help="Paid to the entrusted organisation on the interest collected in "
        "the month from its savings-and-loan groups.",
    )
    rehab_leader_commission_rate = fields.Float(
        string="Group leader's commission (% of the interest collected)",
        digits=(5, 2),
        aggregator=None,
        default=DEFAULT_PARAMS["leader_commission_rate"],
        help="Paid to the leader of a savings-and-loan group on the interest "
        "collected in the month from the group.",
    )

    rehab_access_volume_factor = fields.Float(
        string="Unusual access: times the user's usual",
        digits=(5, 1),
        default=DEFAULT_PARAMS["access_volume_factor"],
        help="A user who opens in a day more records of people than this many "
        "times their usual day is flagged to the province officer.",
    )
    rehab_access_volume_minimum = fields.Integer(
        string="Unusual access: at least (records a day)",
        default=DEFAULT_PARAMS["access_volume_minimum"],
        help="Days with fewer records of people opened are never flagged.",
    )
    rehab_retention_years = fields.Integer(
        string="Erase sensitive data after archiving (years)",
        default=DEFAULT_PARAMS["retention_years"],
        help="A person whose borrowing window has closed and who owes nothing "
        "is archived by the daily run; this many years after the archiving, "
        "their rehab history, conduct record and contact details are erased.",
    )

    @api.model
    def default_get(self, fields_list):
        """The current values of the parameters (their defaults when unset),
        for those who may open the settings."""
        self.browse().check_access("read")
        values = super().default_get(fields_list)
        params = params_from_env(self.env)
        for key, value in params.items():
            if FIELD_PREFIX + key in fields_list:
                values[FIELD_PREFIX + key] = value
        return values

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_integer_range(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_integer_range(vals)
        return super().write(vals)

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
            if not 1 <= settings.rehab_decision_working_days <= 30:
                raise ValidationError(
                    _("The bank decides within 1 to 30 working days.")
                )
            settings._check_loan_days()
            if not 1 <= settings.rehab_use_check_months <= 120:
                raise ValidationError(
                    _("The use of a loan is checked every 1 to 120 months.")
                )
            if not 1 <= settings.rehab_session_move_days <= 31:
                raise ValidationError(
                    _("A session moves at most 1 to 31 days from its day.")
                )
            if not (
                0 <= settings.rehab_entrustment_fee_rate <= 100
                and 0 <= settings.rehab_leader_commission_rate <= 100
            ):
                raise ValidationError(
                    _(
                        "The entrustment fee and the commission are between 0 "
                        "and 100 % of the interest collected."
                    )
                )
            if not 0 < settings.rehab_establishment_min_share <= 100:
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

    def _check_may_save(self):
        """Only the programme administrator and the Odoo administrator save."""
        if self.env.su or any(self.env.user.has_group(g) for g in SAVING_GROUPS):
            return
        raise AccessError(
            _("Only the programme administrator can change the programme settings.")
        )

    def _refresh_what_changed(self, keys):
        """Recompute at once the stored figures the changed settings decide.

        The same refreshes as the daily runs, in batches and only where a value
        moves, so that the lists read the new eligibility right after the
        save: the eligibility of every person (age, window, warning), the 10 %
        condition of every establishment, and the deadline of the monthly lists
        still being drawn up.
        """
        if keys & REFRESH_PERSON:
            self.env["rehab.person"]._cron_refresh_eligibility()
        if keys & REFRESH_ESTABLISHMENT:
            self.env["rehab.establishment"]._cron_refresh_share()
        if "list_deadline_day" in keys:
            lists = (
                self.env["rehab.monthly.list"]
                .sudo()
                .search([("state", "in", ("draft", "returned"))])
            )
            self.env.add_to_compute(lists._fields["deadline"], lists)
            lists.flush_recordset(["deadline"])
        if "decision_working_days" in keys:
            self.env["rehab.loan"]._refresh_decision_due()

    def execute(self):
        """Save: check who saves and every value, then write the parameters.

        The one method that writes the settings (the settings view's Save
        button calls it by this name). Nothing is written unless every value
        is valid; each change is logged with the user's id, the old and the
        new value.
        """
        self.ensure_one()
        self._check_may_save()
        self._check_rehab_params()
        self._check_access_volume()
        self._check_retention()
        Param = self.env["ir.config_parameter"].sudo()
        changes = []
        for key, default in DEFAULT_PARAMS.items():
            new = type(default)(self[FIELD_PREFIX + key])
            stored = Param.get_param(PARAM_PREFIX + key)
            if stored in (None, False, ""):
                old, shown = default, "%s (default)" % default
            else:
                shown = stored
                try:
                    old = type(default)(stored)
                except ValueError:
                    old = None
            if old == new:
                continue
            changes.append((key, shown, new))
        for key, __, new in changes:
            Param.set_param(PARAM_PREFIX + key, str(new))
        self._refresh_what_changed({key for key, __, __ in changes})
        if changes:
            _logger.info(
                "Programme settings changed by user #%s: %s",
                self.env.uid,
                "; ".join("%s %s → %s" % change for change in changes),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("The programme settings are saved.")
                if changes
                else _("No setting was changed."),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _activate_vnd(self):
        """At install: the đồng, the programme's currency, is active.

        Odoo's write of a currency's «active» gives every internal user the
        «Multi-currency» group as soon as two currencies are active: in a
        host database booking in another currency, installing the addon
        would hand all its users a group they did not have. The đồng is
        activated on its own (its cached descriptions refreshed), the
        host's groups left as they were.
        """
        vnd = self.env.ref("base.VND").sudo().with_context(active_test=False)
        if vnd.active:
            return
        vnd._write({"active": True})
        vnd.invalidate_recordset(["active"])
        self.env.registry.clear_cache()

    @api.model
    def _init_public_url(self):
        """At install: the address printed in QR codes and links of slips.

        The option ``post_rehab_credit_public_url`` of the server's
        configuration file sets it for good (and freezes it). Without it, the
        host's own address (``web.base.url``) is left as it is: installing the
        addon changes none of the host's settings. Only a database without
        any address gets this server's, on the port it was installed with.
        """
        params = self.env["ir.config_parameter"].sudo()
        configured = (config.get("post_rehab_credit_public_url") or "").strip()
        if configured:
            params.set_param("web.base.url", configured.rstrip("/"))
            params.set_param("web.base.url.freeze", "True")
        elif not (params.get_param("web.base.url") or "").strip():
            params.set_param(
                "web.base.url", "http://localhost:%s" % config.get("http_port")
            )
