"""The loaded knowledge base: every entry by id, in the order the files list them."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.knowledge.entries import FaqEntry, FaqLanguage


@dataclass(frozen=True)
class KnowledgeBase:
    entries: tuple[FaqEntry, ...]
    language: FaqLanguage
    _by_id: dict[str, FaqEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {entry.id: entry for entry in self.entries})

    def entry(self, entry_id: str) -> FaqEntry | None:
        return self._by_id.get(entry_id)
