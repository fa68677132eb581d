# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The official layout of the XLSX documents (Decree 30/2020/NĐ-CP).

One sheet is one document, in the parts and order of the PDF and ODT ones
(reports/official_layout.xml, scripts/build_odt_templates.py): «DỰ THẢO» on a
draft; the issuing body under its governing body and the number on the left,
the national name, the motto, place and date on the right; kind and summary;
«Kính gửi»; the table, its header row repeated on every printed page; the
signature blocks and «Nơi nhận» under it. Times New Roman throughout,
numbers in the Vietnamese way (1.234.567; 80,0) whatever the reader's
locale, A4 landscape with the Decree's margins, fitted to the page's width,
page numbers in the header from page 2 on.
"""

from datetime import date

from xlsxwriter.worksheet import Worksheet

from odoo import _, models

FONT = "Times New Roman"
FONT_SIZE = 12
CM = 1 / 2.54  # xlsxwriter's margins are in inches
# Vietnamese number forms (LCID 042A), whatever the locale of the reader.
MONEY = "[$-42A]#,##0"
DATE = "dd/mm/yyyy"
# Rows of blank space for the signature.
SIGNATURE_ROWS = 4
# The height of a line of text (points) and the width of an average letter
# in column-width units (the width of a digit), bold a little wider: the rows
# of wrapped text get their height here, as neither LibreOffice nor Excel fit
# them when they open the file.
LINE_HEIGHT = 15.75
LETTER = {False: 0.85, True: 0.95}
WRAPPED = ("cell", "header", "summary")


def wrapped_lines(text, width, bold=False):
    """The lines ``text`` takes, wrapped at spaces in a column ``width`` wide."""
    room = max((width - 1) / LETTER[bold], 1)
    total = 0
    for paragraph in str(text or "").split("\n"):
        lines, used = 1, 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > room:
                lines, used = lines + 1, len(word)
            else:
                used += len(word) + (1 if used else 0)
        total += lines
    return total


def ratio_format(digits):
    """«80,0»: a ratio with ``digits`` decimals."""
    return "[$-42A]0.%s" % ("0" * digits) if digits else MONEY


class OfficialWorksheet(Worksheet):
    """A worksheet whose first page has no header: the page number is printed
    from page 2 on (xlsxwriter writes no ``differentFirst``)."""

    def _write_header_footer(self):
        if not self.header_footer_changed:
            return super()._write_header_footer()
        self._xml_start_tag("headerFooter", [("differentFirst", 1)])
        if self.header:
            self._write_odd_header()
        if self.footer:
            self._write_odd_footer()
        self._xml_end_tag("headerFooter")


class OfficialBook:
    """The formats of one workbook in the official layout."""

    def __init__(self, workbook):
        self.workbook = workbook
        add = workbook.add_format
        center = {"align": "center", "valign": "top"}
        cell = {"border": 1, "valign": "top"}
        self.formats = {
            "parent": add(center),
            "issuer": add(dict(center, bold=True)),
            "nation": add(dict(center, bold=True)),
            "motto": add(dict(center, bold=True, underline=1, font_size=13)),
            "number": add(center),
            "place_date": add(dict(center, italic=True, font_size=13)),
            "draft": add(dict(center, bold=True, border=2, font_size=13)),
            "kind": add(dict(center, bold=True, font_size=14)),
            "summary": add(dict(center, bold=True, font_size=13, text_wrap=True)),
            "addressee": add(dict(center, font_size=13)),
            "header": add(
                dict(cell, bold=True, align="center", valign="vcenter", text_wrap=True)
            ),
            "cell": add(dict(cell, text_wrap=True)),
            "center": add(dict(cell, align="center")),
            "date": add(dict(cell, align="center", num_format=DATE)),
            "money": add(dict(cell, num_format=MONEY)),
            "total_label": add(dict(cell, bold=True, align="center")),
            "total": add(dict(cell, bold=True, num_format=MONEY)),
            "signer": add(dict(center, bold=True)),
            "signer_note": add(dict(center, italic=True, font_size=11)),
            "signer_name": add(dict(center, bold=True)),
            "recipients_title": add({"bold": True, "italic": True}),
            "recipients": add({"font_size": 11}),
        }
        self._ratios = {}

    def ratio(self, digits, total=False):
        """The format of a ratio of ``digits`` decimals (bold in a total)."""
        key = (digits, total)
        if key not in self._ratios:
            self._ratios[key] = self.workbook.add_format(
                {
                    "border": 1,
                    "valign": "top",
                    "bold": total,
                    "num_format": ratio_format(digits),
                }
            )
        return self._ratios[key]

    def sheet(self, name, paper, columns, labels):
        """A new sheet: the heading of ``paper`` and the header row of a table
        of ``columns`` ((title, width) pairs); see OfficialSheet. Its name
        is made unique in the workbook (several records printed at once)."""
        return OfficialSheet(self, self.unique_name(name), paper, columns, labels)

    def unique_name(self, name):
        """``name`` cut to Excel's 31 characters, numbered if already taken."""
        name = name[:31]
        taken = {sheet.lower() for sheet in self.workbook.sheetnames}
        candidate, index = name, 2
        while candidate.lower() in taken:
            suffix = " (%d)" % index
            candidate = name[: 31 - len(suffix)] + suffix
            index += 1
        return candidate


