"""DOCX: the zip checked before it is unpacked, then paragraphs and table rows in document order.

The body is walked here rather than through python-docx's paragraph list, which skips text in
content controls and tracked insertions, both common in suppliers' templates. A table row becomes
one paragraph, its cells apart by " | "; a footnote or endnote follows the paragraph that refers to
it. Page numbers come from the page breaks Word recorded when it last laid the document out;
without those (a generated file), from explicit breaks and a page per ~3,000 characters.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.parser import parse_xml

from bot.dpa.models import Document, Paragraph, UnreadableDocument
from bot.dpa.reading_lines import clean
from bot.dpa.reading_numbering import Numbering, XmlElement

log = logging.getLogger(__name__)

MAX_UNPACKED = 50 * 1024 * 1024  # images included
MAX_XML_PART = 16 * 1024 * 1024  # parsed into memory at ten times its size; 300 pages take ~9 MB
MAX_MEMBERS = 5_000
MAX_RATIO = 100  # a Word document's parts compress about 5:1; a bomb, a thousandfold
CHARACTERS_PER_PAGE = 3_000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_NOTE_KINDS = {RELATIONSHIP_TYPE.FOOTNOTES: "footnote", RELATIONSHIP_TYPE.ENDNOTES: "endnote"}
# Subtrees whose text is not the paragraph's own: deleted or moved-away text, text boxes, fallbacks
# that repeat what a drawing already holds, field instructions.
_SKIP = frozenset(
    {f"{_W}{tag}" for tag in ("del", "moveFrom", "txbxContent", "instrText", "pPr", "rPr")}
    | {f"{_MC}Fallback"}
)


def check_zip(data: bytes) -> None:
    """Raises UnreadableDocument unless the zip holds a Word document and unpacks to a sane size."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception as error:  # BadZipFile, and others on hostile headers
        raise UnreadableDocument("corrupt") from error
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members)
    largest_xml = max((m.file_size for m in members if m.filename.endswith((".xml", ".rels"))), default=0)
    if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED or largest_xml > MAX_XML_PART:
        raise UnreadableDocument("unpacks_too_large")
    if unpacked > 5 * 1024 * 1024 and unpacked > MAX_RATIO * max(packed, 1):
        raise UnreadableDocument("unpacks_too_large")
    if "word/document.xml" not in archive.namelist():
        raise UnreadableDocument("type_mismatch")  # another zip: a spreadsheet, a presentation


@dataclass
class _Pages:
    rendered: bool  # Word recorded its page breaks: trust those alone
    page: int = 1
    pending: int = 0
    characters: int = 0

    def paragraph_starts(self, breaks_before: int) -> int:
        self.page += self.pending + breaks_before
        self.pending = 0
        return self.page

    def paragraph_ends(self, breaks_after: int, text: str) -> None:
        self.pending += breaks_after
        if self.rendered or breaks_after:
            self.characters = 0
            return
        self.characters += len(text)
        if self.characters > CHARACTERS_PER_PAGE:
            self.pending += 1
            self.characters = 0


def _notes(document: Any) -> dict[tuple[str, str], XmlElement]:
    """Footnotes and endnotes by (kind, id): a supplier's exception may hide in one."""
    notes: dict[tuple[str, str], XmlElement] = {}
    for relationship in document.part.rels.values():
        kind = _NOTE_KINDS.get(relationship.reltype)
        if kind is None or relationship.is_external:
            continue
        root = parse_xml(relationship.target_part.blob)
        for note in root.iter(f"{_W}{kind}"):
            notes[(kind, note.get(f"{_W}id", ""))] = note
    return notes


