# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from ..tools.roles import CHAIRMAN, PROVINCE
from .rehab_masked_mixin import LOAN_FULL, Masked, masked_fields


class RehabLoan(models.Model):
    """The household representative's citizen ID on a loan: in full to the
    bank that lends and to the commune police, masked to the others
    (rehab_masked_mixin)."""

    _name = "rehab.loan"
    _inherit = ["rehab.loan", "rehab.masked.mixin"]

    _rehab_masked = {
        "household_rep_citizen_id": Masked(
            "digits",
            ",".join((CHAIRMAN, PROVINCE)),
            "Representative's citizen ID (masked)",
        ),
    }
    locals().update(masked_fields(_rehab_masked, LOAN_FULL))
