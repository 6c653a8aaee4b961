"""Turns the lines a document gives into paragraphs.

PDF text comes as lines and hard-wrapped text files as well: a wrapped paragraph is joined (a word
hyphenated at the end of a line made whole again), while headings ("Artikel 7 Inbreuken") and list
items each stay a paragraph of their own, because the review finds an agreement's articles by its
headings. Callers mark what only they can see (a blank line, a gap, a table row) with `new_block`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.dpa.models import Paragraph


@dataclass(frozen=True)
class Line:
    text: str
    page: int
    new_block: bool = False  # a blank line, a wider gap or a jump to another column came before it
    emphasised: bool = False  # bold, or larger than the body text, from start to end
    same_block: bool = False  # the layout sets paragraphs apart, and not this line from the one before


_HEADING_WORD = re.compile(
    r"^(artikel|article|art\.|bijlage|annex|appendix|schedule|hoofdstuk|chapter|paragraaf|section|clause)"
    r"\s+(\d+[\w.]*|[ivxlc]+\b|[a-z]\b)",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(
    r"^(\d{1,3}(\.\d{1,3})*[.)]|\d{1,3}\.\d{1,3}|[a-zA-Z][.)]|[IVX]{1,6}[.)]|\([a-z0-9]{1,4}\)|[-–•*▪◦·])\s"
)
# A reference ("zoals bedoeld in artikel\n7.2") is no list item even when the number opens a line.
_REFERENCE_END = re.compile(
    r"\b(artikel|art\.|lid|bijlage|article|annex|section|clause|paragraaf|punt)$", re.I
)
_TERMINAL = re.compile(r"[.!?:;][\"'”’)\]]*$")
# No heading or sentence ends on these: "EDUTRACK SHALL HAVE NO" + "LIABILITY TO CUSTOMER ..." is one line.
_MID_PHRASE = re.compile(
    r"\b(de|het|een|van|en|te|voor|met|aan|door|bij|geen|niet|the|an|and|or|to|for|with|by|no|not|shall|will)$",
    re.IGNORECASE,
)


def ends_mid_phrase(text: str) -> bool:
    """Whether a line stops on a word that no heading or sentence ends on, so the next goes on with it."""
    return bool(_MID_PHRASE.search(text))


_KEEP_HYPHEN_WORDS = frozenset({"en", "of", "tot", "noch", "and", "or", "nor", "to"})
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
_INVISIBLE = str.maketrans({"\u200b": None, "\ufeff": None})


def clean(text: str) -> str:
    """One line's text with ligatures spelled out, invisible characters gone, spaces single."""
    return " ".join(text.translate(_LIGATURES).translate(_INVISIBLE).split())


def is_heading(line: Line, width: float) -> bool:
    """Whether `line` is a heading: bold or large and short, or "Artikel 7 ..." on a short line."""
    text = line.text
    if not text or len(text) > 120 or text[0].islower() or text.endswith((",", ";")) or ends_mid_phrase(text):
        return False
    if line.emphasised and any(c.isalpha() for c in text):
        return True
    if _HEADING_WORD.match(text) and len(text) <= 100 and len(text) < 0.85 * width + 1:
        return not (text.endswith(".") and len(text) > 20)
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and len(text) <= 80 and all(c.isupper() for c in letters)


def typical_width(lines: Iterable[Line]) -> float:
    """The length of a full line: long lines are the ones a wrapped paragraph fills."""
    lengths = sorted(len(line.text) for line in lines if line.text)
    if not lengths:
        return 0.0
    return float(lengths[int(len(lengths) * 0.8)])


def _continues(previous: Line, line: Line, in_heading: bool, width: float) -> bool:
    """Whether `line` goes on with the paragraph that `previous` ended so far."""
    before, text = previous.text, line.text
    if line.new_block:
        return False
    if in_heading:
        # A long heading wraps onto a second line in the same emphasis.
        return (
            line.emphasised
            and previous.emphasised
            and line.page == previous.page
            and not _TERMINAL.search(before)
            and not _HEADING_WORD.match(text)
            and not _LIST_ITEM.match(text)
        )
    if ends_mid_phrase(before) and not _LIST_ITEM.match(text) and not _HEADING_WORD.match(text):
        return True
    ended = bool(_TERMINAL.search(before))
    # "... zoals neergelegd in\nBijlage 2." is a sentence going on, not a heading or a list.
    apart = ended or len(before) < 0.8 * width
    if is_heading(line, width) and (apart or line.emphasised):
        return False
    if _LIST_ITEM.match(text) and apart and not _REFERENCE_END.search(before):
        return False
    if line.same_block:
        return True
    if text[:1].islower():
        return True  # a paragraph does not start in lower case; a list item was caught above
    # Over a page break there is no gap to go by: a full stop ends the paragraph.
    if ended and (len(before) < 0.8 * width or line.page != previous.page):
        return False
    # A short line without a full stop, then a capital: a label or title, not a wrapped sentence.
    return not (not ended and len(before) < 0.6 * width and text[:1].isupper())


def join(text: str, more: str) -> str:
    """`more` appended to `text` as the next line of one paragraph, hyphenation undone."""
    if text.endswith("\u00ad"):
        return text[:-1] + more
    if len(text) >= 2 and text.endswith("-") and text[-2].isalpha():
        first = more.split(" ", 1)[0].rstrip(",.;:")
        if first.lower() in _KEEP_HYPHEN_WORDS:
            return f"{text} {more}"  # "privacywet- en regelgeving"
        if text[-2].islower() and more[:1].islower():
            return text[:-1] + more  # "persoons-" + "gegevens": one word broken over two lines
        return text + more
    return f"{text} {more}"


def to_paragraphs(lines: Sequence[Line]) -> list[Paragraph]:
    """The paragraphs `lines` make, each on the page where it starts."""
    lines = [
        Line(clean(line.text), line.page, line.new_block, line.emphasised, line.same_block) for line in lines
    ]
    lines = [line for line in lines if line.text]
    width = typical_width(lines)
    paragraphs: list[Paragraph] = []
    text, page, previous, in_heading = "", 1, None, False

    def flush() -> None:
        if any(c.isalnum() for c in text):
            paragraphs.append(Paragraph(text.replace("\u00ad", ""), page))

    for line in lines:
        if not any(c.isalnum() or c == "_" for c in line.text):
            flush()  # a rule, a row of dashes, an ellipsis on its own: a separator, not text
            text, previous = "", None
            continue
        if previous is not None and _continues(previous, line, in_heading, width):
            text = join(text, line.text)
        else:
            flush()
            text, page, in_heading = line.text, line.page, is_heading(line, width)
        previous = line
    flush()
    return paragraphs
