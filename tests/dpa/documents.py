"""Agreements in every format the review reads, and the bad files it must refuse, made in memory.

`pdf_bytes(text)`, `docx_bytes(text)`, `txt_bytes(text)` and `md_bytes(text)` lay out the same
text the way a supplier's document would: one paragraph per line of `text` (blank lines only add
space), headings ("Artikel 7 ...", "Bijlage 1 ...", "# ...") in bold or as a Word heading, `**bold**`
inside a line bold in Word (plain in the PDF), and runs of tab-separated lines as a Word table.
`paragraphs_of(text)` is what reading any of them gives back. The bad files cover every reason
`bot.dpa.reading` refuses a document.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from functools import cache, lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph as DocxParagraph
from fpdf import FPDF, XPos, YPos
from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter

_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_HEADING = re.compile(
    r"^(#{1,6}\s+|(artikel|article|art\.|bijlage|annex|appendix|schedule)\s+[\w.]+\b)", re.IGNORECASE
)
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
# Core PDF fonts know only Latin-1: typographic characters get their plain equivalent.
_PLAIN = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...", "€": "EUR"})
_FILLER = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut "
    "labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco "
    "laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in "
    "voluptate velit esse cillum dolore eu fugiat nulla pariatur."
)


def is_heading(line: str) -> bool:
    """Whether the layouts below set `line` as a heading (reading should keep it on its own)."""
    return bool(_HEADING.match(line.strip())) and len(line) <= 120


def plain(line: str) -> str:
    """`line` as a reader gets it back: without Markdown markers, tabs as spaces, one space between words."""
    line = re.sub(r"^#{1,6}\s+", "", line.strip())
    return " ".join(_ITALIC.sub(r"\1", _BOLD.sub(r"\1", line)).split())


def paragraphs_of(text: str) -> list[str]:
    """The paragraphs every layout here gives `text`: its lines with a letter or digit, made plain."""
    return [plain(line) for line in text.splitlines() if any(c.isalnum() for c in line)]


# ---------------------------------------------------------------- PDF


class _Pdf(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(self.font_family, "", 8)
        self.cell(0, 10, f"Pagina {self.page_no()} van {{nb}}", align="C")


def _new_pdf() -> tuple[FPDF, bool]:
    pdf = _Pdf(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    unicode = (_FONT_DIR / "DejaVuSans.ttf").exists() and (_FONT_DIR / "DejaVuSans-Bold.ttf").exists()
    if unicode:
        pdf.add_font("dejavu", "", str(_FONT_DIR / "DejaVuSans.ttf"))
        pdf.add_font("dejavu", "B", str(_FONT_DIR / "DejaVuSans-Bold.ttf"))
        pdf.set_font("dejavu", size=10)
    else:
        pdf.set_font("helvetica", size=10)
    pdf.add_page()
    return pdf, unicode


def _pdf_text(line: str, unicode: bool) -> str:
    line = plain(line)
    if unicode:
        return line
    return line.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def _wrapped(pdf: FPDF, text: str) -> list[str]:
    """`text` broken into lines that fit the page, measured word by word (fpdf2's own line
    breaking takes seconds on a long agreement)."""
    space, used = pdf.get_string_width(" "), 0.0
    lines: list[str] = []
    words: list[str] = []
    for word in text.split(" "):
        width = pdf.get_string_width(word)
        if words and used + space + width > pdf.epw:
            lines.append(" ".join(words))
            words, used = [], 0.0
        used += width + (space if words else 0.0)
        words.append(word)
    return [*lines, " ".join(words)]


def _write_pdf_paragraph(pdf: FPDF, line: str, unicode: bool) -> None:
    heading = is_heading(line)
    pdf.set_font(style="B" if heading else "", size=12 if heading else 10)
    height = 6 if heading else 5
    for part in _wrapped(pdf, _pdf_text(line, unicode)):
        pdf.cell(0, height, part, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(style="", size=10)
    pdf.ln(2 if heading else 3)


@lru_cache(maxsize=256)
def pdf_bytes(text: str, *, min_pages: int = 1) -> bytes:
    """`text` as a PDF with a text layer and a page-number footer, padded with Latin filler
    paragraphs (no headings) to at least `min_pages` pages. Cached: the same text is laid out once."""
    pdf, unicode = _new_pdf()
    for line in text.splitlines():
        if line.strip():
            _write_pdf_paragraph(pdf, line, unicode)
    sentences = _FILLER.split(". ")
    while pdf.page_no() < min_pages:
        # Paragraphs of varying length, so that no two pages look alike (as in a real document).
        count = len(sentences) - pdf.page_no() % len(sentences)
        _write_pdf_paragraph(pdf, ". ".join(sentences[:count]).rstrip(".") + ".", unicode)
    return bytes(pdf.output())


def pdf_pages(pages: list[str]) -> bytes:
    """A PDF with one page per item of `pages`, each laid out like `pdf_bytes` does."""
    pdf, unicode = _new_pdf()
    for number, text in enumerate(pages):
        if number:
            pdf.add_page()
        for line in text.splitlines():
            if line.strip():
                _write_pdf_paragraph(pdf, line, unicode)
    return bytes(pdf.output())


def encrypted_pdf_bytes(
    text: str, *, user_password: str = "geheim", owner_password: str = "eigenaar"
) -> bytes:
    """`text` as a PDF that opens only with `user_password` (with "" it opens for anyone, as
    an owner-password-only PDF that merely restricts printing or copying)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(text))))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def scanned_pdf_bytes(pages: int = 2) -> bytes:
    """A PDF of images only, like a scan without OCR: nothing to extract."""
    image = Image.new("L", (595, 842), 255)
    draw = ImageDraw.Draw(image)
    for y in range(80, 760, 18):  # grey bars where the lines of text were
        draw.rectangle((60, y, 60 + (y * 37) % 420 + 60, y + 8), fill=90)
    pdf = FPDF(format="A4")
    for _ in range(pages):
        pdf.add_page()
        pdf.image(image, x=0, y=0, w=210, h=297)
    return bytes(pdf.output())


