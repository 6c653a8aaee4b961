"""The loaded knowledge base: every entry by id, in the order the files list them, and the questions
staff asked that editors tied to an entry."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from bot.knowledge.entries import AskedQuestion, FaqEntry, FaqLanguage
from bot.knowledge.language import guess_locale


@dataclass(frozen=True)
class KnowledgeBase:
    entries: tuple[FaqEntry, ...]
    language: FaqLanguage
    asked: tuple[AskedQuestion, ...] = ()
    _by_id: dict[str, FaqEntry] = field(init=False, repr=False, compare=False)
    _asked_of: dict[tuple[str, str], list[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {entry.id: entry for entry in self.entries})
        asked_of: dict[tuple[str, str], list[str]] = defaultdict(list)
        for question in self.asked:
            if question.entry is not None:
                asked_of[question.entry, guess_locale(question.ask, self.language.stop_words)].append(
                    question.ask
                )
        object.__setattr__(self, "_asked_of", dict(asked_of))

    def entry(self, entry_id: str) -> FaqEntry | None:
        return self._by_id.get(entry_id)

    def texts(self, entry: FaqEntry, locale: str) -> list[str]:
        """What the matcher knows as ways to ask for the entry: its question, its phrasings, and
        the questions staff asked that it answers, in one language."""
        return [*entry.texts(locale), *self._asked_of.get((entry.id, locale), ())]
