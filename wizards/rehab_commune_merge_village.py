# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RehabCommuneMergeVillage(models.TransientModel):
    """A village of the commune split, and the commune it goes to."""

    _name = "rehab.commune.merge.village"
    _inherit = ["rehab.base.mixin"]
    _description = "Village of a commune split"

    wizard_id = fields.Many2one(
        "rehab.commune.merge", required=True, ondelete="cascade"
    )
    village = fields.Char(
        help="As written on the people and the savings groups; empty for the "
        "records without a village."
    )
    target_company_id = fields.Many2one(
        "res.company",
        string="New commune",
        domain="[('agency_type', '=', 'commune')]",
    )
