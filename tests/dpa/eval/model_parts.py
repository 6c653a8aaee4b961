"""The model agreement (tests/dpa/eval/model.txt) cut into parts that variants can rearrange.

`parse_model(text).render()` gives the text back unchanged; every edit checks that the text it
edits is there, so a changed model makes the generator fail loudly instead of producing a variant
that silently lost its point.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parent / "model.txt"

_ARTICLE = re.compile(r"^Artikel (\d+): (.*)$", re.MULTILINE)
_CLOSING = "Aldus overeengekomen"
_BIJSLUITER = "BIJLAGE 1: PRIVACY BIJSLUITER"
_SECURITY = "BIJLAGE 2: Algemene Technische"
_SUBCLAUSE = re.compile(r"^(\d+)\. ", re.MULTILINE)

HeadingStyle = Callable[[int, str], str]


def model_heading(number: int, heading: str) -> str:
    return f"Artikel {number}: {heading}"


@dataclass(frozen=True)
class Article:
    number: int  # the model's own number, kept as identity while variants renumber
    heading: str
    body: str  # everything after the heading line, up to the next heading


@dataclass(frozen=True)
class ModelParts:
    preamble: str
    articles: list[Article]
    closing: str  # signature block and the list of annexes
    bijsluiter: str
    security: str
    extra_annexes: list[str] = field(default_factory=list)

    def article(self, number: int) -> Article:
        return next(a for a in self.articles if a.number == number)

    def with_article(self, number: int, heading: str | None = None, body: str | None = None) -> ModelParts:
        old = self.article(number)
        new = Article(number, old.heading if heading is None else heading, old.body if body is None else body)
        return replace(self, articles=[new if a.number == number else a for a in self.articles])

    def without_article(self, number: int) -> ModelParts:
        self.article(number)  # must exist
        return replace(self, articles=[a for a in self.articles if a.number != number])

    def render(self, style: HeadingStyle = model_heading, renumber: bool = False) -> str:
        """The agreement as text; with renumber, articles and their clauses count from 1 in order."""
        if not renumber:
            body = "".join(style(a.number, a.heading) + a.body for a in self.articles)
            return (
                self.preamble
                + body
                + self.closing
                + self.bijsluiter
                + self.security
                + "".join(self.extra_annexes)
            )
        numbers = {a.number: index for index, a in enumerate(self.articles, start=1)}
        parts = []
        for article in self.articles:
            new = numbers[article.number]
            clauses = _SUBCLAUSE.sub(_clause_number(new), article.body)
            parts.append(style(new, article.heading) + clauses)
        text = self.preamble + "".join(parts) + self.closing + self.bijsluiter + self.security
        return retarget_references(text + "".join(self.extra_annexes), numbers)


def _clause_number(article: int) -> Callable[[re.Match[str]], str]:
    return lambda match: f"{article}.{match.group(1)} "


def retarget_references(text: str, numbers: dict[int, int]) -> str:
    """Internal cross-references follow their article to its new number (the wrong one too)."""

    def swap(match: re.Match[str]) -> str:
        old = int(match.group(2))
        return f"{match.group(1)}{numbers.get(old, old)}{match.group(3)}"

    return re.sub(
        r"(artikel )(\d+)((?:\.\d+)? van (?:deze overeenkomst|de Verwerkersovereenkomst)|\.\d+ omvatten)",
        swap,
        text,
    )


def parse_model(text: str) -> ModelParts:
    matches = list(_ARTICLE.finditer(text))
    closing_at = _find(text, _CLOSING)
    bijsluiter_at = _find(text, _BIJSLUITER)
    security_at = _find(text, _SECURITY)
    articles = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else closing_at
        articles.append(Article(int(match.group(1)), match.group(2), text[match.end() : end]))
    return ModelParts(
        preamble=text[: matches[0].start()],
        articles=articles,
        closing=text[closing_at:bijsluiter_at],
        bijsluiter=text[bijsluiter_at:security_at],
        security=text[security_at:],
    )


def load_model() -> ModelParts:
    return parse_model(MODEL_PATH.read_text(encoding="utf-8"))


def swap_text(text: str, old: str, new: str) -> str:
    """Replace one passage that must occur exactly once."""
    count = text.count(old)
    if count != 1:
        raise ValueError(f"expected the passage once, found it {count} times: {old[:60]!r}")
    return text.replace(old, new)


def cut_between(text: str, start: str, end: str | None) -> str:
    """Remove from `start` up to (not including) `end`, or to the end of the text."""
    begin = _find(text, start)
    stop = _find(text, end, begin) if end is not None else len(text)
    return text[:begin] + text[stop:]


def _find(text: str, needle: str, start: int = 0) -> int:
    at = text.find(needle, start)
    if at < 0:
        raise ValueError(f"passage not in the model: {needle[:60]!r}")
    return at
