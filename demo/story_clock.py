# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from ..tools import rehab_rules


class Base(models.AbstractModel):
    """The agency's day of the demo's steps (demo data only).

    ``_rehab_today()`` and ``_rehab_date()`` (models/base.py) read the
    server's clock; while the demo's engine plays a step (story_engine.py) they
    read the step's moment instead, set for the engine's thread only
    (tools/rehab_rules.story_clock). Everywhere else agency_now() is the
    server's clock, as before.
    """

    _inherit = "base"

    def _rehab_date(self, moment=None):
        return super()._rehab_date(moment or rehab_rules.agency_now())
