# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..tools.roles import CHAIRMAN, PROVINCE
from .rehab_masked_mixin import LOAN_FULL


class RehabLoan(models.Model):
    """The household representative's citizen ID on a loan: in full to the
    bank that lends and to the commune police, masked to the others
    (rehab_masked_mixin)."""

    _name = "rehab.loan"
    _inherit = ["rehab.loan", "rehab.masked.mixin"]

    _rehab_masked = {
        "household_rep_citizen_id": ("digits", ",".join((CHAIRMAN, PROVINCE))),
    }

    household_rep_citizen_id = fields.Char(groups=LOAN_FULL)
    household_rep_citizen_id_masked = fields.Char(
        string="Representative's citizen ID (masked)",
        compute="_compute_rehab_masked",
    )
