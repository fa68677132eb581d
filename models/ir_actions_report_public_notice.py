# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from .rehab_access_logged_mixin import access_scope, note_access, user_request

# The borrowers' list of the transaction points (rehab.public.notice) names
# people: each print is written to the access log with the loans it lists.
# The public notice itself names nobody and is not logged.
BORROWERS_REPORT = "post_rehab_credit.report_public_borrowers"


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _rehab_logged_render(self, render, report_ref, res_ids, method, *args):
        report = self._get_report(report_ref)
        if (
            report.report_name != BORROWERS_REPORT
            or not res_ids
            or not user_request(self.env, sudo_too=True)
        ):
            return super()._rehab_logged_render(
                render, report_ref, res_ids, method, *args
            )
        self._rehab_check_read(report_ref, res_ids)
        notices = self.env[report.model].browse(res_ids)
        with access_scope(self.env, "report", method) as scope:
            result = render(report_ref, res_ids, *args)
            loans = self.env["rehab.loan"].sudo()
            for notice in notices:
                loans |= notice._borrower_loans()
            note_access(
                scope,
                "rehab.loan",
                loans.ids,
                (),
                document=report.with_context(lang="en_US").name,
            )
        return result
