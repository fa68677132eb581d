"""Reading printed documents back, as an archive or a search engine would."""

import os
import subprocess
import tempfile


def pdf_text(pdf):
    """The text layer of a PDF, laid out as on the page."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "document.pdf")
        with open(path, "wb") as file:
            file.write(pdf)
        return subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", path, "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout


def pdf_pages(pdf):
    return pdf_text(pdf).split("\f")


def pdf_fonts(pdf):
    """(name, embedded) of each font of a PDF."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "document.pdf")
        with open(path, "wb") as file:
            file.write(pdf)
        lines = subprocess.run(
            ["pdffonts", path], capture_output=True, check=True, text=True
        ).stdout.splitlines()[2:]
    fonts = []
    for line in lines:
        columns = line.split()
        # name type... encoding emb sub uni object ID: emb is 5th from the end.
        fonts.append((columns[0], columns[-5] == "yes"))
    return fonts


def first_page_png(pdf, resolution=50):
    """The first page as a PNG picture (pdftoppm)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "document.pdf")
        with open(path, "wb") as file:
            file.write(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(resolution),
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                path,
                os.path.join(tmp, "page"),
            ],
            check=True,
        )
        with open(os.path.join(tmp, "page.png"), "rb") as file:
            return file.read()


def office_to_pdf(content, suffix):
    """An ODT or XLSX file turned into PDF by LibreOffice."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "document." + suffix)
        with open(path, "wb") as file:
            file.write(content)
        subprocess.run(
            [
                "soffice",
                "-env:UserInstallation=file://%s/profile" % tmp,
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                tmp,
                path,
            ],
            capture_output=True,
            check=True,
            timeout=180,
        )
        with open(os.path.join(tmp, "document.pdf"), "rb") as file:
            return file.read()


def positions(text, parts):
    """Where each part first appears in the text (-1 when absent)."""
    return [text.find(part) for part in parts]
