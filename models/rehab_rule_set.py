# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

from ..tools import rule_versions
from ..tools.rehab_rules import DEFAULT_PARAMS


class RehabRuleSet(models.Model):
    """The rule versions a result was made under, recorded once.

    An eligibility result, a list's confirmation, a loan's decision and
    schedule, a month's fee statement each keep a reference to the set of
    the versions in force for them (``rule_set_id``): reading them later
    shows the rules of their day, whatever changed since. A set is made by
    the server (``_for_day``), one per distinct combination of versions,
    and never changes.
    """

    _name = "rehab.rule.set"
    _inherit = ["rehab.base.mixin"]
    _description = "Rules a result was made under"
    _order = "id desc"

    signature = fields.Char(required=True, readonly=True, index=True)
    version_ids = fields.Many2many(
        "rehab.rule.value",
        "rehab_rule_set_value_rel",
        "set_id",
        "value_id",
        string="Rule values",
        readonly=True,
    )

    _sql_constraints = [
        (
            "signature_uniq",
            "unique(signature)",
            "A set of rule versions is recorded once.",
        ),
    ]

    @api.depends("version_ids")
    def _compute_display_name(self):
        for rule_set in self:
            rule_set.display_name = _("Rules #%s", rule_set.id)

    @api.model
    def _for_day(self, day=None, province=None, keys=None):
        """The set of the versions in force on ``day`` for ``province``
        (made the first time it is needed), of the rules ``keys`` only when
        given (what a result depends on: a change of another rule leaves its
        set as it is). Returns (set, params)."""
        Version = self.env["rehab.rule.value"]
        params, version_ids = Version._versions_on(day, province)
        if keys is not None:
            wanted = set(keys)
            version_ids = [
                row[0]
                for row in Version._rule_rows()
                if row[0] in set(version_ids) and row[1] in wanted
            ]
        return self._for_versions(version_ids), params

    @api.model
    def _for_versions(self, version_ids):
        signature = ",".join(str(i) for i in sorted(version_ids)) or "-"
        RuleSet = self.sudo()
        found = RuleSet.search([("signature", "=", signature)], limit=1)
        if found:
            return found.with_env(self.env)
        # Two requests making the same set at once: the second waits on the
        # unique index and reads the first's.
        self.env.cr.execute(
            "INSERT INTO rehab_rule_set (signature, create_uid, create_date, "
            "write_uid, write_date) VALUES (%s, %s, now() at time zone 'UTC', "
            "%s, now() at time zone 'UTC') ON CONFLICT (signature) DO NOTHING "
            "RETURNING id",
            (signature, self.env.uid, self.env.uid),
        )
        row = self.env.cr.fetchone()
        if row:
            self.env.cr.executemany(
                "INSERT INTO rehab_rule_set_value_rel (set_id, value_id) "
                "VALUES (%s, %s)",
                [(row[0], version_id) for version_id in version_ids],
            )
            return self.browse(row[0])
        return RuleSet.search([("signature", "=", signature)], limit=1).with_env(
            self.env
        )

    def _params(self):
        """The parameters of this set: its versions' values, the defaults
        for the rules it has no version of."""
        self.ensure_one()
        params = dict(DEFAULT_PARAMS)
        for version in self.sudo().version_ids:
            params[version.key] = rule_versions.typed(version.key, version.value)
        return params
