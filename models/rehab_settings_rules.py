# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The rules of the programme settings: the province whose values are shown
and saved, the values in force on a day, and the dated versions a save
enters (rehab.rule.value)."""

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools import rule_versions
from ..tools.rehab_rules import DEFAULT_PARAMS, params_from_env
from .rehab_settings import FIELD_PREFIX


class RehabSettings(models.TransientModel):
    _inherit = "rehab.settings"

    @api.model
    def _default_rule_province(self):
        """The user's first administered province (none for a national
        administrator who administers none: the programme's defaults)."""
        provinces = self.env["rehab.rule.value"]._administered_provinces()
        return provinces[:1]

    @api.model
    def _check_rule_province(self, province):
        """The province shown and saved: one the user administers; none (the
        programme's defaults) or any province for the national
        administrator."""
        Version = self.env["rehab.rule.value"]
        if Version._is_national_admin():
            if province and province.sudo().agency_type != "province_committee":
                raise ValidationError(
                    _("A rule's province is a province People's Committee.")
                )
            return
        if not province:
            raise AccessError(
                _(
                    "Only the national administrator works on the programme's "
                    "defaults: choose one of the provinces you administer."
                )
            )
        if province not in Version._administered_provinces():
            raise AccessError(
                _("You may change the rules of the provinces you administer only.")
            )

    @api.model
    def _rule_defaults(self, values):
        """(province, day) whose values the form shows: those given, else
        the context's defaults, else the user's province and today."""
        context = self.env.context
        if "rule_province_id" in values:
            province_id = values["rule_province_id"]
        elif "default_rule_province_id" in context:
            province_id = context["default_rule_province_id"]
        else:
            province_id = self._default_rule_province().id
        if isinstance(province_id, models.BaseModel):
            province_id = province_id.id
        day = fields.Date.to_date(
            values.get("rule_date_from") or context.get("default_rule_date_from")
        )
        province = self.env["res.company"].browse(province_id or [])
        return province, day or self._rehab_today()

    @api.onchange("rule_province_id", "rule_date_from")
    def _onchange_rule_province(self):
        """The values in force on the day chosen for the province chosen."""
        self._check_rule_province(self.rule_province_id)
        params = params_from_env(
            self.env,
            day=self.rule_date_from or self._rehab_today(),
            province=self.rule_province_id.sudo(),
        )
        for key, value in params.items():
            self[FIELD_PREFIX + key] = value

    def action_open_rule_history(self):
        """The history of the rules of the province shown (its own values,
        the programme's defaults and the national rules), grouped by rule."""
        self.ensure_one()
        province = self.rule_province_id
        self._check_rule_province(province)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "post_rehab_credit.rehab_rule_value_action"
        )
        domain = [("province_id", "=", False)]
        if province:
            domain = ["|", ("province_id", "=", province.id)] + domain
            action["name"] = _(
                "Rules of %(province)s and national rules",
                province=province.sudo().name,
            )
        action["domain"] = domain
        action["context"] = {"search_default_group_key": 1}
        return action

    def _rule_changes(self):
        """[(key, old, new)] of the values that differ from those in force
        on the day the changes take effect."""
        day = self.rule_date_from or self._rehab_today()
        in_force = params_from_env(
            self.env, day=day, province=self.rule_province_id.sudo()
        )
        changes = []
        for key, default in DEFAULT_PARAMS.items():
            new = type(default)(self[FIELD_PREFIX + key])
            if in_force[key] != new:
                changes.append((key, in_force[key], new))
        return changes

    def _check_rule_change(self, changes):
        """The day, the legal text and the right to change every rule
        changed, before anything is written (all or nothing)."""
        today = self._rehab_today()
        day = self.rule_date_from or today
        if day < today:
            raise ValidationError(
                _(
                    "A rule takes effect from today or a later day: the decisions "
                    "of past days keep the rules of their day."
                )
            )
        if not changes:
            return
        if not (self.rule_legal_number or "").strip():
            raise ValidationError(
                _("Give the legal text the changed values come from.")
            )
        if self.rule_legal_date and self.rule_legal_date > today:
            raise ValidationError(
                _("The legal text is dated today or an earlier day, not later.")
            )
        Version = self.env["rehab.rule.value"]
        labels = dict(Version._fields["key"]._description_selection(self.env))
        national = [
            key
            for key, __, __ in changes
            if rule_versions.RULE_SCOPES[key] == rule_versions.NATIONAL
        ]
        if national and not Version._is_national_admin():
            raise AccessError(
                _(
                    "National rules are changed by the national administrator "
                    "only: %(rules)s. Nothing was saved.",
                    rules=", ".join(labels[key] for key in national),
                )
            )
        self._check_rule_province(self.rule_province_id)

    def _save_versions(self, changes, day):
        """A version of each rule changed from ``day``; a version already
        entered from that day, not yet in force, takes the new value."""
        if not changes:
            return
        Version = self.env["rehab.rule.value"]
        national = rule_versions.NATIONAL
        vals_list = [
            {
                "key": key,
                "value": new,
                "province_id": False
                if rule_versions.RULE_SCOPES[key] == national
                else self.rule_province_id.id,
                "date_from": day,
                "legal_number": self.rule_legal_number.strip(),
                "legal_date": self.rule_legal_date or self._rehab_today(),
                "legal_article": self.rule_legal_article,
            }
            for key, __, new in changes
        ]
        same_day = {
            (version.key, version.province_id.id): version
            for version in Version.sudo().search(
                [
                    ("date_from", "=", day),
                    ("key", "in", [vals["key"] for vals in vals_list]),
                ]
            )
        }
        found = [
            (same_day[(vals["key"], vals["province_id"] or False)], vals)
            for vals in vals_list
            if (vals["key"], vals["province_id"] or False) in same_day
        ]
        if found and day <= self._rehab_today():
            labels = dict(Version._fields["key"]._description_selection(self.env))
            raise ValidationError(
                _(
                    "%(rule)s already has a value from %(date)s, in force: a value "
                    "in force does not change. Enter the new value from a later day.",
                    rule=labels[found[0][1]["key"]],
                    date=self._rehab_format_date(day),
                )
            )
        # The user's rights and the dates checked as the user, the versions
        # written as the superuser: the Odoo administrator holds no access
        # of their own to the rules, the national administrator may work on
        # a province they cannot read.
        for version, __ in found:
            Version._check_may_change(version.key, version.province_id)
        for vals in vals_list:
            Version._check_version(vals)
        for version, vals in found:
            version.write(
                {
                    name: vals[name]
                    for name in ("value", "legal_number", "legal_date", "legal_article")
                }
            )
        new_list = [vals for vals in vals_list if all(vals is not v for __, v in found)]
        Version.sudo().create(new_list)