class OfficialSheet:
    """One document on one sheet. ``row`` is the first row of the table's
    body once the heading is written; ``close(row)`` writes the closing
    parts under the table's last row."""

    def __init__(self, book, name, paper, columns, labels):
        self.book = book
        self.paper = paper
        self.labels = labels
        self.widths = [width for __, width in columns]
        self.sheet = book.workbook.add_worksheet(
            name, worksheet_class=OfficialWorksheet
        )
        # Left block: about 40 % of the width (issuer, «Nơi nhận»).
        total, running, split = sum(self.widths), 0, 1
        for index, width in enumerate(self.widths[:-1], start=1):
            running += width
            split = index
            if running >= 0.4 * total:
                break
        self.split = split
        for col, width in enumerate(self.widths):
            self.sheet.set_column(col, col, width)
        self._page_setup()
        row = self._heading()
        self.header_row = row
        self.write_row(row, [(title, "header") for title, __ in columns])
        self.sheet.repeat_rows(row)
        self.row = row + 1

    @property
    def last_col(self):
        return len(self.widths) - 1

    def _page_setup(self):
        sheet = self.sheet
        sheet.set_paper(9)  # A4
        sheet.set_landscape()
        sheet.set_margins(left=3 * CM, right=1.5 * CM, top=2 * CM, bottom=2 * CM)
        sheet.set_header("&C&P", {"margin": 1 * CM})
        sheet.fit_to_pages(1, 0)
        sheet.hide_gridlines(2)

    def _format(self, name):
        return self.book.formats[name] if isinstance(name, str) else name

    def _lines(self, value, first, last, name):
        if name not in WRAPPED or not isinstance(value, str):
            return 1
        width = sum(self.widths[first : last + 1])
        return wrapped_lines(value, width, bold=name == "header")

    def fit(self, row, lines):
        """Room for ``lines`` lines of text in ``row``."""
        if lines > 1:
            self.sheet.set_row(row, LINE_HEIGHT * lines)

    def span(self, row, first, last, value, name):
        """``value`` over the columns ``first`` to ``last`` of ``row``, in the
        format ``name``; returns the lines it takes."""
        if first == last:
            self.write_cell(row, first, value, name)
        else:
            self.sheet.merge_range(row, first, row, last, value, self._format(name))
        return self._lines(value, first, last, name)

    def write_cell(self, row, col, value, name):
        """One cell: a number, a date, a text or nothing (a blank cell)."""
        cell_format = self._format(name)
        if value is None or value is False:
            self.sheet.write_blank(row, col, None, cell_format)
        elif isinstance(value, bool):
            self.sheet.write_string(row, col, str(value), cell_format)
        elif isinstance(value, (int, float)):
            self.sheet.write_number(row, col, value, cell_format)
        elif isinstance(value, date):
            self.sheet.write_datetime(row, col, value, cell_format)
        else:
            self.sheet.write_string(row, col, value, cell_format)
        return self._lines(value, col, col, name)

    def write_row(self, row, cells, first=0):
        """A row of the table: ``cells`` are (value, format name or Format)
        from the column ``first`` on; the row is as high as its longest text."""
        lines = [
            self.write_cell(row, col, value, name)
            for col, (value, name) in enumerate(cells, start=first)
        ]
        self.fit(row, max(lines, default=1))

    def _blocks(self, row, left, right):
        """Two blocks of lines side by side from ``row``: ``left`` under the
        left columns, ``right`` under the others; lines are (text, format
        name) or None for a blank line. Returns the row after the longer."""
        for index in range(max(len(left), len(right))):
            for lines, first, last in (
                (left, 0, self.split - 1),
                (right, self.split, self.last_col),
            ):
                line = lines[index] if index < len(lines) else None
                if line:
                    self.span(row + index, first, last, line[0], line[1])
        return row + max(len(left), len(right))

    def _heading(self):
        paper = self.paper
        row = 0
        if paper["draft"]:
            # In the right corner: the last column, or the last two if narrow.
            first = self.last_col if self.widths[-1] >= 12 else self.last_col - 1
            first = max(first, self.split)
            self.span(row, first, self.last_col, "DỰ THẢO", "draft")
            row += 2
        left = [
            (paper["parent"].upper(), "parent") if paper["parent"] else None,
            ((paper["issuer"] or "").upper(), "issuer"),
            (self.labels["number"] % (paper["number"] or "……"), "number"),
        ]
        if not paper["parent"]:
            left = left[1:]
        right = [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "nation"),
            ("Độc lập - Tự do - Hạnh phúc", "motto"),
            (paper["place_date"], "place_date"),
        ]
        row = self._blocks(row, left, right) + 1
        self.span(row, 0, self.last_col, paper["kind"], "kind")
        row += 1
        if paper["summary"]:
            lines = self.span(row, 0, self.last_col, paper["summary"], "summary")
            self.fit(row, lines)
            row += 1
        addressees = paper["addressees"]
        if len(addressees) == 1:
            self.span(
                row,
                0,
                self.last_col,
                self.labels["addressee"] % addressees[0],
                "addressee",
            )
            row += 1
        elif addressees:
            lines = [self.labels["addressees"]] + ["- %s" % name for name in addressees]
            for line in lines:
                self.span(row, 0, self.last_col, line, "addressee")
                row += 1
        return row + 1

    def _signer_lines(self, signer, titles=0):
        """The lines of a signature block: its headings and title (padded to
        ``titles`` lines, to align blocks side by side), the note, the room
        to sign, the name."""
        lines = [
            (signer.get(key), "signer")
            for key in ("heading", "authority", "title")
            if signer.get(key)
        ]
        lines += [None] * (max(titles, 1) - len(lines))
        lines.append((self.labels["signature"], "signer_note"))
        lines.extend([None] * SIGNATURE_ROWS)
        lines.append((signer.get("name") or "", "signer_name"))
        return lines

    def _recipient_lines(self):
        return [(self.labels["recipients"], "recipients_title")] + [
            ("- %s" % recipient, "recipients") for recipient in self.paper["recipients"]
        ]

    def close(self, row):
        """The signature blocks and «Nơi nhận» under the table, whose last
        row is ``row - 1``: with one signer, «Nơi nhận» on its left; with
        two, both side by side and «Nơi nhận» under them."""
        signers = self.paper["signers"]
        row += 1
        if len(signers) > 1:
            titles = max(
                len([key for key in ("heading", "authority", "title") if s.get(key)])
                for s in signers[:2]
            )
            row = self._blocks(
                row,
                self._signer_lines(signers[0], titles),
                self._signer_lines(signers[1], titles),
            )
            row = self._blocks(row + 1, self._recipient_lines(), [])
        else:
            right = self._signer_lines(signers[0]) if signers else []
            row = self._blocks(row, self._recipient_lines(), right)
        return row


