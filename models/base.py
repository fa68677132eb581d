# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import UserError


class Base(models.AbstractModel):
    """What a programme record derives from other fields is never sent in.

    A stored related or computed field (a province taken from the agency, a
    figure counted from lines) follows its sources: a client writing it
    directly would move the record (capital into another province) or state a
    false figure. The ORM's own recomputation does not go through write().
    """

    _inherit = "base"

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
