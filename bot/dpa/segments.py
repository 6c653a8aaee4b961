"""Splits a document into its clauses (articles, annexes, titled sections) and their sentences.

Each clause keeps the document's own number and heading, so that a finding can say where it
was found in the supplier's words ("Clause 9.2", "Bijlage 1, F. Opslag").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from bot.dpa.models import Document
from bot.dpa.patterns import words_of
from bot.dpa.reading_lines import ends_mid_phrase

_SEP = r"\s*[.:)\-–—]?\s*"
# Articles are numbered in digits or in capital Roman numerals ("ARTIKEL XII").
_ARTICLE = re.compile(
    r"^(artikel|article|art\.?|clause|section|sectie|hoofdstuk|chapter|§)\s*(\d+|(?-i:[IVXL]{1,7})\b)((?:\.\d+)*)"
    + _SEP
    + r"(.*)$",
    re.IGNORECASE,
)
_ANNEX = re.compile(
    r"^(bijlage|annex|appendix|addendum|schedule|exhibit|attachment|aanhangsel)\b\s*([0-9]+[a-z]?\b|[ivx]+\b|[a-h]\b)?"
    + r"\s*([.:)\-–—]?)\s*"
    + r"(.*)$",
    re.IGNORECASE,
)
_TITLE_MARKS = (":", "-", "–", "—")  # "Bijlage – Privacybijsluiter": a heading, even without a number
_NUMBERED = re.compile(r"^(\d{1,2})((?:\.\d{1,2})*)(?:[.)]\s*|\s+(?=[A-Z]))(\S.*)$")
_LETTERED = re.compile(r"^([A-Z])\.\s+(\S.*)$")
_LETTER_NUMBERED = re.compile(r"^([A-Z]\.\d{1,2})\.?\s+([A-Z]\S*(?:\s+\S+)*)$")  # "B.4 Als het misgaat"
_RUN_IN = re.compile(r"^(\d{1,2})\.\s+([A-Z][^.:;]{2,60})\.\s+(\S.*)$")  # "8. Data breaches. We have ..."
_PART_WORDS = r"(?:part|deel|onderdeel)"
_PART = re.compile(r"^" + _PART_WORDS + r"\s+([A-Z0-9]{1,3})\b", re.IGNORECASE)  # "Part E – Retention"
_PART_ID = re.compile(r"^(?:" + _PART_WORDS + r"\s+)?([A-Z0-9]{1,3})\b", re.IGNORECASE)
_ANNEX_WORDS = r"(?:bijlage|annex|appendix|schedule|exhibit|aanhangsel)"
_ANNEX_ID = r"([0-9]+|[IVX]+|[A-H])"
# "Bijlage I, onderdeel E", "Appendix 1 Part G"; and "Part G of Appendix 1"
_ANNEX_THEN_PART = re.compile(
    rf"\b{_ANNEX_WORDS}\s+{_ANNEX_ID},?\s+{_PART_WORDS}\s+([A-Z0-9]{{1,3}})\b", re.IGNORECASE
)
_PART_OF_ANNEX = re.compile(
    rf"\b{_PART_WORDS}\s+([A-Z0-9]{{1,3}})\s+(?:of|van)\s+(?:the\s+|de\s+)?{_ANNEX_WORDS}\s+{_ANNEX_ID}",
    re.IGNORECASE,
)
_MARKDOWN = re.compile(r"^#{1,6}\s+")
_BULLET = re.compile(r"^[-•*–·]\s+")
# A sentence ends at . ; ! ? before a capital or digit, but not after "St.", "Dr.", "art.", "nr.", "bv.".
_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z][a-z]\.)(?<!\b[Aa]rt\.)(?<!\bnr\.)(?<!\bbv\.)(?<!\bNo\.)(?<=[.;!?])\s+(?=[\"“'(A-Z0-9•-])"
)
_MAX_HEADING_WORDS = 14
_MAX_SUB_TITLE_WORDS = 6


@dataclass
class Sentence:
    text: str
    words: list[str]
    segment: int
    sub: str  # the numbered paragraph or sub-heading inside the clause, "" when none
    page: int
    breaks: tuple[int, ...] = ()  # the words that start a part after a ";", where a negation's reach ends


@dataclass
class Segment:
    index: int
    kind: str  # preamble | article | annex | section
    keyword: str  # "Artikel", "Clause", "Bijlage", "" for unnumbered sections
    number: str  # "7", "1", "" when none
    title: str
    annex: str  # the annex this clause belongs to, folded ("bijlage 1"), "" when none
    page: int
    sentences: list[int] = field(default_factory=list)
    parent: str = ""  # the title of the article this titled paragraph belongs to ("6.8 Datalekken")

    @property
    def label(self) -> str:
        if self.number:
            return f"{self.keyword} {self.number}".strip()
        return self.title or self.keyword

    @property
    def heading_words(self) -> list[str]:
        return words_of(f"{self.keyword} {self.parent} {self.title}")


@dataclass
class Layout:
    segments: list[Segment]
    sentences: list[Sentence]

    def where(self, sentence: Sentence, pages: int, titled: bool = True) -> str:
        """The clause's own number or heading ("Artikel 7.2 – Datalekken"), and the page if there are more."""
        segment = self.segments[sentence.segment]
        label = segment.label
        if sentence.sub:
            if sentence.sub[0].isdigit() and segment.number and segment.kind != "annex":
                sub = (
                    sentence.sub
                    if sentence.sub.startswith(segment.number + ".")
                    else f"{segment.number}.{sentence.sub}"
                )
                label = f"{segment.keyword} {sub}".strip()
            elif not sentence.sub[0].isdigit():
                label = f"{label}, {sentence.sub}"
        if titled and segment.number and segment.title and not sentence.sub.startswith(segment.title):
            label = f"{label} – {_short(segment.title, 60)}"
        if pages > 1:
            label = f"{label} (p. {sentence.page})"
        return label

    @functools.cached_property
    def referrers(self) -> dict[int, list[int]]:
        """For each sentence of an annex part that a clause refers to, the clauses that refer to it."""
        found: dict[int, list[int]] = {}
        for segment in self.segments:
            if segment.kind == "annex":
                continue
            for index in self.referenced_parts(segment.sentences):
                found.setdefault(index, []).append(segment.index)
        return found

    def referenced_parts(self, sentences: list[int]) -> list[int]:
        """The sentences of the annex parts these sentences refer to ("zie Bijlage I, onderdeel E"):
        a clause that leaves its substance to a part of an annex is read together with that part."""
        wanted: set[tuple[str, str]] = set()
        for index in sentences:
            text = self.sentences[index].text
            for match in _ANNEX_THEN_PART.finditer(text):
                wanted.add((match.group(1).upper(), match.group(2).upper()))
            for match in _PART_OF_ANNEX.finditer(text):
                wanted.add((match.group(2).upper(), match.group(1).upper()))
        if not wanted:
            return []
        return [
            index
            for segment in self.segments
            if segment.kind == "annex"
            for index in segment.sentences
            if (segment.number.upper(), _part_id(self.sentences[index].sub)) in wanted
        ]


