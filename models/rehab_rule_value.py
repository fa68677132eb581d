# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import rule_versions
from ..tools.rehab_rules import DEFAULT_PARAMS, EARLIEST_BIRTH_DATE
from ..tools.roles import ADMIN, NATIONAL_ADMIN

# Decision 08/2026/QĐ-TTg of 3 March 2026, in force from 1 May 2026: the
# legal text of the first version of every rule.
DECISION_NUMBER = "08/2026/QĐ-TTg"
DECISION_DATE = date(2026, 3, 3)
DECISION_IN_FORCE = date(2026, 5, 1)

# The rules, as the settings name them (tools/rule_versions.RULE_SCOPES).
RULE_KEYS = [
    ("min_age", "Minimum age"),
    ("window_years", "Years after the management decision"),
    ("closing_soon_days", "Warn days before the window closes"),
    ("establishment_min_share", "Minimum share of post-rehab workers (%)"),
    ("individual_ceiling", "Ceiling per person (đồng)"),
    ("establishment_ceiling", "Ceiling per establishment (đồng)"),
    ("per_worker_ceiling", "Ceiling per post-rehab worker (đồng)"),
    ("training_amount_per_month", "Training loan per month of study (đồng)"),
    ("max_term_months", "Longest term (months)"),
    ("max_extension_months", "Longest extension (months)"),
    ("decision_working_days", "Bank decides within (working days)"),
    ("retention_years", "Erase sensitive data after archiving (years)"),
    ("first_due_days", "First instalment at least (days after the disbursement)"),
    ("new_loan_overdue_days", "No new loan with a loan overdue (days)"),
    ("list_deadline_day", "Monthly list due on day"),
    ("slip_validity_days", "Referral slip valid for (days)"),
    ("session_move_days", "A session moves at most (days)"),
    ("use_check_months", "Check the use of a loan every (months)"),
    ("entrustment_fee_rate", "Entrustment fee (% of the interest collected)"),
    (
        "leader_commission_rate",
        "Group leader's commission (% of the interest collected)",
    ),
    ("access_volume_factor", "Unusual access: times the user's usual"),
    ("access_volume_minimum", "Unusual access: at least (records a day)"),
    ("notice_people", "Public notice: people (1 shown, 0 not)"),
    ("notice_loans", "Public notice: loans (1 shown, 0 not)"),
    ("notice_by_village", "Public notice: by village (1 shown, 0 not)"),
    ("notice_by_purpose", "Public notice: by purpose (1 shown, 0 not)"),
    ("notice_min_count", "Public notice: smallest count printed"),
]
assert {key for key, __ in RULE_KEYS} == set(rule_versions.RULE_SCOPES)