def corrupt_pdf_bytes() -> bytes:
    """Starts like a PDF, then the bytes of a PDF damaged halfway: no cross-reference, no pages."""
    good = pdf_bytes("Artikel 1 Definities\nDe Verwerker verwerkt Persoonsgegevens.")
    return good[:200] + bytes(range(256)) * 4


@cache
def pdf_bomb_bytes(unpacked_mb: int = 100) -> bytes:
    """A one-page PDF whose content stream is small and inflates to `unpacked_mb` MB."""
    return pdf_with_content_bytes(b"BT /F1 12 Tf (x) Tj ET\n" + b" " * (unpacked_mb * 1024 * 1024))


@cache
def pdf_heavy_bytes(content_mb: int = 5) -> bytes:
    """A one-page PDF of a few kB whose page content is `content_mb` MB of text operators: it would
    keep a reader busy for many seconds."""
    return pdf_with_content_bytes(b"BT /F1 12 Tf " + b"(ab) Tj 0 -1 Td " * (content_mb * 65536) + b"ET")


def pdf_with_content_bytes(content: bytes) -> bytes:
    """A one-page PDF written by hand around `content` (the page's operators), compressed."""
    stream = zlib.compress(content, 1)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# ---------------------------------------------------------------- DOCX


def _add_runs(paragraph: DocxParagraph, line: str) -> None:
    for number, part in enumerate(_BOLD.split(_ITALIC.sub(r"\1", line))):
        if part:
            paragraph.add_run(part).bold = number % 2 == 1


_ARTICLE_NUMBER = re.compile(r"^(Artikel|Article)\s+\d+[:.]?\s+")
_NUMBERING_ID = "90"


def _article_numbering(document: DocxDocument, word: str) -> None:
    """A list numbering that shows "Artikel 1:", "Artikel 2:" before each paragraph using it."""
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{_NUMBERING_ID}"><w:lvl w:ilvl="0">'
            f'<w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="{word} %1:"/>'
            "</w:lvl></w:abstractNum>"
        ),
    )
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{_NUMBERING_ID}">'
            f'<w:abstractNumId w:val="{_NUMBERING_ID}"/></w:num>'
        )
    )


def _number_automatically(paragraph: DocxParagraph) -> None:
    paragraph._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{_NUMBERING_ID}"/></w:numPr>')
    )


