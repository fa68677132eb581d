# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from . import rehab_rules


class Base(models.AbstractModel):
    """What a programme record derives from other fields is never sent in.

    A stored related or computed field (a province taken from the agency, a
    figure counted from lines) follows its sources: a client writing it
    directly would move the record (capital into another province) or state a
    false figure. The ORM's own recomputation does not go through write().
    """

    _inherit = "base"

    # The agency's day

    def _rehab_today(self):
        """Today in the agency's time zone (Asia/Ho_Chi_Minh unless the
        company says otherwise), whatever the client's or the user's ``tz``:
        the day of every guard, default and run of the programme."""
        return self._rehab_date()

    def _rehab_date(self, moment=None):
        """The agency's date at ``moment`` (a UTC datetime; now if not given)."""
        return rehab_rules.agency_date(
            moment or fields.Datetime.now(), self.env.company.sudo().agency_tz
        )

    def _rehab_refuse_derived(self, names):
        if self.env.su or self._transient or not self._name.startswith("rehab."):
            return
        derived = [
            self._fields[name]
            for name in names
            if name in self._fields
            and self._fields[name].store
            and self._fields[name].readonly
            and (self._fields[name].related or self._fields[name].compute)
        ]
        if derived:
            raise UserError(
                _(
                    "%s follow from other fields and are never written directly.",
                    ", ".join(
                        "«%s»" % field._description_string(self.env)
                        for field in derived
                    ),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._rehab_refuse_derived(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._rehab_refuse_derived(vals)
        return super().write(vals)
