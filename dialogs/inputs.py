"""What the user gave this turn, typed or clicked, and how typed words are understood."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[^\w\s?-]")


@functools.lru_cache(maxsize=8192)  # every turn compares the typed text with the same vocabulary
def normalise(text: str) -> str:
    """Lower case, accents and punctuation removed, spaces folded: 'Ja!' and ' ja ' are one answer."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = _PUNCTUATION.sub(" ", plain.lower())
    return _SPACES.sub(" ", plain).strip()


@dataclass(frozen=True)
class UserInput:
    """One turn's input. `data` holds a card action's data merged with the card's input fields."""

    text: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)
    verb: str | None = None
    from_card: bool = False

    @property
    def prompt_id(self) -> str | None:
        value = self.data.get("prompt")
        return value if isinstance(value, str) else None

    def field(self, name: str) -> str | None:
        value = self.data.get(name)
        return value if isinstance(value, str) else None

    @property
    def words(self) -> str:
        return normalise(self.text)


@dataclass(frozen=True)
class Choice:
    """An option as offered: what it records, what it says, and other words that mean it."""

    value: str
    title: str
    aliases: tuple[str, ...] = ()
    from_board: bool = False  # a school or agreement of the board, not a fixed answer


def match_choice(typed: str, choices: Iterable[Choice]) -> Choice | None:
    """The option the typed words mean: its number, its title, its value or one of its aliases."""
    words = normalise(typed)
    if not words:
        return None
    options = list(choices)
    if words.isdigit() and 1 <= int(words) <= len(options):
        return options[int(words) - 1]
    for option in options:
        names = {normalise(option.title), normalise(option.value)}
        names |= {normalise(alias) for alias in option.aliases}
        if words in names:
            return option
    return None


def match_words(typed: str, table: Mapping[str, list[str]]) -> str | None:
    """Which entry of a vocabulary table (command -> words) the typed text is."""
    words = normalise(typed)
    for name, phrases in table.items():
        if words in {normalise(p) for p in phrases}:
            return name
    return None
