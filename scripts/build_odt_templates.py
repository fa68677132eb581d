"""Builds the py3o ODT templates of the official documents.

Usage: python3 scripts/build_odt_templates.py [--check]

Writes reports/monthly_list.odt and reports/periodic_report.odt (content.xml,
styles.xml, the manifest and the mimetype, zipped with fixed dates: the same
code gives the same bytes). With --check, writes nothing and fails when a
committed template differs from what this script builds.

The layout is that of reports/official_layout.xml (Decree 30/2020/NĐ-CP): A4,
margins 2 cm top and bottom, 3 cm left, 1.5 cm right; Times New Roman 13 pt
(a serif, so that LibreOffice substitutes Liberation Serif, which has every
Vietnamese letter); the heading (governing body, issuing body, number; the
national name, the motto, place and date), «DỰ THẢO» on drafts, kind and
summary, «Kính gửi», the body, the signature blocks and «Nơi nhận»; page
numbers centred in the header from page 2 on. The values come from the parts
of the record (``paper``: rehab.document.mixin._official_document) and its
formatting helpers on ``doc`` (the record in the document's language), both
set by reports/official_odt.py.

The static words of the forms are Vietnamese: the templates are Vietnamese
forms, which an agency edits in LibreOffice (Odoo keeps an edited copy on the
report, ``py3o_template_id``).
"""

import argparse
import io
import os
import sys
import zipfile
from xml.sax.saxutils import escape, quoteattr

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

NAMESPACES = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "loext": "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0",
}
XMLNS = " ".join(
    "xmlns:%s=%s" % (key, quoteattr(url)) for key, url in NAMESPACES.items()
)
MIMETYPE = "application/vnd.oasis.opendocument.text"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

# The page: A4, Decree 30/2020/NĐ-CP margins (cm).
MARGIN_TOP = 2.0
MARGIN_BOTTOM = 2.0
MARGIN_LEFT = 3.0
MARGIN_RIGHT = 1.5
# From page 2 on, the page number sits in the top margin: the header starts
# HEADER_TOP below the edge and the text still starts MARGIN_TOP below it.
HEADER_TOP = 1.0
HEADER_HEIGHT = 0.6
FONT = "Times New Roman"
FONT_SIZE = "13pt"
SIGNATURE_SPACE = "2.2cm"


def cm(value):
    return "%.2fcm" % value


