# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportTransactionSession(models.AbstractModel):
    _name = "report.post_rehab_credit.report_transaction_session"
    _description = "Report of a transaction session (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        Sheet = self.env["rehab.session.sheet"]
        return {
            "doc_ids": docids,
            "doc_model": "rehab.transaction.session",
            "docs": self.env["rehab.transaction.session"].browse(docids),
            "sheet_states": dict(
                Sheet._fields["state"]._description_selection(self.env)
            ),
        }
