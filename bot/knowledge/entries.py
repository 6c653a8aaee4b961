"""The knowledge base in content/faq/: its entries and its language file, strictly shaped."""

from __future__ import annotations

import re
from datetime import date

from pydantic import Field, HttpUrl, StrictStr, field_validator

from bot.content_models import LocalText, Strict

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Phrasings(Strict):
    nl: list[StrictStr] = Field(min_length=3)
    en: list[StrictStr] = Field(default_factory=list)


class FaqLink(Strict):
    url: HttpUrl = Field(strict=False)
    label: LocalText


class FaqEntry(Strict):
    id: StrictStr
    question: LocalText
    phrasings: Phrasings
    answer: LocalText
    links: list[FaqLink] = Field(default_factory=list, max_length=3)
    source: StrictStr = Field(min_length=3)
    source_date: StrictStr = Field(min_length=4)  # "2018", "2021-04-01" or "undated"
    checked: date = Field(strict=False)  # when someone last checked the answer against its source

    @field_validator("id")
    @classmethod
    def _kebab_case(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError("an id is lower-case words joined by hyphens, such as leerling-zonder-bsn")
        return value

    def texts(self, language: str) -> list[str]:
        """The question and its phrasings in one language."""
        phrasings = self.phrasings.en if language == "en" else self.phrasings.nl
        return [self.question.get(language), *phrasings]


class FaqFile(Strict):
    entries: list[FaqEntry] = Field(min_length=1)


class AskedQuestion(Strict):
    """A question as someone typed it, and the entry that answers it (None: no entry does)."""

    ask: StrictStr = Field(min_length=2)
    entry: StrictStr | None


class AskedFile(Strict):
    """content/faq/asked/*.yaml: questions as staff asked them. The matcher learns the answered ones
    as phrasings of their entry; the others record what the bot must say it does not know."""

    questions: list[AskedQuestion] = Field(min_length=1)


class ClearWinner(Strict):
    """A lower confidence is enough when the best entry is far ahead of the second."""

    answer: float = Field(strict=False, gt=0, le=2)
    lead: float = Field(strict=False, ge=0, lt=1)


class Bands(Strict):
    """Where a match's confidence (0 to about 1) puts it; `bench/faq_eval.py` shows the effect."""

    answer: float = Field(strict=False, gt=0, le=2)  # at least this, and a lead: answered
    suggest: float = Field(strict=False, gt=0, le=2)  # at least this: the closest questions offered
    lead: float = Field(strict=False, ge=0, lt=1)  # how far the best must be ahead of the second, as a share
    clear_winner: ClearWinner | None = None
    # A question that holds every word of one of the best entry's phrasings (a long question with
    # its situation around it, say) is answered at this lower confidence.
    whole_phrasing: float | None = Field(default=None, strict=False, gt=0, le=2)


class FaqLanguage(Strict):
    """content/faq/language.yaml: words that mean the same, words that carry no meaning."""

    bands: Bands
    synonyms: list[list[StrictStr]]
    stop_words: dict[StrictStr, list[StrictStr]]
    question_words: dict[StrictStr, list[StrictStr]]  # a typed text that opens with one is a question

    @field_validator("synonyms")
    @classmethod
    def _groups(cls, groups: list[list[str]]) -> list[list[str]]:
        for group in groups:
            if len(group) < 2:
                raise ValueError(f"a synonym group needs at least two terms: {group}")
        return groups