class RehabOfficialXlsx(models.AbstractModel):
    """An XLSX document in the official layout, written in the document's
    language (rehab.document.mixin) whatever the language of the user."""

    _name = "rehab.official.xlsx"
    _inherit = [
        "report.report_xlsx.abstract",
        "rehab.document.mixin",
        "rehab.base.mixin",
    ]
    _description = "Official document as an XLSX workbook"

    def get_workbook_options(self):
        return {
            "default_format_properties": {"font_name": FONT, "font_size": FONT_SIZE}
        }

    def generate_xlsx_report(self, workbook, data, objs):
        first = objs[:1]
        tz = (
            first._document_tz()
            if first and hasattr(first, "_document_tz")
            else self._document_tz()
        )
        report = self._for_document().with_context(tz=tz)
        records = objs.with_context(lang=report.env.lang, tz=tz)
        report._generate_official(OfficialBook(workbook), data, records)

    def _generate_official(self, book, data, records):
        """Write the sheets of ``records`` in ``book`` (an OfficialBook)."""
        raise NotImplementedError()

    def _doc_labels(self):
        """The words of the layout, in the document's language."""
        return {
            "number": _("No.: %s"),
            "addressee": _("Respectfully to: %s"),
            "addressees": _("Respectfully to:"),
            "signature": _("(Signature, full name, seal)"),
            "recipients": _("Recipients:"),
        }

    def _doc_sheet(self, book, name, paper, columns):
        """A new sheet of ``book`` with the heading of ``paper`` and the header
        row of ``columns`` ((title, width) pairs)."""
        return book.sheet(name, paper, columns, self._doc_labels())
