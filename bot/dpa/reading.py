"""Reads a supplier's agreement (PDF, DOCX, plain text or Markdown) into paragraphs, safely.

The file comes from a stranger, so nothing about it is trusted: its size is checked before
anything is parsed, its format is decided from its bytes and must match its name, a DOCX is
measured before it is unpacked, and a PDF is read only up to a page limit. Whatever goes wrong
comes out as UnreadableDocument with a reason the conversation explains to the user.
"""

from __future__ import annotations

import logging
from pathlib import PurePath
from typing import Literal

from bot.dpa.models import Document, UnreadableDocument
from bot.dpa.reading_text import read_text

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
MIN_LETTERS = 20  # fewer letters than this in the whole file: nothing to review (a scan, a blank form)

Format = Literal["pdf", "docx", "text"]
_BY_EXTENSION: dict[str, Format] = {".pdf": "pdf", ".docx": "docx", ".txt": "text", ".md": "text"}
_OTHER_MAGIC = (
    b"\xd0\xcf\x11\xe0",  # OLE: .doc, .xls, .msg
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"II*\x00",  # TIFF
    b"MM\x00*",
    b"{\\rtf",
    b"\x1f\x8b",  # gzip
    b"Rar!",
    b"7z\xbc\xaf",
)


def sniff(data: bytes) -> str:
    """What the bytes are: pdf, zip, text, other (a known non-text format) or binary."""
    if b"%PDF-" in data[:1024]:  # readers accept the header anywhere in the first kilobyte
        return "pdf"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if data.startswith(_OTHER_MAGIC):
        return "other"
    head = data[:65536]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


def _check_type(expected: Format, found: str) -> None:
    if expected == "text":
        if found != "text":
            raise UnreadableDocument("type_mismatch")
        return
    wanted = "pdf" if expected == "pdf" else "zip"
    if found == wanted:
        return
    # Unknown bytes under a .pdf or .docx name are a damaged file; a known other format is a mix-up.
    raise UnreadableDocument("corrupt" if found == "binary" else "type_mismatch")


def _letters(document: Document) -> int:
    return sum(sum(1 for c in paragraph.text if c.isalpha()) for paragraph in document.paragraphs)


def read_document(data: bytes, filename: str, max_bytes: int = MAX_BYTES) -> Document:
    """The paragraphs of an agreement with the pages they start on.

    Raises UnreadableDocument, and nothing else, for any file it cannot read; its reason is one of
    too_large, unsupported, type_mismatch, encrypted, corrupt, unpacks_too_large, no_text.
    """
    if len(data) > max_bytes:
        raise UnreadableDocument("too_large")
    expected = _BY_EXTENSION.get(PurePath(filename).suffix.lower())
    if expected is None:
        raise UnreadableDocument("unsupported")
    if not data.strip():
        raise UnreadableDocument("no_text")
    _check_type(expected, sniff(data))
    try:
        # pypdf and python-docx load when the first agreement arrives, not at every start-up.
        if expected == "pdf":
            from bot.dpa.reading_pdf import read_pdf

            document = read_pdf(data)
        elif expected == "docx":
            from bot.dpa.reading_docx import read_docx

            document = read_docx(data)
        else:
            document = read_text(data)
    except UnreadableDocument as error:
        log.info("dpa.read.refused format=%s reason=%s bytes=%d", expected, error.reason, len(data))
        raise
    except Exception as error:  # a parser's surprise on a hostile file is still an unreadable file
        log.warning("dpa.read.failed format=%s error=%s", expected, type(error).__name__)
        raise UnreadableDocument("corrupt") from error
    if _letters(document) < MIN_LETTERS:
        raise UnreadableDocument("no_text")
    log.info("dpa.read format=%s pages=%d paragraphs=%d", expected, document.pages, len(document.paragraphs))
    return document
