"""PDF: the text layer as lines with their position and font, then as paragraphs per page.

pypdf gives the text line by line. Where a paragraph ends shows in the layout: a wider gap than
between the lines of one paragraph, a heading in bold or a larger size. Page numbers and running
headers and footers are left out, so that they do not end up inside a paragraph.
"""

from __future__ import annotations

import io
import itertools
import logging
import math
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError
from pypdf.generic import ArrayObject, PdfObject

from bot.dpa.models import Document, UnreadableDocument
from bot.dpa.reading_lines import Line, to_paragraphs

log = logging.getLogger(__name__)

MAX_PAGES = 300
MAX_CHARACTERS = 3_000_000  # far beyond any agreement; bounds the review's work
# pypdf parses about half a megabyte of page content a second, and a few kilobytes of file can
# inflate to megabytes of it: so the content is weighed before it is parsed (a page's parsing
# cannot be interrupted), and between pages and pieces of text the reading keeps a deadline.
MAX_CONTENT_BYTES = 4 * 1024 * 1024  # a page of text holds 5-30 kB
MAX_SECONDS = 10.0
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_PAGE_NUMBER = re.compile(
    r"^[-–(\s]*(pagina|page|pag\.|blz\.?|p\.)?\s*\d{1,4}\s*((van|of|/)\s*\d{1,4})?[-–)\s]*$", re.IGNORECASE
)
_RUNNING_LENGTH = 100  # a running header or footer is shorter than a line of body text
_PARAGRAPH_GAP = 1.3  # a gap this many times the usual line distance separates paragraphs


@dataclass
class _RawLine:
    text: str = ""
    y: float | None = None
    size: float = 0.0
    bold: bool = True
    sizes: list[float] = field(default_factory=list)


class _OutOfTime(Exception):
    pass


def _content_bytes(page: Any) -> int:
    """The size of a page's content streams once inflated (pypdf keeps them for the reading)."""
    contents = page.get("/Contents")
    if contents is None:
        return 0
    contents = contents.get_object()
    streams = list(contents) if isinstance(contents, ArrayObject) else [contents]
    return sum(len(stream.get_object().get_data()) for stream in streams)


def _page_lines(page: Any, deadline: float) -> list[_RawLine]:
    lines = [_RawLine()]

    def visit(text: str, cm: list[float], tm: list[float], font: PdfObject | None, size: float) -> None:
        if time.monotonic() > deadline:
            raise _OutOfTime
        parts = text.split("\n")
        for number, part in enumerate(parts):
            if number:
                lines.append(_RawLine())
            line = lines[-1]
            line.text += part
            if not part.strip():
                continue  # a space between words: text, but no position or font to learn from
            scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
            if line.y is None:
                line.y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            line.sizes.append(size * scale)
            name = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
            line.bold = line.bold and bool(_BOLD_FONT.search(name))

    page.extract_text(visitor_text=visit)
    for line in lines:
        line.size = max(line.sizes, default=0.0)
    return [line for line in lines if line.text.strip()]


def _running_lines(pages: list[list[_RawLine]]) -> set[tuple[str, int]]:
    """Short texts (digits ignored) in the same place at the top or bottom of at least half the
    pages: running headers and footers."""
    counts: Counter[tuple[str, int]] = Counter()
    for lines in pages:
        counts.update({_place(line) for line in _edges(lines) if len(line.text) <= _RUNNING_LENGTH})
    needed = max(2, math.ceil(len(pages) / 2))
    return {place for place, count in counts.items() if count >= needed}


def _place(line: _RawLine) -> tuple[str, int]:
    return _shape(line.text), round((line.y or 0.0) / 4)


