# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import os
import re
from urllib.parse import unquote

from odoo.addons.web.controllers.report import ReportController
from odoo.http import content_disposition, request, route

_FILENAME = re.compile(r"filename\*=UTF-8''([^;]+)|filename=\"?([^\";]+)\"?")


def _report_readonly(controller):
    """The programme's documents print in a read/write transaction: a print
    that names people is written to the access log of sensitive data
    (rehab.access.log) with the print. Other reports keep Odoo's read-only
    transaction."""
    parts = request.httprequest.path.split("/")
    return not (len(parts) > 3 and parts[3].startswith("post_rehab_credit."))


class RehabReportController(ReportController):
    @route(readonly=_report_readonly)
    def report_routes(self, reportname, docids=None, converter=None, **data):
        return super().report_routes(
            reportname, docids=docids, converter=converter, **data
        )

    @route()
    def report_download(self, data, context=None, token=None, readonly=True):
        """The programme's documents download under a clean name: the
        record's (``print_report_name``) for one record, the document's
        name without «(XLSX)», «(PDF)» for several."""
        response = super().report_download(
            data, context=context, token=token, readonly=readonly
        )
        try:
            url = json.loads(data)[0]
        except (ValueError, IndexError, TypeError):
            return response
        header = response.headers.get("Content-Disposition") or ""
        match = _FILENAME.search(header)
        path = url.split("?")[0].split("/")
        if not match or len(path) < 4 or path[1] != "report":
            return response
        report = request.env["ir.actions.report"]._get_report_from_name(path[3])
        if not report or not (report.model or "").startswith("rehab."):
            return response
        extension = os.path.splitext(unquote(match.group(1) or match.group(2)))[1]
        ids = (
            [int(i) for i in path[4].split(",") if i.isdigit()] if len(path) > 4 else []
        )
        name = report._rehab_download_name(ids)
        response.headers["Content-Disposition"] = content_disposition(name + extension)
        return response
