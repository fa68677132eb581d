# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class AuditlogLog(models.Model):
    """The audit trail of the programme's records carries their agency.

    OCA auditlog keeps the model and id of a record, not its company; the
    agency is kept here when the log is written (before a deletion too), so
    that the province and the programme administrator read, through record
    rules, the trail of their own province only.
    """

    _name = "auditlog.log"
    # The programme's checks of the values of the fields it adds here
    # (rehab.base.mixin); the audit log's own fields are left as they are.
    _inherit = ["auditlog.log", "rehab.base.mixin"]

    company_id = fields.Many2one(
        "res.company", string="Agency", index=True, readonly=True
    )
    operation = fields.Selection(
        [
            ("create", "Created"),
            ("write", "Changed"),
            ("unlink", "Deleted"),
            ("export_data", "Exported"),
            ("read", "Read"),
        ],
        compute="_compute_operation",
        store=True,
        help="What the user did, from the method auditlog recorded.",
    )

    @api.depends("method")
    def _compute_operation(self):
        known = dict(self._fields["operation"].selection)
        for log in self:
            log.operation = log.method if log.method in known else False

    @api.model_create_multi
    def create(self, vals_list):
        models_by_id = {
            model.id: model.model
            for model in self.env["ir.model"]
            .sudo()
            .browse({vals.get("model_id") for vals in vals_list} - {None, False})
        }
        for vals in vals_list:
            model_name = models_by_id.get(vals.get("model_id"))
            if vals.get("company_id") or not vals.get("res_id") or not model_name:
                continue
            record = self.env[model_name].sudo().browse(vals["res_id"]).exists()
            if record and "company_id" in record._fields:
                vals["company_id"] = record.company_id.id
        return super().create(vals_list)
