# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from ..tools.rehab_rules import DEFAULT_PARAMS, params_from_env
from ..tools.roles import ADMIN

_logger = logging.getLogger(__name__)

# The system parameter of a setting is PARAM_PREFIX + key, its field
# FIELD_PREFIX + key, for every key of rehab_rules.DEFAULT_PARAMS (which
# params_from_env reads).
PARAM_PREFIX = "post_rehab_credit."
FIELD_PREFIX = "rehab_"
SAVING_GROUPS = (ADMIN, "base.group_system")


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

    rule_province_id = fields.Many2one(
        "res.company",
        string="Province",
        domain="[('agency_type', '=', 'province_committee')]",
        default=lambda self: self._default_rule_province(),
        help="The province whose values are shown and saved; empty: the "
        "programme's defaults (national administrator).",
    )
    rule_date_from = fields.Date(
        string="Changes take effect on",
        default=lambda self: self._rehab_today(),
        help="The values changed here are in force from this day (today or "
        "later): the decisions of past days keep the rules of their day.",
    )
    rule_legal_number = fields.Char(
        string="Legal text of the change",
        help="Number of the text the changed values come from.",
    )
    rule_legal_date = fields.Date(
        string="Legal text issued on",
        help="Today or an earlier day; empty: today.",
    )
    rule_legal_article = fields.Char(string="Article")
    rule_may_change_national = fields.Boolean(
        string="Changes the national rules",
        readonly=True,
        default=lambda self: self.env["rehab.rule.value"]._is_national_admin(),
        help="Whether the user changes the national rules (the national "
        "administrator).",
    )

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
        """The values in force today (or on the day the changes take effect)
        for the user's province (the programme's defaults for none), for
        those who may open the settings."""
        self.browse().check_access("read")
        values = super().default_get(fields_list)
        province, day = self._rule_defaults(values)
        self._check_rule_province(province)
        params = params_from_env(self.env, day=day, province=province.sudo())
        for key, value in params.items():
            if FIELD_PREFIX + key in fields_list:
                values[FIELD_PREFIX + key] = value
        return values

    @api.model_create_multi
    def create(self, vals_list):
        """The values not given are those in force for the province and on
        the day given (default_get reads them from the context)."""
        settings = self.browse()
        for vals in vals_list:
            self._check_integer_range(vals)
            context = {}
            if "rule_province_id" in vals:
                province = self.env["res.company"].browse(
                    vals["rule_province_id"] or []
                )
                self._check_rule_province(province)
                context["default_rule_province_id"] = province.id
            if vals.get("rule_date_from"):
                context["default_rule_date_from"] = vals["rule_date_from"]
            settings |= super(RehabSettings, self.with_context(**context)).create(
                [vals]
            )
        return settings.with_env(self.env)

    def write(self, vals):
        self._check_integer_range(vals)
        return super().write(vals)

    def _check_may_save(self):
        """Only the programme administrator and the Odoo administrator save."""
        if self.env.su or any(self.env.user.has_group(g) for g in SAVING_GROUPS):
            return
        raise AccessError(
            _("Only the programme administrator can change the programme settings.")
        )

    def execute(self):
        """Save: check who saves and every value, then enter a new version
        of each rule changed, from the day chosen, with its legal text.

        The one method that writes the settings (the settings view's Save
        button calls it by this name). Nothing is written unless every value
        is valid and the user may change every rule changed (rehab.rule.value
        checks the scope); each change is logged with the user's id, the old
        and the new value. From today, what depends on the rules changed is
        recomputed at once and the message says how many people's
        eligibility changes; from a later day, nothing is recomputed now (the
        daily runs of that day apply them).
        """
        self.ensure_one()
        self._check_may_save()
        self._check_rehab_params()
        self._check_access_volume()
        self._check_retention()
        self._check_rule_province(self.rule_province_id)
        changes = self._rule_changes()
        self._check_rule_change(changes)
        today = self._rehab_today()
        day = self.rule_date_from or today
        self._save_versions(changes, day)
        message = (
            _("The programme settings are saved.")
            if changes
            else _("No setting was changed.")
        )
        if changes and day <= today:
            count = self._refresh_what_changed({key for key, __, __ in changes})
            if count is not None:
                message = _(
                    "The programme settings are saved. %(count)s people change "
                    "their eligibility to borrow.",
                    count=count,
                )
        elif changes:
            message = _(
                "The programme settings are saved. The changes apply from "
                "%(date)s: nothing changes before that day.",
                date=self._rehab_format_date(day),
            )
        if changes:
            _logger.info(
                "Programme settings changed by user #%s from %s: %s",
                self.env.uid,
                day,
                "; ".join("%s %s → %s" % change for change in changes),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": message,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