def docx_bytes(text: str, *, page_break_before: tuple[str, ...] = (), auto_numbered: bool = False) -> bytes:
    """`text` as a Word document: headings in a Heading style, runs of tab-separated lines as a
    table, a page break before each line that starts with one of `page_break_before`.

    With `auto_numbered`, "Artikel 7: ..." headings lose their number in the text and get it from
    Word's list numbering instead, as many suppliers' templates do (so the numbers count from 1).
    """
    document = docx.Document()
    if auto_numbered:
        english = "Article " in text and "Artikel " not in text
        _article_numbering(document, "Article" if english else "Artikel")
    lines = [line for line in text.splitlines() if line.strip()]
    index = 0
    while index < len(lines):
        line = lines[index]
        if page_break_before and line.strip().startswith(page_break_before):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        if "\t" in line:
            rows = []
            while index < len(lines) and "\t" in lines[index]:
                rows.append(lines[index].strip().split("\t"))
                index += 1
            table = document.add_table(rows=len(rows), cols=max(len(row) for row in rows))
            for row, cells in zip(table.rows, rows, strict=True):
                for cell, value in zip(row.cells, cells, strict=False):
                    cell.text = value
            continue
        if is_heading(line) and auto_numbered and _ARTICLE_NUMBER.match(plain(line)):
            _number_automatically(document.add_heading(_ARTICLE_NUMBER.sub("", plain(line)), level=2))
        elif is_heading(line):
            document.add_heading(plain(line), level=2)
        else:
            _add_runs(document.add_paragraph(), line.strip())
        index += 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_with_footnote_bytes(text: str, after: str, note: str) -> bytes:
    """`text` as `docx_bytes` lays it out, with a footnote saying `note` at the end of the first
    paragraph that contains `after`."""
    document = docx.Document(io.BytesIO(docx_bytes(text)))
    footnotes = Part(
        PackURI("/word/footnotes.xml"),
        CONTENT_TYPE.WML_FOOTNOTES,
        (
            f'<w:footnotes {nsdecls("w")}><w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {escape(note)}</w:t></w:r></w:p></w:footnote></w:footnotes>'
        ).encode(),
        document.part.package,
    )
    document.part.relate_to(footnotes, RELATIONSHIP_TYPE.FOOTNOTES)
    paragraph = next(p for p in document.paragraphs if after in p.text)
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:footnoteReference w:id="1"/></w:r>'))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_tracked_change_bytes(text: str, before: str, deleted: str, inserted: str, after: str) -> bytes:
    """`text` as `docx_bytes` lays it out, then a paragraph with a change tracked in Word:
    `before`, `deleted` struck out, `inserted` added, `after`."""
    document = docx.Document(io.BytesIO(docx_bytes(text)))
    run = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'
    document.element.body.insert(
        len(document.element.body) - 1,  # before the section properties, which come last
        parse_xml(
            f"<w:p {nsdecls('w')}>{run.format(escape(before))}"
            f'<w:del w:id="1" w:author="Leverancier">'
            f"<w:r><w:delText>{escape(deleted)}</w:delText></w:r></w:del>"
            f'<w:ins w:id="2" w:author="Leverancier">{run.format(escape(inserted))}</w:ins>'
            f"{run.format(escape(after))}</w:p>"
        ),
    )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@cache
def docx_bomb_bytes(unpacked_mb: int = 400) -> bytes:
    """A zip that looks like a DOCX and is a few MB, whose document.xml unpacks to `unpacked_mb` MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"<w:p/>" * (1 << 17)  # 768 KiB that compress to almost nothing
            for _ in range(unpacked_mb * 4 // 3):
                member.write(chunk)
    return out.getvalue()


def corrupt_docx_bytes() -> bytes:
    """A DOCX cut off halfway: the zip's central directory is gone."""
    good = docx_bytes("Artikel 1 Definities\nDe Verwerker verwerkt Persoonsgegevens.")
    return good[: len(good) // 2]


def zip_bytes(names: tuple[str, ...] = ("xl/workbook.xml",)) -> bytes:
    """A zip that is not a Word document (by default, the shape of an Excel file)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return out.getvalue()


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)

# ---------------------------------------------------------------- text


def txt_bytes(text: str, *, encoding: str = "utf-8") -> bytes:
    """`text` as a plain text file: Markdown markers taken out."""
    lines = [plain(line) if line.strip() else "" for line in text.splitlines()]
    return "\n".join(lines).encode(encoding)


def md_bytes(text: str) -> bytes:
    """`text` as Markdown: headings get a `## `, `**bold**` stays, paragraphs apart by a blank line."""
    lines = [
        f"## {plain(line)}" if is_heading(line) else line.strip()
        for line in text.splitlines()
        if line.strip()
    ]
    return "\n\n".join(lines).encode("utf-8")


PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