def _part_id(sub: str) -> str:
    found = _PART_ID.match(sub)
    return found.group(1).upper() if found else ""


# "Exhibit A – Data Processing Addendum", "Bijlage 3: Verwerkersovereenkomst": an annex that is the
# agreement itself has articles, not the sub-headings of a form
_AGREEMENT_WORDS = frozenset(
    {"verwerkersovereenkomst", "verwerkersvoorwaarden", "dpa", "addendum", "agreement"}
)


def _holds_agreement(segment: Segment) -> bool:
    return segment.kind == "annex" and not _AGREEMENT_WORDS.isdisjoint(words_of(segment.title))


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _titleish(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= _MAX_HEADING_WORDS
        and not text.rstrip().endswith((".", ";", ","))
        and "\t" not in text
    )


def _caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.8 * len(letters) and _titleish(text)


def _short_title(line: str, following: str) -> bool:
    words = line.split()
    return (
        1 <= len(words) <= 6
        and line[0].isupper()
        and not line.rstrip().endswith((".", ";", ",", ":"))
        and any(len(w) >= 3 and w.isalpha() for w in words)
        and len(following.split()) > 8
    )


def _continues(pending: str, line: str) -> bool:
    """Whether a PDF wrapped `pending` and `line` goes on with it: it starts in lower case, or
    `pending` stops on a word that no heading or sentence ends on."""
    return line[0].islower() or ends_mid_phrase(pending)


