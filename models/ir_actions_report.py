# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import functools
import io
import logging
import subprocess

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen import canvas

from odoo import models
from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin
from odoo.tools import config
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

_logger = logging.getLogger(__name__)


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

    def _render_qweb_html(self, report_ref, docids, data=None):
        self._rehab_check_read(report_ref, docids)
        return super()._render_qweb_html(report_ref, docids, data=data)

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        self._rehab_check_read(report_ref, res_ids)
        return super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)

    def _render_qweb_text(self, report_ref, docids, data=None):
        self._rehab_check_read(report_ref, docids)
        return super()._render_qweb_text(report_ref, docids, data=data)

    def _render_xlsx(self, report_ref, docids, data):
        self._rehab_check_read(report_ref, docids)
        return super()._render_xlsx(report_ref, docids, data)

    def _render_py3o(self, report_ref, res_ids, data=None):
        self._rehab_check_read(report_ref, res_ids)
        return super()._render_py3o(report_ref, res_ids, data=data)

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Number the pages of each of the programme's documents."""
        streams = super()._render_qweb_pdf_prepare_streams(
            report_ref, data, res_ids=res_ids
        )
        report = self._get_report(report_ref)
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

    def _official_zoom(self):
        """The CSS zoom of a PDF document printed at its true sizes."""
        scale = wkhtmltopdf_scale()
        return "zoom: %.6f;" % scale if scale != 1.0 else ""
