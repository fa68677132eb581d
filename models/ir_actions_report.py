# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import functools
import io
import logging
import re
import subprocess

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen import canvas

from odoo import api, models
from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin
from odoo.tools import config
from odoo.tools.pdf import PdfFileReader, PdfFileWriter
from odoo.tools.safe_eval import safe_eval, time

from .rehab_access_logged_mixin import access_scope, note_access, user_request

_logger = logging.getLogger(__name__)
# The documents that name people on the programme: each print is written to
# the access log of sensitive data (rehab.access.log).
PEOPLE_DOCUMENT_MODELS = (
    "rehab.person",
    "rehab.monthly.list",
    "rehab.referral.slip",
    "rehab.group.review",
    "rehab.loan",
    "rehab.session.sheet",
)


@functools.cache
def wkhtmltopdf_scale():
    """How much the installed wkhtmltopdf shrinks CSS sizes, undone by a zoom.

    The builds on Qt without wkhtmltopdf's patches (Debian's package) print
    a CSS point as three quarters of a point and ignore ``--zoom``: a 13 pt
    text would print at 9.75 pt. Their version line does not say «with
    patched qt».
    """
    try:
        version = subprocess.run(
            [_get_wkhtmltopdf_bin(), "--version"],
            capture_output=True,
            check=False,
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return 1.0
    return 1.0 if b"patched qt" in version else 96.0 / 72.0


@functools.cache
def page_number_font():
    """The serif of the documents for their page numbers, embedded."""
    try:
        path = subprocess.run(
            ["fc-match", "-f", "%{file}", "Times New Roman"],
            capture_output=True,
            check=False,
            timeout=30,
            text=True,
        ).stdout.strip()
        if path.lower().endswith(".ttf"):
            pdfmetrics.registerFont(TTFont("RehabDocumentSerif", path))
            return "RehabDocumentSerif"
    except (OSError, subprocess.SubprocessError, TTFError) as error:
        _logger.warning("No serif font for the page numbers: %s", error)
    return "Times-Roman"


def number_pages(pdf_bytes, left=30, right=15, top=20):
    """The pages of one document numbered from 2 on, as Decree 30/2020/NĐ-CP
    asks: Arabic numerals, centred over the text in the top margin; the first
    page bears none. Margins in millimetres."""
    reader = PdfFileReader(io.BytesIO(pdf_bytes), strict=False)
    if reader.getNumPages() < 2:
        return pdf_bytes
    writer = PdfFileWriter()
    font = page_number_font()
    for index in range(reader.getNumPages()):
        page = reader.getPage(index)
        if index:
            width = float(page.mediaBox.getWidth())
            height = float(page.mediaBox.getHeight())
            overlay = io.BytesIO()
            stamp = canvas.Canvas(
                overlay, pagesize=(width, height), initialFontName=font
            )
            stamp.setFont(font, 13)
            stamp.drawCentredString(
                (left * mm + width - right * mm) / 2,
                height - top * mm / 2 - 4,
                str(index + 1),
            )
            stamp.save()
            overlay.seek(0)
            page.mergePage(PdfFileReader(overlay).getPage(0))
        writer.addPage(page)
    result = io.BytesIO()
    writer.write(result)
    return result.getvalue()


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_report_url(self, layout=None):
        """Where wkhtmltopdf fetches the styles of the programme's documents.

        Odoo uses the public address (``web.base.url``), which is another
        port or a name the server cannot reach from inside until an
        administrator logs in: the documents then print unstyled. Unless
        ``report.url`` says otherwise, the programme's documents are fetched
        from this server itself, on the address and port it listens on.
        """
        params = self.env["ir.config_parameter"].sudo()
        if (
            params.get_param("report.url")
            or not self
            or not all((report.model or "").startswith("rehab.") for report in self)
        ):
            return super()._get_report_url(layout=layout)
        interface = config.get("http_interface") or "127.0.0.1"
        if interface in ("0.0.0.0", "::"):
            interface = "127.0.0.1"
        return "http://%s:%s" % (interface, config.get("http_port"))

    # Whoever asks for a document of records they may not read is refused
    # (403 on the /report/ routes) before anything is rendered, not halfway
    # through the template (a QWeb error: HTTP 500).

    def _rehab_check_read(self, report_ref, res_ids):
        if self.env.su or not res_ids:
            return
        report = self._get_report(report_ref)
        if not (report.model or "").startswith("rehab."):
            return
        if isinstance(res_ids, int):
            res_ids = [res_ids]
        self.env[report.model].browse(res_ids).check_access("read")

    def _render_qweb_text(self, report_ref, docids, data=None):
        self._rehab_check_read(report_ref, docids)
        return super()._render_qweb_text(report_ref, docids, data=data)

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Number the pages of each of the programme's documents.

        Several records print one document each, rendered one by one: the
        pages of each are numbered from its own first page, and Odoo joins
        them into one file (its split of a joint rendering needs an outline
        the official layout does not have, and would number the pages of
        the whole file in one run).
        """
        report = self._get_report(report_ref)
        ids = list(dict.fromkeys(res_ids or []))
        if (report.model or "").startswith("rehab.") and len(ids) > 1:
            streams = {}
            for res_id in ids:
                streams.update(
                    self._render_qweb_pdf_prepare_streams(
                        report_ref, dict(data or {}), res_ids=[res_id]
                    )
                )
            return streams
        streams = super()._render_qweb_pdf_prepare_streams(
            report_ref, data, res_ids=res_ids
        )
        paper = report.get_paperformat()
        if not (report.model or "").startswith("rehab.") or paper not in (
            self.env.ref("post_rehab_credit.paperformat_official_a4"),
            self.env.ref("post_rehab_credit.paperformat_official_a4_landscape"),
        ):
            return streams
        for entry in streams.values():
            stream = entry.get("stream")
            if stream and not entry.get("attachment"):
                numbered = number_pages(
                    stream.getvalue(),
                    left=paper.margin_left,
                    right=paper.margin_right,
                    top=paper.margin_top,
                )
                entry["stream"] = io.BytesIO(numbered)
        return streams

    def _rehab_download_name(self, res_ids=None):
        """The name (without extension) a document of the programme downloads
        under: the record's own (``print_report_name``) for one record, else
        the document's name without the kind of file it is («Dư nợ cho vay»
        for «Dư nợ cho vay (XLSX)»)."""
        self.ensure_one()
        if res_ids and len(res_ids) == 1 and self.print_report_name:
            record = self.env[self.model].browse(res_ids)
            name = safe_eval(self.print_report_name, {"object": record, "time": time})
            if name:
                return re.sub(r"\.(odt|pdf|xlsx|ods)$", "", name)
        return re.sub(r"\s*\([^()]*\)\s*$", "", self.name or "").strip() or "report"

    @api.model
    def _rehab_people_report(self, report_ref, res_ids):
        """The report, when this print names people and is a user's (to be
        written to the access log); else None."""
        if not res_ids or not user_request(self.env, sudo_too=True):
            return None
        report = self._get_report(report_ref)
        if report.model not in PEOPLE_DOCUMENT_MODELS:
            return None
        return report

    def _rehab_logged_render(self, render, report_ref, res_ids, method, *args):
        """Render after the reader's right to the records is checked; a print
        of people is written to the access log."""
        self._rehab_check_read(report_ref, res_ids)
        report = self._rehab_people_report(report_ref, res_ids)
        if not report:
            return render(report_ref, res_ids, *args)
        with access_scope(self.env, "report", method) as scope:
            result = render(report_ref, res_ids, *args)
            note_access(
                scope,
                report.model,
                [int(res_id) for res_id in res_ids],
                (),
                document=report.with_context(lang="en_US").name,
            )
        return result

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        return self._rehab_logged_render(
            super()._render_qweb_pdf, report_ref, res_ids, "qweb-pdf", data
        )

    def _render_qweb_html(self, report_ref, docids, data=None):
        return self._rehab_logged_render(
            super()._render_qweb_html, report_ref, docids, "qweb", data
        )

    def _render_xlsx(self, report_ref, docids, data):
        return self._rehab_logged_render(
            super()._render_xlsx, report_ref, docids, "xlsx", data
        )

    def _render_py3o(self, report_ref, res_ids, data=None):
        return self._rehab_logged_render(
            super()._render_py3o, report_ref, res_ids, "py3o", data
        )

    def _official_zoom(self):
        """The CSS zoom of a PDF document printed at its true sizes."""
        scale = wkhtmltopdf_scale()
        return "zoom: %.6f;" % scale if scale != 1.0 else ""
