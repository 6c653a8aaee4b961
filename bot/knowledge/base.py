"""The loaded knowledge base: every entry by id, in the order the files list them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.knowledge.entries import FaqEntry, FaqLanguage


@dataclass(frozen=True)
class KnowledgeBase:
    entries: tuple[FaqEntry, ...]
    language: FaqLanguage
    files: Mapping[str, str] = field(default_factory=dict)  # entry id -> the file it is in

    def entry(self, entry_id: str) -> FaqEntry | None:
        return self._by_id.get(entry_id)

    @property
    def _by_id(self) -> dict[str, FaqEntry]:
        cached: dict[str, FaqEntry] | None = self.__dict__.get("_index")
        if cached is None:
            cached = {e.id: e for e in self.entries}
            object.__setattr__(self, "_index", cached)
        return cached