def _edges(lines: list[_RawLine]) -> list[_RawLine]:
    placed = sorted((line for line in lines if line.y is not None), key=lambda line: line.y or 0.0)
    return [*lines[:2], *lines[-2:], *placed[:2], *placed[-2:]]


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _line_distance(pages: list[list[_RawLine]]) -> tuple[float, bool]:
    """The distance between two lines of one paragraph, as a multiple of the font size, and
    whether the document sets its paragraphs apart with more space than that."""
    ratios: Counter[float] = Counter()
    for lines in pages:
        for above, below in itertools.pairwise(lines):
            if above.y is not None and below.y is not None and below.size > 0:
                ratio = abs(above.y - below.y) / below.size
                if 0.8 <= ratio <= 4.0:
                    ratios[round(ratio, 1)] += 1
    enough = max(2, sum(ratios.values()) // 20)
    common = sorted(ratio for ratio, count in ratios.items() if count >= enough)
    if not common:
        return 0.0, False
    distance = common[0]  # the smallest common step: lines within a paragraph
    wider = sum(count for ratio, count in ratios.items() if ratio > distance * _PARAGRAPH_GAP)
    return distance, wider >= enough


def _lines(pages: list[list[_RawLine]]) -> list[Line]:
    running = _running_lines(pages) if len(pages) > 1 else set()
    distance, spaced = _line_distance(pages)
    sizes: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            sizes[round(line.size, 1)] += len(line.text)
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    result: list[Line] = []
    for number, lines in enumerate(pages, start=1):
        edges = {id(line) for line in _edges(lines)}
        above: _RawLine | None = None
        for line in lines:
            if id(line) in edges and (_PAGE_NUMBER.match(line.text) or _place(line) in running):
                continue
            gap = same = False
            if above is not None and above.y is not None and line.y is not None and line.size > 0:
                step = (above.y - line.y) / line.size
                gap = step < 0 or (distance > 0 and step > distance * _PARAGRAPH_GAP)
                same = spaced and not gap
            emphasised = line.bold or (body > 0 and line.size >= body * 1.15)
            result.append(Line(line.text, number, new_block=gap, emphasised=emphasised, same_block=same))
            above = line
    return result


def _limit_reached(error: LimitReachedError) -> UnreadableDocument:
    # pypdf stops at its resource limits: a stream that inflates beyond bounds is a bomb, any other
    # limit (an object that refers to itself, a cycle of pages) a damaged file.
    reason = "unpacks_too_large" if "decompress" in str(error) else "corrupt"
    return UnreadableDocument(reason)


def _open(data: bytes) -> PdfReader:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except (DependencyError, FileNotDecryptedError, NotImplementedError) as error:
            raise UnreadableDocument("encrypted") from error
        if not opened:  # PasswordType.NOT_DECRYPTED: it needs a password we do not have
            raise UnreadableDocument("encrypted")
    return reader


def read_pdf(data: bytes, seconds: float = MAX_SECONDS) -> Document:
    """The paragraphs of a PDF's text layer, each with the page it starts on."""
    try:
        reader = _open(data)
        count = len(reader.pages)
    except UnreadableDocument:
        raise
    except LimitReachedError as error:
        raise _limit_reached(error) from error
    except Exception as error:  # pypdf raises many kinds on damaged files
        log.info("dpa.read.corrupt format=pdf error=%s", type(error).__name__)
        raise UnreadableDocument("corrupt") from error
    if count > MAX_PAGES:
        raise UnreadableDocument("too_large")
    if count == 0:
        raise UnreadableDocument("corrupt")
    pages: list[list[_RawLine]] = []
    characters, content, failed = 0, 0, 0
    deadline = time.monotonic() + seconds
    for page in reader.pages:
        try:
            if time.monotonic() > deadline:
                raise _OutOfTime
            content += _content_bytes(page)
            if content > MAX_CONTENT_BYTES:
                raise UnreadableDocument("too_large")
            lines = _page_lines(page, deadline)
        except UnreadableDocument:
            raise
        except _OutOfTime as error:
            raise UnreadableDocument("too_large") from error
        except LimitReachedError as error:
            raise _limit_reached(error) from error
        except Exception as error:  # one damaged page: read the others
            log.info("dpa.read.page_failed format=pdf error=%s", type(error).__name__)
            lines, failed = [], failed + 1
        characters += sum(len(line.text) for line in lines)
        if characters > MAX_CHARACTERS:
            raise UnreadableDocument("too_large")
        pages.append(lines)
    if failed == count:
        raise UnreadableDocument("corrupt")
    return Document(paragraphs=to_paragraphs(_lines(pages)), pages=count)
