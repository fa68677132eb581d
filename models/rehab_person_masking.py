# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..tools.roles import CHAIRMAN, COMMUNE_OFFICER, PROVINCE, VBSP
from .rehab_masked_mixin import PERSON_FULL

ID_REVEAL = ",".join((CHAIRMAN, PROVINCE, VBSP))
CONTACT_REVEAL = ",".join((CHAIRMAN, PROVINCE, VBSP, COMMUNE_OFFICER))


class RehabPerson(models.Model):
    """The citizen IDs, the phone and the address of a person: in full to
    the commune police, masked to the others (rehab_masked_mixin)."""

    _name = "rehab.person"
    _inherit = ["rehab.person", "rehab.masked.mixin"]

    _rehab_masked = {
        "citizen_id": ("digits", ID_REVEAL),
        "household_rep_citizen_id": ("digits", ID_REVEAL),
        "phone": ("digits", CONTACT_REVEAL),
        "address": ("text", CONTACT_REVEAL),
    }

    citizen_id = fields.Char(groups=PERSON_FULL)
    household_rep_citizen_id = fields.Char(groups=PERSON_FULL)
    phone = fields.Char(groups=PERSON_FULL)
    address = fields.Char(groups=PERSON_FULL)
    citizen_id_masked = fields.Char(
        string="Citizen ID (masked)",
        compute="_compute_rehab_masked",
        search="_search_citizen_id_masked",
        help="The last four digits; the whole ID finds the person.",
    )
    household_rep_citizen_id_masked = fields.Char(
        string="Representative's citizen ID (masked)",
        compute="_compute_rehab_masked",
    )
    phone_masked = fields.Char(string="Phone (masked)", compute="_compute_rehab_masked")
    address_masked = fields.Char(
        string="Address (masked)", compute="_compute_rehab_masked"
    )

    def _search_citizen_id_masked(self, operator, value):
        return self._rehab_search_masked("citizen_id", operator, value)
