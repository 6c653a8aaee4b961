"""Plain text and Markdown: decoded, Markdown markers taken out, split into paragraphs.

Both get the same treatment, because suppliers paste Markdown into .txt files as well. A file whose
lines are long has a paragraph per line; a hard-wrapped one (e-mail style) has its lines joined.
"""

from __future__ import annotations

import codecs
import re
from enum import Enum

from bot.dpa.models import Document, UnreadableDocument
from bot.dpa.reading_lines import Line, to_paragraphs, typical_width

_WRAPPED_WIDTH = 100  # a text whose full lines are no longer than this was wrapped by hand
_ATX_HEADING = re.compile(r"^#{1,6}\s+(.*?)(\s+#+)?$")
_SETEXT_UNDERLINE = re.compile(r"^(=+|-+)$")
_BULLET = re.compile(r"^[*+]\s+")
_QUOTE = re.compile(r"^(>\s?)+")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)[^)]*\)")
_STRONG = re.compile(r"(\*\*|__)(?=[^\s*_])(.+?)(?<=[^\s*_])\1")  # not a signature line: ______
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_CODE = re.compile(r"`+([^`]*)`+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")


class _Kind(Enum):
    TEXT = "text"
    HEADING = "heading"
    ROW = "row"
    BLANK = "blank"


def decode(data: bytes) -> str:
    """The text of a file in UTF-8 (with or without BOM), UTF-16 with a BOM, or else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _inline(text: str) -> str:
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m[1] if m[1] == m[2] else f"{m[1]} ({m[2]})", text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(r"\1", text)
    return _ESCAPE.sub(r"\1", text)


def _classify(raw: str) -> tuple[_Kind, str]:
    line = _QUOTE.sub("", raw.strip())
    if not any(c.isalnum() for c in line):
        return _Kind.BLANK, ""  # also rules and table separators (---, |---|---|)
    heading = _ATX_HEADING.match(line)
    if heading:
        return _Kind.HEADING, _inline(heading[1])
    if line.startswith("|") or "\t" in line:
        cells = [_inline(cell.strip()) for cell in re.split(r"\t+|\|", line.strip("|"))]
        return _Kind.ROW, " | ".join(cell for cell in cells if cell)
    return _Kind.TEXT, _inline(_BULLET.sub("- ", line))


def _lines(text: str) -> list[Line]:
    raw = text.splitlines()
    classified = [_classify(line) for line in raw]
    for index, line in enumerate(raw):
        # A setext heading: its text, then a line of === or ---.
        if index and _SETEXT_UNDERLINE.match(line.strip()) and classified[index - 1][0] is _Kind.TEXT:
            classified[index - 1] = (_Kind.HEADING, classified[index - 1][1])
    wrapped = typical_width(Line(t, 1) for kind, t in classified if kind is _Kind.TEXT) <= _WRAPPED_WIDTH
    lines: list[Line] = []
    before = _Kind.BLANK
    for kind, line_text in classified:
        if kind is not _Kind.BLANK:
            apart = not wrapped or kind is not _Kind.TEXT or before is not _Kind.TEXT
            lines.append(Line(line_text, 1, new_block=apart, emphasised=kind is _Kind.HEADING))
        before = kind
    return lines


def read_text(data: bytes) -> Document:
    """A .txt or .md file as paragraphs, all on page 1."""
    text = decode(data)
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f\v")
    if controls > max(2, len(text) // 100):
        raise UnreadableDocument("type_mismatch")  # binary data with a text file's name
    return Document(paragraphs=to_paragraphs(_lines(text)), pages=1)