class Document:
    """One template: its page, its py3o fields and its XML, built in order."""

    def __init__(self, landscape=False, cell_size="11pt"):
        self.landscape = landscape
        self.cell_size = cell_size
        self.page_width = 29.7 if landscape else 21.0
        self.page_height = 21.0 if landscape else 29.7
        self.width = self.page_width - MARGIN_LEFT - MARGIN_RIGHT
        # The heading's left column: the issuing body (as in official_layout.xml).
        self.heading_left = 0.44 * self.width
        self.fields = []
        self.table_styles = []
        self.parts = []

    # Pieces of content.xml

    def field(self, expression, sample):
        """A py3o field: the value of ``expression``; ``sample`` in the template."""
        name = "py3o.%s" % expression
        if name not in self.fields:
            self.fields.append(name)
        return "<text:user-field-get text:name=%s>%s</text:user-field-get>" % (
            quoteattr(name),
            escape(sample),
        )

    @staticmethod
    def instruction(statement):
        """A py3o instruction (for, if, /for, /if): a link alone in its paragraph."""
        return (
            '<text:p text:style-name="Doc_Instruction">'
            '<text:a xlink:type="simple" xlink:href=%s>%s</text:a></text:p>'
            % (quoteattr("py3o://%s" % statement), escape(statement))
        )

    @staticmethod
    def paragraph(style, *content):
        return '<text:p text:style-name="%s">%s</text:p>' % (style, "".join(content))

    def table(self, name, widths, rows, *, header_rows=(), grid=False, keep=False):
        """A table of explicit column widths (cm), spread over the text width.

        LibreOffice keeps the widths of a table whose width and every column's
        width (absolute and relative) are set: no squeezed cells.
        """
        total = sum(widths)
        assert abs(total - self.width) < 0.01, (name, total, self.width)
        styles = [
            '<style:style style:name="%s" style:family="table">'
            '<style:table-properties style:width="%s" style:rel-width="100%%" '
            'table:align="margins" fo:margin-top="0cm" fo:margin-bottom="0cm"%s/>'
            "</style:style>"
            % (name, cm(total), ' style:may-break-between-rows="false"' if keep else "")
        ]
        columns = []
        for index, width in enumerate(widths, start=1):
            column = "%s.C%s" % (name, index)
            styles.append(
                '<style:style style:name="%s" style:family="table-column">'
                '<style:table-column-properties style:column-width="%s" '
                'style:rel-column-width="%d*"/></style:style>'
                % (column, cm(width), round(width * 1000))
            )
            columns.append('<table:table-column table:style-name="%s"/>' % column)
        cell_style = "%s.Cell" % name
        border = ' fo:border="0.5pt solid #000000"' if grid else ' fo:border="none"'
        padding = "0.05cm" if grid else "0cm"
        styles.append(
            '<style:style style:name="%s" style:family="table-cell">'
            '<style:table-cell-properties style:vertical-align="top" '
            'fo:padding-top="%s" fo:padding-bottom="%s" fo:padding-left="%s" '
            'fo:padding-right="%s"%s/></style:style>'
            % (cell_style, padding, padding, padding, padding, border)
        )
        row_style = "%s.Row" % name
        styles.append(
            '<style:style style:name="%s" style:family="table-row">'
            '<style:table-row-properties fo:keep-together="always"/></style:style>'
            % row_style
        )
        self.table_styles.extend(styles)

        def render_row(row):
            if isinstance(row, str):  # a py3o instruction, alone in its row
                cells = [
                    '<table:table-cell table:style-name="%s" '
                    'office:value-type="string">%s</table:table-cell>'
                    % (cell_style, row)
                ]
                cells += [
                    '<table:table-cell table:style-name="%s" office:value-type='
                    '"string"><text:p text:style-name="Doc_Instruction"/>'
                    "</table:table-cell>" % cell_style
                ] * (len(widths) - 1)
                return '<table:table-row table:style-name="%s">%s</table:table-row>' % (
                    row_style,
                    "".join(cells),
                )
            cells = []
            for item in row:
                span, cell = item if isinstance(item, tuple) else (1, item)
                cells.append(
                    '<table:table-cell table:style-name="%s" office:value-type='
                    '"string"%s>%s</table:table-cell>'
                    % (
                        cell_style,
                        ' table:number-columns-spanned="%d"' % span if span > 1 else "",
                        cell,
                    )
                )
                cells.extend(["<table:covered-table-cell/>"] * (span - 1))
            return '<table:table-row table:style-name="%s">%s</table:table-row>' % (
                row_style,
                "".join(cells),
            )

        header = ""
        if header_rows:
            header = "<table:table-header-rows>%s</table:table-header-rows>" % "".join(
                render_row(row) for row in header_rows
            )
        return (
            '<table:table table:name="%s" table:style-name="%s">%s%s%s</table:table>'
            % (
                name,
                name,
                "".join(columns),
                header,
                "".join(render_row(row) for row in rows),
            )
        )

    def add(self, *xml):
        self.parts.extend(xml)

    # The parts of an official document, in their order

    def heading(self):
        """Issuing body under its governing body, number | national name,
        motto, place and date; «DỰ THẢO» above them on a draft."""
        widths = [self.heading_left, self.width - self.heading_left]
        issuer = (
            self.paragraph(
                "Doc_Agency",
                self.field("(paper['parent'] or '').upper()", "ỦY BAN NHÂN DÂN TỈNH"),
            ),
            self.paragraph(
                "Doc_Agency_Bold",
                self.field("(paper['issuer'] or '').upper()", "CƠ QUAN BAN HÀNH"),
            ),
            self.paragraph("Doc_Rule_Issuer"),
            self.paragraph(
                "Doc_Heading", "Số: ", self.field("paper['number'] or '……'", "……")
            ),
        )
        nation = (
            self.paragraph("Doc_Agency_Bold", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            self.paragraph("Doc_Motto", "Độc lập - Tự do - Hạnh phúc"),
            self.paragraph("Doc_Rule_Motto"),
            self.paragraph(
                "Doc_Place_Date",
                self.field("paper['place_date']", "Châu Sơn, ngày … tháng … năm …"),
            ),
        )
        draft = self.paragraph("Doc_Draft", "DỰ THẢO")
        self.add(
            self.table(
                "Heading",
                widths,
                [
                    self.instruction("if=\"paper['draft']\""),
                    (self.paragraph("Doc_Instruction"), draft),
                    self.instruction("/if"),
                    ("".join(issuer), "".join(nation)),
                ],
            )
        )

    def title(self):
        """Kind and summary of the document, then «Kính gửi»."""
        self.add(
            self.paragraph("Doc_Kind", self.field("paper['kind']", "BÁO CÁO")),
            self.instruction("if=\"paper['summary']\""),
            self.paragraph("Doc_Summary", self.field("paper['summary']", "Trích yếu")),
            self.instruction("/if"),
            self.paragraph("Doc_Rule_Summary"),
            self.instruction("if=\"len(paper['addressees']) == 1\""),
            self.paragraph(
                "Doc_Addressee",
                "Kính gửi: ",
                self.field("paper['addressees'][0]", "Cơ quan nhận"),
            ),
            self.instruction("/if"),
            self.instruction("if=\"len(paper['addressees']) > 1\""),
            self.paragraph("Doc_Addressee", "Kính gửi:"),
            self.instruction("for=\"addressee in paper['addressees']\""),
            self.paragraph(
                "Doc_Addressee", "- ", self.field("addressee", "Cơ quan nhận")
            ),
            self.instruction("/for"),
            self.instruction("/if"),
        )

    def signer(self, index):
        """The signature block of ``paper['signers'][index]``, if any."""
        optional = []
        for key, sample in (
            ("heading", "NGƯỜI LẬP"),
            ("authority", "TM. ỦY BAN NHÂN DÂN"),
        ):
            optional += [
                self.instruction("if=\"signer.get('%s')\"" % key),
                self.paragraph("Doc_Signer", self.field("signer['%s']" % key, sample)),
                self.instruction("/if"),
            ]
        return "".join(
            [
                self.instruction(
                    "for=\"signer in paper['signers'][%d:%d]\"" % (index, index + 1)
                ),
                *optional,
                self.paragraph(
                    "Doc_Signer", self.field("signer.get('title') or ''", "CHỦ TỊCH")
                ),
                # Blocks side by side: their notes and names on one level.
                self.instruction('for="pad in range(signer_pads[%d])"' % index),
                self.paragraph("Doc_Signer"),
                self.instruction("/for"),
                self.paragraph("Doc_Signer_Note", "(Ký, ghi rõ họ tên, đóng dấu)"),
                self.paragraph(
                    "Doc_Signer_Name",
                    self.field("signer.get('name') or ''", "Họ và tên"),
                ),
                self.instruction("/for"),
            ]
        )

    def recipients(self):
        return "".join(
            [
                self.paragraph("Doc_Recipients_Title", "Nơi nhận:"),
                self.instruction("for=\"recipient in paper['recipients']\""),
                self.paragraph(
                    "Doc_Recipients", "- ", self.field("recipient", "Như trên;")
                ),
                self.instruction("/for"),
            ]
        )

    def closing(self, signers):
        """Signature blocks and «Nơi nhận»: with one signer, «Nơi nhận» on
        its left; with two, both side by side, «Nơi nhận» under them."""
        half = self.width / 2
        left = 0.45 * self.width
        if signers == 1:
            self.add(
                self.table(
                    "Closing",
                    [left, self.width - left],
                    [(self.recipients(), self.signer(0))],
                    keep=True,
                )
            )
            return
        self.add(
            self.table(
                "Signers",
                [half, half],
                [tuple(self.signer(index) for index in range(signers))],
                keep=True,
            ),
            self.table(
                "Closing",
                [left, self.width - left],
                [(self.recipients(), self.paragraph("Doc_Instruction"))],
                keep=True,
            ),
        )

    # The files

    def content_xml(self):
        decls = "".join(
            '<text:user-field-decl office:value-type="string" office:string-value="" '
            "text:name=%s/>" % quoteattr(name)
            for name in self.fields
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<office:document-content %s office:version="1.3">'
            "%s<office:automatic-styles>%s</office:automatic-styles>"
            "<office:body><office:text>"
            "<text:user-field-decls>%s</text:user-field-decls>%s"
            "</office:text></office:body></office:document-content>\n"
            % (
                XMLNS,
                FONT_FACES,
                "".join(self.table_styles),
                decls,
                "".join(self.parts),
            )
        )

    def styles_xml(self):
        left = self.heading_left
        right = self.width - left
        return styles_xml(
            {
                "cell_size": self.cell_size,
                "page_width": cm(self.page_width),
                "page_height": cm(self.page_height),
                "orientation": "landscape" if self.landscape else "portrait",
                # Rules: under the issuing body, as long as the motto, and
                # under the summary; the draft mark at the right.
                "issuer_rule": cm(self._rule_margin(left, 2.2)),
                "motto_rule": cm(self._rule_margin(right, 6.2)),
                "summary_rule": cm(self._rule_margin(self.width, 3.0)),
                "draft_indent": cm(right - 3.2),
            }
        )

    @staticmethod
    def _rule_margin(column, length):
        """The side margins of a rule of ``length`` centred in ``column``."""
        return (column - length) / 2

    def odt(self):
        """The template's bytes, the same for the same code."""
        manifest = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
            'xmlns:manifest:1.0" manifest:version="1.3">'
            '<manifest:file-entry manifest:full-path="/" manifest:version="1.3" '
            'manifest:media-type="%s"/>'
            '<manifest:file-entry manifest:full-path="content.xml" '
            'manifest:media-type="text/xml"/>'
            '<manifest:file-entry manifest:full-path="styles.xml" '
            'manifest:media-type="text/xml"/>'
            "</manifest:manifest>\n" % MIMETYPE
        )
        files = [
            ("mimetype", MIMETYPE, zipfile.ZIP_STORED),
            ("content.xml", self.content_xml(), zipfile.ZIP_DEFLATED),
            ("styles.xml", self.styles_xml(), zipfile.ZIP_DEFLATED),
            ("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED),
        ]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as odt:
            for name, text, compression in files:
                info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
                info.compress_type = compression
                info.external_attr = 0o644 << 16
                odt.writestr(info, text.encode("utf-8"))
        return buffer.getvalue()


FONT_FACES = (
    "<office:font-face-decls>"
    '<style:font-face style:name="%(font)s" svg:font-family="&apos;%(font)s&apos;" '
    'style:font-family-generic="roman" style:font-pitch="variable"/>'
    "</office:font-face-decls>" % {"font": FONT}
)


def attributes(values):
    return "".join(' %s="%s"' % (key, value) for key, value in values.items())


def paragraph_style(name, parent="Standard", para=None, text=None):
    """A named paragraph style: its paragraph and text properties."""
    inner = ""
    if para:
        inner += "<style:paragraph-properties%s/>" % attributes(para)
    if text:
        inner += "<style:text-properties%s/>" % attributes(text)
    return (
        '<style:style style:name="%s" style:family="paragraph" '
        'style:parent-style-name="%s">%s</style:style>' % (name, parent, inner)
    )


BOLD = {"fo:font-weight": "bold"}
ITALIC = {"fo:font-style": "italic"}
CENTER = {"fo:text-align": "center"}
KEEP = {"fo:keep-with-next": "always"}


def rule(left, **more):
    """A short horizontal line: an empty, tiny paragraph with a bottom border."""
    return dict(
        {
            "fo:margin-left": left,
            "fo:margin-right": left,
            "fo:margin-bottom": "0.1cm",
            "fo:border-bottom": "0.5pt solid #000000",
            "fo:padding": "0cm",
        },
        **more,
    )


def page_layout(name, values, header=None):
    properties = {
        "fo:page-width": values["page_width"],
        "fo:page-height": values["page_height"],
        "style:print-orientation": values["orientation"],
        "fo:margin-top": values["top"],
        "fo:margin-bottom": cm(MARGIN_BOTTOM),
        "fo:margin-left": cm(MARGIN_LEFT),
        "fo:margin-right": cm(MARGIN_RIGHT),
    }
    inner = "<style:page-layout-properties%s/>" % attributes(properties)
    if header:
        inner += (
            "<style:header-style><style:header-footer-properties%s/>"
            "</style:header-style>" % attributes(header)
        )
    return '<style:page-layout style:name="%s">%s</style:page-layout>' % (name, inner)


def styles_xml(values):
    """styles.xml: the default font, the named paragraph styles of the layout,
    and the pages: the first one without header, the next ones (LibreOffice's
    ``style:next-style-name``) with the page number centred in the header."""
    font, size = FONT, FONT_SIZE
    default_text = {
        "style:font-name": font,
        "fo:font-size": size,
        "fo:language": "vi",
        "fo:country": "VN",
        "style:font-name-asian": font,
        "style:font-size-asian": size,
        "style:font-name-complex": font,
        "style:font-size-complex": size,
        "fo:hyphenate": "false",
        "fo:color": "#000000",
    }
    cell = {"fo:font-size": values["cell_size"]}
    styles = [
        '<style:default-style style:family="paragraph">'
        '<style:paragraph-properties fo:orphans="2" fo:widows="2"/>'
        "<style:text-properties%s/></style:default-style>" % attributes(default_text),
        '<style:default-style style:family="table"><style:table-properties '
        'table:border-model="collapsing"/></style:default-style>',
        '<style:style style:name="Standard" style:family="paragraph" '
        'style:class="text"><style:paragraph-properties fo:margin-top="0cm" '
        'fo:margin-bottom="0cm"/></style:style>',
        paragraph_style("Doc_Instruction"),
        paragraph_style("Doc_Heading", para=CENTER),
        paragraph_style("Doc_Heading_Bold", "Doc_Heading", text=BOLD),
        # Governing and issuing bodies, national name: 12 pt (Decree: 12-13).
        paragraph_style("Doc_Agency", "Doc_Heading", text={"fo:font-size": "12pt"}),
        paragraph_style("Doc_Agency_Bold", "Doc_Agency", text=BOLD),
        paragraph_style("Doc_Motto", "Doc_Heading_Bold", text={"fo:font-size": "14pt"}),
        paragraph_style(
            "Doc_Rule_Issuer",
            para=rule(values["issuer_rule"]),
            text={"fo:font-size": "2pt"},
        ),
        paragraph_style(
            "Doc_Rule_Motto", "Doc_Rule_Issuer", para=rule(values["motto_rule"])
        ),
        paragraph_style(
            "Doc_Rule_Summary",
            "Doc_Rule_Issuer",
            para=rule(values["summary_rule"], **{"fo:margin-top": "0.1cm"}),
        ),
        paragraph_style(
            "Doc_Place_Date",
            "Doc_Heading",
            para={"fo:margin-top": "0.1cm"},
            text=dict(ITALIC, **{"fo:font-size": "14pt"}),
        ),
        paragraph_style(
            "Doc_Draft",
            para={
                "fo:text-align": "center",
                "fo:margin-left": values["draft_indent"],
                "fo:margin-bottom": "0.2cm",
                "fo:border": "1.5pt solid #000000",
                "fo:padding": "0.05cm",
            },
            text=dict(BOLD, **{"fo:font-size": "14pt"}),
        ),
        paragraph_style(
            "Doc_Kind",
            para={**CENTER, **KEEP, "fo:margin-top": "0.6cm"},
            text=dict(BOLD, **{"fo:font-size": "14pt"}),
        ),
        paragraph_style("Doc_Summary", "Doc_Kind", para={"fo:margin-top": "0cm"}),
        paragraph_style(
            "Doc_Addressee",
            para=dict(
                CENTER, **{"fo:margin-top": "0.1cm", "fo:margin-bottom": "0.2cm"}
            ),
            text={"fo:font-size": "14pt"},
        ),
        paragraph_style(
            "Doc_Body",
            para={
                "fo:text-align": "justify",
                "fo:text-indent": "1cm",
                "fo:margin-top": "0.1cm",
                "fo:margin-bottom": "0.1cm",
                "fo:line-height": "115%",
            },
            text={"fo:font-size": "14pt"},
        ),
        paragraph_style(
            "Doc_Section",
            "Doc_Body",
            para=dict(KEEP, **{"fo:margin-top": "0.2cm"}),
            text=BOLD,
        ),
        paragraph_style("Doc_Cell", text=cell),
        paragraph_style("Doc_Cell_Center", "Doc_Cell", para=CENTER),
        paragraph_style("Doc_Cell_Right", "Doc_Cell", para={"fo:text-align": "end"}),
        paragraph_style("Doc_Cell_Head", "Doc_Cell_Center", text=BOLD),
        paragraph_style("Doc_Signer", "Doc_Heading_Bold", para=KEEP),
        paragraph_style(
            "Doc_Signer_Note",
            "Doc_Heading",
            para=KEEP,
            text=dict(ITALIC, **{"fo:font-size": "11pt"}),
        ),
        paragraph_style(
            "Doc_Signer_Name",
            "Doc_Heading_Bold",
            para={"fo:margin-top": SIGNATURE_SPACE, "fo:margin-bottom": "0.3cm"},
        ),
        paragraph_style(
            "Doc_Recipients_Title",
            para={"fo:margin-top": "0.3cm"},
            text={**BOLD, **ITALIC, "fo:font-size": "12pt"},
        ),
        paragraph_style("Doc_Recipients", text={"fo:font-size": "11pt"}),
        '<style:style style:name="Doc_Bold" style:family="text">'
        "<style:text-properties%s/></style:style>" % attributes(BOLD),
        paragraph_style("Header", para=CENTER),
    ]
    first = page_layout("First_Layout", dict(values, top=cm(MARGIN_TOP)))
    # From page 2 on the page number sits in the top margin: the header
    # starts HEADER_TOP below the edge, the text still MARGIN_TOP below it.
    following = page_layout(
        "Next_Layout",
        dict(values, top=cm(HEADER_TOP)),
        header={
            "fo:min-height": cm(HEADER_HEIGHT),
            "fo:margin-bottom": cm(MARGIN_TOP - HEADER_TOP - HEADER_HEIGHT),
            "style:dynamic-spacing": "false",
        },
    )
    # The first page is LibreOffice's default page style ("Standard"),
    # whatever the document starts with; the next ones follow it.
    masters = (
        '<style:master-page style:name="Standard" style:page-layout-name='
        '"First_Layout" style:next-style-name="Next_Page"/>'
        '<style:master-page style:name="Next_Page" style:display-name="Next Page" '
        'style:page-layout-name="Next_Layout"><style:header>'
        '<text:p text:style-name="Header"><text:page-number '
        'text:select-page="current">2</text:page-number></text:p></style:header>'
        "</style:master-page>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<office:document-styles %s office:version="1.3">%s'
        "<office:styles>%s</office:styles>"
        "<office:automatic-styles>%s%s</office:automatic-styles>"
        "<office:master-styles>%s</office:master-styles>"
        "</office:document-styles>\n"
        % (XMLNS, FONT_FACES, "".join(styles), first, following, masters)
    )


def monthly_list():
    """The monthly list: drawn up by the commune police, confirmed by the chairman."""
    doc = Document(landscape=True, cell_size="11pt")
    doc.heading()
    doc.title()
    cell, center, right = "Doc_Cell", "Doc_Cell_Center", "Doc_Cell_Right"
    heads = (
        "STT",
        "Họ và tên",
        "Ngày sinh",
        "Số CCCD",
        "Thôn, bản, tổ dân phố",
        "Người đại diện hộ",
        "Mục đích vay",
        "Số tiền đề nghị vay (đồng)",
    )
    row = (
        (center, "str(index)", "1"),
        (cell, "line.person_name", "Nguyễn Văn A"),
        (center, "doc._doc_date(line.birth_date)", "12/04/1990"),
        (center, "line._rehab_doc('citizen_id')", "014090001234"),
        (cell, "line.village or ''", "Bản Nà Sản"),
        (cell, "line.household_rep_name or ''", "Nguyễn Văn B"),
        (cell, "doc._doc_selection(line, 'purpose')", "Sản xuất, kinh doanh"),
        (right, "doc._doc_number(line.amount_needed)", "200.000.000"),
    )
    doc.add(
        doc.table(
            "Lines",
            # No. | name | birth | citizen ID | village | household | purpose | amount:
            # «12/04/1990», «014090001234» and «200.000.000» fit at 11 pt.
            [1.2, 4.6, 2.4, 3.0, 3.8, 3.8, 3.6, 2.8],
            [
                doc.instruction(
                    'for="index, line in enumerate(doc.included_line_ids, 1)"'
                ),
                tuple(
                    doc.paragraph(style, doc.field(expr, sample))
                    for style, expr, sample in row
                ),
                doc.instruction("/for"),
                (
                    (7, doc.paragraph("Doc_Cell_Head", "Tổng cộng")),
                    doc.paragraph(
                        "Doc_Cell_Right",
                        '<text:span text:style-name="Doc_Bold">',
                        doc.field("doc._doc_number(doc.amount_total)", "0"),
                        "</text:span>",
                    ),
                ),
            ],
            header_rows=[tuple(doc.paragraph("Doc_Cell_Head", head) for head in heads)],
            grid=True,
        ),
        doc.paragraph(
            "Doc_Body",
            "Danh sách có ",
            doc.field("doc._doc_number(doc.included_count)", "0"),
            " người; tổng số tiền đề nghị vay: ",
            doc.field("doc._doc_amount(doc.amount_total)", "0 đồng"),
            ".",
        ),
    )
    doc.closing(signers=2)
    return doc


def periodic_report():
    """The periodic report of an agency to the agency of its plan."""
    doc = Document(landscape=False, cell_size="13pt")
    doc.heading()
    doc.title()
    doc.add(
        doc.paragraph(
            "Doc_Body",
            doc.field("paper['issuer']", "Cơ quan"),
            " báo cáo kết quả thực hiện Quyết định số 08/2026/QĐ-TTg ngày 03/3/2026 "
            "của Thủ tướng Chính phủ về tín dụng đối với người sau cai nghiện ma túy "
            "từ ngày ",
            doc.field("doc._doc_date(doc.period_start)", "01/01/2026"),
            " đến ngày ",
            doc.field("doc._doc_date(doc.period_end)", "30/06/2026"),
            " như sau:",
        ),
        doc.paragraph("Doc_Section", "I. KẾT QUẢ THỰC HIỆN"),
        doc.table(
            "Figures",
            [1.2, 10.8, 4.5],
            [
                doc.instruction(
                    'for="index, row in enumerate(doc._document_figures(), 1)"'
                ),
                (
                    doc.paragraph("Doc_Cell_Center", doc.field("str(index)", "1")),
                    doc.paragraph("Doc_Cell", doc.field("row[0]", "Chỉ tiêu")),
                    doc.paragraph("Doc_Cell_Right", doc.field("row[1]", "0")),
                ),
                doc.instruction("/for"),
            ],
            header_rows=[
                (
                    doc.paragraph("Doc_Cell_Head", "STT"),
                    doc.paragraph("Doc_Cell_Head", "Chỉ tiêu"),
                    doc.paragraph("Doc_Cell_Head", "Kết quả"),
                )
            ],
            grid=True,
        ),
    )
    for title, name in (
        ("II. ĐÁNH GIÁ KẾT QUẢ", "results"),
        ("III. KHÓ KHĂN, VƯỚNG MẮC", "difficulties"),
        ("IV. KIẾN NGHỊ, ĐỀ XUẤT", "proposals"),
    ):
        doc.add(
            doc.paragraph("Doc_Section", title),
            doc.paragraph(
                "Doc_Body", doc.field("format_multiline_value(doc.%s)" % name, "…")
            ),
        )
    doc.closing(signers=1)
    return doc


TEMPLATES = {
    "reports/monthly_list.odt": monthly_list,
    "reports/periodic_report.odt": periodic_report,
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    stale = []
    for path, build in TEMPLATES.items():
        data = build().odt()
        full = os.path.join(ROOT, path)
        if args.check:
            with open(full, "rb") as current:
                if current.read() != data:
                    stale.append(path)
            continue
        with open(full, "wb") as target:
            target.write(data)
        sys.stdout.write("wrote %s (%d bytes)\n" % (path, len(data)))
    if stale:
        sys.stdout.write(
            "out of date, run scripts/build_odt_templates.py: %s\n" % stale
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
