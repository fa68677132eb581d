# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from ..tools.roles import CHAIRMAN, COMMUNE_OFFICER, PROVINCE, VBSP
from .rehab_masked_mixin import PERSON_FULL, Masked, masked_fields

ID_REVEAL = ",".join((CHAIRMAN, PROVINCE, VBSP))
CONTACT_REVEAL = ",".join((CHAIRMAN, PROVINCE, VBSP, COMMUNE_OFFICER))


class RehabPerson(models.Model):
    """The citizen IDs, the phone and the address of a person: in full to
    the commune police, masked to the others (rehab_masked_mixin)."""

    _name = "rehab.person"
    _inherit = ["rehab.person", "rehab.masked.mixin"]

    _rehab_masked = {
        "citizen_id": Masked(
            "digits",
            ID_REVEAL,
            "Citizen ID (masked)",
            help="The last four digits; the whole ID finds the person.",
            search=True,
        ),
        "household_rep_citizen_id": Masked(
            "digits", ID_REVEAL, "Representative's citizen ID (masked)"
        ),
        "phone": Masked("digits", CONTACT_REVEAL, "Phone (masked)"),
        "address": Masked("text", CONTACT_REVEAL, "Address (masked)"),
    }
    locals().update(masked_fields(_rehab_masked, PERSON_FULL))
