# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportCollectionSheet(models.AbstractModel):
    _name = "report.post_rehab_credit.report_collection_sheet"
    _description = "Collection sheet of a savings group (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        return {
            "doc_ids": docids,
            "doc_model": "rehab.session.sheet",
            "docs": self.env["rehab.session.sheet"].browse(docids),
        }
