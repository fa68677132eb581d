# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportPersonExtract(models.AbstractModel):
    """The extract of a person's data: only for the roles that may read the
    rehab history, checked on the server whatever the route of the print."""

    _name = "report.post_rehab_credit.report_person_extract"
    _description = "Extract of a person's data (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        people = self.env["rehab.person"].browse(docids)
        people._check_may_print_extract()
        return {
            "doc_ids": docids,
            "doc_model": "rehab.person",
            "docs": people,
        }
