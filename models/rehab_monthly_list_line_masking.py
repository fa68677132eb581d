# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from ..tools.roles import COMMUNE_OFFICER, PROVINCE
from .rehab_masked_mixin import LIST_FULL, Masked, masked_fields


class RehabMonthlyListLine(models.Model):
    """The citizen ID and the address a line keeps: in full to the parties
    of the list (police, chairman, bank), masked to the others
    (rehab_masked_mixin)."""

    _name = "rehab.monthly.list.line"
    _inherit = ["rehab.monthly.list.line", "rehab.masked.mixin"]

    _rehab_masked = {
        "citizen_id": Masked("digits", PROVINCE, "Citizen ID (masked)", search=True),
        "address": Masked(
            "text", ",".join((PROVINCE, COMMUNE_OFFICER)), "Address (masked)"
        ),
    }
    locals().update(masked_fields(_rehab_masked, LIST_FULL))