def _lines(document: Document) -> list[tuple[str, int]]:
    """Every paragraph's lines, with lines that a PDF wrapped mid-sentence joined again."""
    found: list[tuple[str, int]] = []
    for paragraph in document.paragraphs:
        pending = ""
        for raw in paragraph.text.splitlines():
            line = " ".join(raw.split())
            if not line:
                continue
            if pending and not pending.endswith((".", ";", ":", "!", "?")) and _continues(pending, line):
                pending = f"{pending} {line}"
                continue
            if pending:
                found.append((pending, paragraph.page))
            pending = line
        if pending:
            found.append((pending, paragraph.page))
    return found


def segment(document: Document) -> Layout:
    """The document's clauses and sentences, in reading order."""
    lines = _lines(document)
    builder = _Builder(keyword_articles=sum(1 for line, _ in lines if _keyword_article(line)))
    for position, (line, page) in enumerate(lines):
        following = lines[position + 1][0] if position + 1 < len(lines) else ""
        builder.take(line, page, following)
    return Layout(builder.segments, builder.sentences)


def _keyword_article(line: str) -> bool:
    found = _ARTICLE.match(_MARKDOWN.sub("", line))
    return found is not None and _titleish(found.group(4) or "x")


class _Builder:
    """Reads lines one by one: each is a heading that opens a clause, a sub-heading or numbered
    paragraph inside one, or text. Inside an annex only an annex or article heading opens a clause."""

    def __init__(self, keyword_articles: int) -> None:
        # "Artikel 7" headings: then "7." starts a paragraph, not a clause
        self.uses_keywords = keyword_articles >= 2
        self.segments = [Segment(0, "preamble", "", "", "", "", 1)]
        self.article = self.segments[0]  # the clause that titled paragraphs belong to
        self.sentences: list[Sentence] = []
        self.sub = ""

    @property
    def current(self) -> Segment:
        return self.segments[-1]

    def open(
        self, kind: str, keyword: str, number: str, title: str, page: int, annex: str = "", parent: str = ""
    ) -> None:
        self.segments.append(
            Segment(len(self.segments), kind, keyword, number, title, annex, page, parent=parent)
        )
        self.sub = ""
        if not parent:
            self.article = self.current

    def add(self, text: str, page: int, sub: str | None = None) -> None:
        if sub is not None:
            self.sub = sub
        _add(self.sentences, self.current, text, self.sub, page)

    def take(self, raw: str, page: int, following: str) -> None:
        markdown = bool(_MARKDOWN.match(raw))
        line = _MARKDOWN.sub("", raw)
        in_annex = bool(self.current.annex) and not _holds_agreement(self.current)
        if self._article(line, page) or self._annex(line, page, markdown):
            return
        if not in_annex and (self._letter_numbered(line, page) or self._run_in(line, page)):
            return
        if self._numbered(line, page, in_annex):
            return
        lettered = _LETTERED.match(line)
        if in_annex and _PART.match(line) and _titleish(line):
            self.add(line, page, _short(line, 60))
        elif lettered and in_annex and _titleish(lettered.group(2)):
            self.add(lettered.group(2), page, _short(line, 60))
        elif markdown or _caps(line) or _short_title(line, following):
            if in_annex:
                self.add(line, page, _short(line, 60))
            else:
                self.open("section", "", "", line, page)
        else:
            self.add(_BULLET.sub("", line), page)

    def _article(self, line: str, page: int) -> bool:
        found = _ARTICLE.match(line)
        if not found or (found.group(4) and not _titleish(found.group(4))):
            return False
        keyword, number, deeper, title = found.group(1).rstrip(".").capitalize(), *found.group(2, 3, 4)
        if not deeper:
            self.open("article", keyword, number, title, page)
            return True
        # "Article 7.2 ...": a paragraph of article 7
        if self.current.number != number or self.current.kind != "article":
            self.open("article", keyword, number, "", page)
        self.add(title, page, number + deeper)
        return True

    def _annex(self, line: str, page: int, markdown: bool) -> bool:
        found = _ANNEX.match(line)
        if not found:
            return False
        number, mark, title = found.group(2) or "", found.group(3), found.group(4)
        if title and not _titleish(title):
            return False
        if title and not (number or mark in _TITLE_MARKS or markdown or _caps(line)):
            return False  # "Bijlage bij de overeenkomst ..." in running text
        number = number if number.isdigit() else number.upper()
        key = f"{found.group(1).lower()} {number}".strip()
        self.open("annex", found.group(1).capitalize(), number, title, page, annex=key)
        return True

    def _letter_numbered(self, line: str, page: int) -> bool:
        found = _LETTER_NUMBERED.match(line)
        if not found or not _titleish(found.group(2)):
            return False
        self.open("article", "", found.group(1), found.group(2), page)
        return True

    def _run_in(self, line: str, page: int) -> bool:
        found = _RUN_IN.match(line)
        if not found or self.uses_keywords or len(found.group(2).split()) > 7:
            return False
        self.open("article", "", found.group(1), found.group(2), page)
        self.add(found.group(3), page)
        return True

    def _titled_paragraph(self, number: str, title: str) -> bool:
        article = self.article
        return (
            article.kind == "article"
            and article.number == number
            and len(title.split()) <= _MAX_SUB_TITLE_WORDS
            and not title.rstrip().endswith((".", ";", ":", ","))
        )

    def _numbered(self, line: str, page: int, in_annex: bool) -> bool:
        found = _NUMBERED.match(line)
        if not found:
            return False
        number, deeper, text = found.group(1, 2, 3)
        heading_like = _titleish(text) and text[0].isupper() and not text.rstrip().endswith(":")
        if heading_like and not deeper and not in_annex and not self.uses_keywords:
            self.open("article", "", number, text, page)
        elif heading_like and deeper and not in_annex and self._titled_paragraph(number, text):
            # "6.8 Datalekken" in a chapter that holds a whole agreement: a clause of its own
            article = self.article
            self.open(
                "article",
                article.keyword,
                number + deeper,
                text,
                page,
                parent=article.title or article.keyword,
            )
        elif in_annex:
            self.add(line if not heading_like else text, page, _short(line, 60) if heading_like else None)
        else:
            self.add(text, page, number + deeper)  # a numbered paragraph or sub-heading of this clause
        return True


def _add(sentences: list[Sentence], segment_: Segment, text: str, sub: str, page: int) -> None:
    for part in _SENTENCE_END.split(text):
        words = words_of(part)
        if words:
            segment_.sentences.append(len(sentences))
            sentences.append(Sentence(part.strip(), words, segment_.index, sub, page, _breaks(part)))


def _breaks(text: str) -> tuple[int, ...]:
    """Where each part after a ";" starts, counted in words: "we verkopen geen gegevens; we gebruiken
    ze voor productverbetering" is two statements, and the first one's negation stays in it."""
    pieces = text.split(";")
    starts, count = [], 0
    for piece in pieces[:-1]:
        count += len(words_of(piece))
        starts.append(count)
    return tuple(starts)
