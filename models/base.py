# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..tools import rehab_rules


class Base(models.AbstractModel):
    """The agency's day, asked of any record.

    Two helpers and no override: Odoo's models behave as without the addon.
    They stay on ``base`` because the demo's builder (``rehab.demo``, an
    abstract model that lists no mixin) asks ``self._rehab_today()`` of
    itself; the rest of what a programme record does is the mixin
    ``rehab.base.mixin`` (models/rehab_base_mixin.py).
    """

    _inherit = "base"

    def _rehab_today(self):
        """Today in the agency's time zone (Asia/Ho_Chi_Minh unless the
        company says otherwise), whatever the client's or the user's ``tz``:
        the day of every guard, default and run of the programme."""
        return self._rehab_date()

    def _rehab_date(self, moment=None):
        """The agency's date at ``moment`` (a UTC datetime; now if not given)."""
        return rehab_rules.agency_date(
            moment or fields.Datetime.now(), self.env.company.sudo()._rehab_tz()
        )
