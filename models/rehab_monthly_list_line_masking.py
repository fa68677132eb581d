# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..tools.roles import COMMUNE_OFFICER, PROVINCE
from .rehab_masked_mixin import LIST_FULL


class RehabMonthlyListLine(models.Model):
    """The citizen ID and the address a line keeps: in full to the parties
    of the list (police, chairman, bank), masked to the others
    (rehab_masked_mixin)."""

    _name = "rehab.monthly.list.line"
    _inherit = ["rehab.monthly.list.line", "rehab.masked.mixin"]

    _rehab_masked = {
        "citizen_id": ("digits", PROVINCE),
        "address": ("text", ",".join((PROVINCE, COMMUNE_OFFICER))),
    }

    citizen_id = fields.Char(groups=LIST_FULL)
    address = fields.Char(groups=LIST_FULL)
    citizen_id_masked = fields.Char(
        string="Citizen ID (masked)",
        compute="_compute_rehab_masked",
        search="_search_citizen_id_masked",
    )
    address_masked = fields.Char(
        string="Address (masked)", compute="_compute_rehab_masked"
    )

    def _search_citizen_id_masked(self, operator, value):
        return self._rehab_search_masked("citizen_id", operator, value)