class _Walker:
    def __init__(
        self, body: XmlElement, numbering: Numbering, notes: dict[tuple[str, str], XmlElement]
    ) -> None:
        self.pages = _Pages(rendered=next(body.iter(f"{_W}lastRenderedPageBreak"), None) is not None)
        self.numbering = numbering
        self.notes = notes
        self.referenced: list[XmlElement] = []  # notes referred to by the paragraph being read

    def _is_break(self, element: XmlElement) -> bool:
        if element.tag == f"{_W}lastRenderedPageBreak":
            return self.pages.rendered
        if element.tag == f"{_W}br" and element.get(f"{_W}type") == "page":
            return not self.pages.rendered
        return False

    def _paragraph_text(self, paragraph: XmlElement) -> tuple[str, int, int]:
        """The text of a w:p, and the page breaks before and after its first character."""
        parts: list[str] = []
        before = after = 0
        stack = list(reversed(paragraph))
        while stack:
            element = stack.pop()
            tag = element.tag
            if tag in _SKIP or not isinstance(tag, str):
                continue
            if self._is_break(element):
                if parts:
                    after += 1
                else:
                    before += 1
            elif tag == f"{_W}t":
                parts.append(element.text or "")
            elif tag in (f"{_W}tab", f"{_W}br", f"{_W}cr"):
                parts.append(" ")
            elif tag == f"{_W}noBreakHyphen":
                parts.append("-")
            elif tag in (f"{_W}footnoteReference", f"{_W}endnoteReference"):
                note = self.notes.get((tag[len(_W) : -len("Reference")], element.get(f"{_W}id", "")))
                if note is not None:
                    self.referenced.append(note)
            stack.extend(reversed(element))
        properties = paragraph.find(f"{_W}pPr")
        if properties is not None and properties.find(f"{_W}pageBreakBefore") is not None:
            before += 0 if self.pages.rendered else 1
        label = self.numbering.label(properties)
        text = clean("".join(parts))
        if label and text:
            text = f"{label} {text}"
        return text, before, after

    def _paragraph(self, element: XmlElement) -> Iterator[Paragraph]:
        text, before, after = self._paragraph_text(element)
        page = self.pages.paragraph_starts(before)
        self.pages.paragraph_ends(after, text)
        if any(c.isalnum() for c in text):
            yield Paragraph(text, page)
        yield from self._referenced_notes(page)

    def _referenced_notes(self, page: int) -> Iterator[Paragraph]:
        """The notes the last paragraph or table row referred to, each right after it."""
        notes, self.referenced = self.referenced, []
        for note in notes:
            text = " ".join(self._paragraph_text(paragraph)[0] for paragraph in note.iter(f"{_W}p"))
            if any(c.isalnum() for c in text):
                yield Paragraph(clean(text), page)
        self.referenced = []  # a note that refers to a note is not followed further

    def _cell_text(self, cell: XmlElement) -> str:
        texts = []
        for element in cell:
            if element.tag == f"{_W}p":
                texts.append(self._paragraph_text(element)[0])
            elif element.tag == f"{_W}tbl":
                texts.extend(self._row_text(row) for row in element.iter(f"{_W}tr"))
            elif element.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
                texts.append(self._cell_text(element))
        return " ".join(text for text in texts if text)

    def _row_text(self, row: XmlElement) -> str:
        return " | ".join(text for text in (self._cell_text(cell) for cell in row.iter(f"{_W}tc")) if text)

    def _table(self, table: XmlElement) -> Iterator[Paragraph]:
        for row in table.findall(f"{_W}tr"):
            text = self._row_text(row)
            page = self.pages.paragraph_starts(0)
            self.pages.paragraph_ends(0, text)
            if any(c.isalnum() for c in text):
                yield Paragraph(text, page)
            yield from self._referenced_notes(page)

    def blocks(self, parent: XmlElement) -> Iterator[Paragraph]:
        for element in parent:
            if element.tag == f"{_W}p":
                yield from self._paragraph(element)
            elif element.tag == f"{_W}tbl":
                yield from self._table(element)
            elif element.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins"):
                yield from self.blocks(element)


def read_docx(data: bytes) -> Document:
    """The paragraphs and table rows of a Word document, with the page each starts on."""
    check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
        walker = _Walker(document.element.body, Numbering.of(document), _notes(document))
        paragraphs = list(walker.blocks(document.element.body))
    except UnreadableDocument:
        raise
    except Exception as error:  # python-docx, lxml and zipfile raise many kinds on damaged files
        log.info("dpa.read.corrupt format=docx error=%s", type(error).__name__)
        raise UnreadableDocument("corrupt") from error
    pages = max((paragraph.page for paragraph in paragraphs), default=1)
    return Document(paragraphs=paragraphs, pages=pages)
