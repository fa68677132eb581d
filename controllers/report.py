# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.addons.web.controllers.report import ReportController
from odoo.http import request


def _report_readonly(controller):
    """The programme's documents print in a read/write transaction: a print
    that names people is written to the access log of sensitive data
    (rehab.access.log) with the print. Other reports keep Odoo's read-only
    transaction."""
    parts = request.httprequest.path.split("/")
    return not (len(parts) > 3 and parts[3].startswith("post_rehab_credit."))


class RehabReportController(ReportController):
    @http.route(readonly=_report_readonly)
    def report_routes(self, reportname, docids=None, converter=None, **data):
        return super().report_routes(
            reportname, docids=docids, converter=converter, **data
        )
