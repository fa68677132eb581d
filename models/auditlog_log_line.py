# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class AuditlogLogLine(models.Model):
    """A changed field, named in the reader's language.

    auditlog keeps the label in the language of whoever made the change (the
    scheduled actions write in English); the label shown is read from the
    field itself, translated for the reader.
    """

    _inherit = "auditlog.log.line"

    field_label = fields.Char(string="Field", compute="_compute_field_label")

    @api.depends("field_id", "field_description")
    @api.depends_context("lang")
    def _compute_field_label(self):
        for line in self:
            line.field_label = (
                line.field_id.sudo().field_description or line.field_description
            )