class RehabRuleValue(models.Model):
    """One dated version of a configurable fact of the programme.

    A value in force from a date (optionally until a date), with the legal
    text it comes from, who entered it and when (from the server), and its
    scope: national (the Decision's facts, entered by the national
    administrator) or a province's (entered by an administrator of that
    province; without a province, the programme's default for every
    province). A version in force or past never changes and is never
    deleted: a new value is a new version from a later date. The rules read
    the versions through ``_params_on``.
    """

    _name = "rehab.rule.value"
    _inherit = ["rehab.base.mixin"]
    _description = "Dated value of a programme rule"
    _order = "key, province_id, date_from desc, id desc"

    key = fields.Selection(RULE_KEYS, string="Rule", required=True, index=True)
    scope = fields.Selection(
        [("national", "National"), ("province", "Province")],
        compute="_compute_scope",
        store=True,
        help="National: a fact of the Decision, changed only by the national "
        "administrator. Province: decided by each province (its own value, "
        "else the programme's default).",
    )
    province_id = fields.Many2one(
        "res.company",
        index=True,
        ondelete="restrict",
        domain="[('agency_type', '=', 'province_committee')]",
        help="The province whose value this is; empty: the value of every "
        "province that has none of its own (national rules have none).",
    )
    value = fields.Float(required=True, digits=(16, 2), aggregator=None)
    date_from = fields.Date(string="In force from", required=True, index=True)
    date_to = fields.Date(string="In force until", help="Empty: until a later version.")
    legal_number = fields.Char(
        string="Legal text",
        required=True,
        help="Number of the text the value comes from: «08/2026/QĐ-TTg».",
    )
    legal_date = fields.Date(string="Issued on", required=True)
    legal_article = fields.Char(string="Article", help="«Article 3, clause 1».")
    entered_by_id = fields.Many2one(
        "res.users", string="Entered by", readonly=True, ondelete="restrict"
    )
    entered_on = fields.Datetime(string="Entered on", readonly=True)

    _sql_constraints = [
        (
            "one_version_a_day",
            "unique(key, province_id, date_from)",
            "A rule has one value from a given day (per province).",
        ),
    ]

    # ------------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------------
    @api.depends("key")
    def _compute_scope(self):
        for version in self:
            version.scope = rule_versions.RULE_SCOPES.get(version.key)

    @api.depends("key", "value", "date_from", "province_id")
    def _compute_display_name(self):
        labels = dict(self._fields["key"]._description_selection(self.env))
        for version in self:
            version.display_name = "%s = %s (%s%s)" % (
                labels.get(version.key, version.key or ""),
                rule_versions.typed(version.key, version.value) if version.key else "",
                version.date_from and self._rehab_format_date(version.date_from) or "",
                version.province_id and ", %s" % version.province_id.sudo().name or "",
            )

    @tools.ormcache()
    def _rule_rows(self):
        """Every version, as rows of rule_versions (cached: the rules read
        them many times a request; any change clears the cache)."""
        self.flush_model()
        self.env.cr.execute(
            "SELECT id, key, province_id, value, date_from, date_to "
            "FROM rehab_rule_value ORDER BY id"
        )
        return tuple(tuple(row) for row in self.env.cr.fetchall())

    @api.model
    def _params_on(self, day=None, province=None):
        """The parameters in force on ``day`` (the agency's today when not
        given) for ``province`` (a province People's Committee, or any agency
        of it; none: the programme's defaults of the province rules)."""
        params, __ = self._versions_on(day, province)
        return params

    @api.model
    def _versions_on(self, day=None, province=None):
        """(params, ids of the versions in force) on ``day`` for ``province``."""
        day = day or self._rehab_today()
        province_id = province and (province.province_id or province).id or None
        return rule_versions.resolve(self._rule_rows(), day, province_id)

    # ------------------------------------------------------------------
    # Writing: who, when, what
    # ------------------------------------------------------------------
    def _administered_provinces(self):
        """The provinces the user administers: those of their agencies."""
        return self.env.user.company_ids.province_id

    def _is_national_admin(self):
        user = self.env.user
        return (
            self.env.su
            or user.has_group(NATIONAL_ADMIN)
            or user.has_group("base.group_system")
        )

    def _check_may_change(self, key, province):
        """Only the national administrator changes a national rule or the
        programme's default; an administrator of a province, its values."""
        if self.env.su or self._is_national_admin():
            return
        if not self.env.user.has_group(ADMIN):
            raise AccessError(_("Only a programme administrator changes the rules."))
        if rule_versions.RULE_SCOPES.get(key) == rule_versions.NATIONAL or not province:
            raise AccessError(
                _(
                    "Only the national administrator changes a national rule or "
                    "the programme's default for every province."
                )
            )
        if province not in self._administered_provinces():
            raise AccessError(
                _("You may change the rules of the provinces you administer only.")
            )

    def _check_version(self, vals):
        """The values of one version, as they will be stored."""
        key = vals.get("key")
        province = self.env["res.company"].browse(vals.get("province_id") or [])
        if province and province.sudo().agency_type != "province_committee":
            raise ValidationError(
                _("A rule's province is a province People's Committee.")
            )
        if province and rule_versions.RULE_SCOPES.get(key) == rule_versions.NATIONAL:
            raise ValidationError(
                _(
                    "A national rule has one value for every province: leave "
                    "the province empty."
                )
            )
        problem = rule_versions.value_error(key, vals.get("value"))
        if problem:
            low, high = rule_versions.RULE_BOUNDS.get(key, (0, 0))
            raise ValidationError(
                _("A whole number is expected for this rule.")
                if problem == "whole"
                else _(
                    "The value must be between %(low)s and %(high)s.",
                    low=low,
                    high=high,
                )
            )
        today = self._rehab_today()
        date_from = fields.Date.to_date(vals.get("date_from"))
        date_to = fields.Date.to_date(vals.get("date_to"))
        legal_date = fields.Date.to_date(vals.get("legal_date"))
        if not self.env.su and date_from and date_from < today:
            raise ValidationError(
                _(
                    "A rule takes effect from today or a later day: the decisions "
                    "of past days keep the rules of their day."
                )
            )
        if date_to and date_from and date_to < date_from:
            raise ValidationError(_("A rule ends on or after the day it takes effect."))
        if legal_date and not EARLIEST_BIRTH_DATE <= legal_date <= today:
            raise ValidationError(_("The legal text is dated between 1900 and today."))
        self._check_may_change(key, province)

    def _check_not_in_force(self, message):
        today = self._rehab_today()
        if not self.env.su and any(v.date_from <= today for v in self):
            raise UserError(message)

    @api.model_create_multi
    def create(self, vals_list):
        now = fields.Datetime.now()
        for vals in vals_list:
            self._rehab_check_values(vals)
            self._check_version(vals)
            vals.update(entered_by_id=self.env.uid, entered_on=now)
        versions = super().create(vals_list)
        self.env.registry.clear_cache()
        versions._refresh_if_from_today()
        return versions

    def _refresh_if_from_today(self):
        """A version entered from today by hand (the rule list, RPC) changes
        what is stored for today at once, as the settings' save does (which
        enters its versions as the superuser and refreshes itself)."""
        if self.env.su:
            return
        today = self._rehab_today()
        keys = {version.key for version in self if version.date_from == today}
        if keys:
            self.env["rehab.settings"].sudo()._refresh_what_changed(keys)

    def write(self, vals):
        if {"entered_by_id", "entered_on"} & set(vals) and not self.env.su:
            raise UserError(
                _("Who entered a rule and when are recorded by the server.")
            )
        self._check_not_in_force(
            _(
                "A rule in force or past does not change: enter a new value from "
                "a later day."
            )
        )
        self._rehab_check_values(vals)
        for version in self:
            merged = {
                name: version[name]
                for name in ("key", "value", "date_from", "date_to", "legal_date")
            }
            merged["province_id"] = version.province_id.id
            self._check_may_change(version.key, version.province_id)
            merged.update(vals)
            version._check_version(merged)
        result = super().write(vals)
        self.env.registry.clear_cache()
        self._refresh_if_from_today()
        return result

    def unlink(self):
        for version in self:
            self._check_may_change(version.key, version.province_id)
        self._check_not_in_force(
            _(
                "A rule in force or past is never deleted: it is the basis of "
                "past decisions."
            )
        )
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

    # ------------------------------------------------------------------
    # Install and upgrade
    # ------------------------------------------------------------------
    @api.model
    def _install_versions(self):
        """At install (and at the upgrade to 18.0.1.2.0): a first version of
        every rule without one, in force from the Decision's first day.

        Its value is the one the database had so far: the system parameter
        ``post_rehab_credit.<key>`` the settings wrote before the rules were
        dated (removed once copied), else the default of the programme.
        """
        Param = self.env["ir.config_parameter"].sudo()
        have = set(self.sudo().search([("key", "!=", False)]).mapped("key"))
        vals_list = []
        for key, default in DEFAULT_PARAMS.items():
            name = "post_rehab_credit.%s" % key
            stored = Param.get_param(name)
            value = default
            if stored not in (None, False, ""):
                try:
                    value = type(default)(stored)
                except ValueError:
                    value = default
                if rule_versions.value_error(key, value):
                    value = default
                Param.search([("key", "=", name)]).unlink()
            if key in have:
                continue
            vals_list.append(
                {
                    "key": key,
                    "value": value,
                    "date_from": DECISION_IN_FORCE,
                    "legal_number": DECISION_NUMBER,
                    "legal_date": DECISION_DATE,
                }
            )
        return self.sudo().create(vals_list)
