# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models

from ..tools.guards import check_entry_date


class RehabPersonConduct(models.Model):
    _name = "rehab.person.conduct"
    _description = "Conduct entry of a person after rehab"
    _inherit = ["rehab.access.logged.mixin", "rehab.base.mixin"]
    # Read by a user: written to the access log (rehab.access.log).
    _rehab_logged_fields = ("kind", "note", "date")
    _order = "date desc, id desc"

    person_id = fields.Many2one(
        "rehab.person", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="person_id.company_id", store=True, index=True)
    date = fields.Date(required=True, default=lambda self: self._rehab_today())
    kind = fields.Selection(
        [
            ("good", "Complies well with the law"),
            ("violation", "Violation"),
            ("relapse", "Relapse"),
        ],
        required=True,
        default="good",
    )
    note = fields.Char()

    @api.constrains("date", "person_id")
    def _check_date(self):
        for entry in self:
            check_entry_date(
                self.env,
                entry.date,
                _("A conduct entry"),
                entry.person_id.sudo().birth_date,
                _("the person's date of birth"),
                future=_("A conduct entry cannot be dated in the future."),
                before=_(
                    "A conduct entry cannot be dated before the person's date of birth."
                ),
            )
