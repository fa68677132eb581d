# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportPublicNotice(models.AbstractModel):
    """The commune's public notice: printed by the roles that may print it,
    whatever route asked for it (the wizard's button, /report/pdf/...)."""

    _name = "report.post_rehab_credit.report_public_notice"
    _description = "Public notice of a commune (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["rehab.public.notice"].browse(docids)
        docs._check_period()
        docs._check_may_print()
        return {
            "doc_ids": docids,
            "doc_model": "rehab.public.notice",
            "docs": docs,
        }
