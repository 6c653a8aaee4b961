"""Turns what people type into search terms.

Case and accents are folded, words are stemmed with Snowball (Dutch, and English as an
alternative), the synonyms in content/faq/language.yaml become one concept, compounds that the
knowledge base does not know whole are split into words it does know, and typos are mended
against the knowledge base's own words with rapidfuzz.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA

_WORD = re.compile(r"[a-z0-9]+")
_MIN_TYPO = 5  # shorter words are not mended
_MIN_PART = 4  # shorter pieces of a compound ("der", "ing") would split almost anything
_LINKS = ("s", "en", "e")  # a Dutch compound's linking sounds: verwerker-s-overeenkomst
CONCEPT = "~"  # marks a synonym group's term, so it never collides with a word's stem


@functools.lru_cache(maxsize=8192)
def fold(text: str) -> tuple[str, ...]:
    """Lower case, accents dropped (coördinator → coordinator), words only; a lone letter is no word."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return tuple(w for w in _WORD.findall(plain) if len(w) > 1 or w.isdigit())


def guess_locale(text: str, stop_words: Mapping[str, Iterable[str]]) -> str:
    """The locale whose little words the text uses most ("what is the ..." is English); Dutch on a tie."""
    words = fold(text)
    counts = {}
    for locale, listed in stop_words.items():
        little = frozenset(listed)
        counts[locale] = sum(1 for w in words if w in little)
    best = max(counts.values(), default=0)
    return "nl" if counts.get("nl", 0) == best else max(counts, key=counts.__getitem__)


@dataclass(frozen=True)
class Position:
    """One word of a question: the terms it may stand for (the best one counts)."""

    terms: frozenset[str]
    word: str


class Stemmers:
    def __init__(self) -> None:
        self._dutch = snowballstemmer.stemmer("dutch")
        self._english = snowballstemmer.stemmer("english")

    @functools.cache  # noqa: B019 - one per Analyzer, which lives as long as the process
    def dutch(self, word: str) -> str:
        return str(self._dutch.stemWord(word))

    @functools.cache  # noqa: B019
    def english(self, word: str) -> str:
        return str(self._english.stemWord(word))

    def of(self, word: str, language: str) -> str:
        return self.english(word) if language == "en" else self.dutch(word)

    def forget(self) -> None:
        self.dutch.cache_clear()
        self.english.cache_clear()

    def both(self, word: str) -> frozenset[str]:
        return frozenset((self.dutch(word), self.english(word)))


class Analyzer:
    """The same analysis for the knowledge base's texts and for a question, so that they meet."""

    def __init__(self, synonyms: Sequence[Sequence[str]], stop_words: Iterable[str]) -> None:
        self._stem = Stemmers()
        self._stop = frozenset(word for phrase in stop_words for word in fold(phrase))
        self._phrases: dict[tuple[str, ...], str] = {}
        self._synonym_words: set[str] = set()
        for group in synonyms:
            concept = CONCEPT + "_".join(fold(group[0]))
            for phrase in group:
                words = fold(phrase)
                self._synonym_words.update(words)
                for language in ("nl", "en"):
                    self._phrases[tuple(self._stem.of(w, language) for w in words)] = concept
        self._phrase_starts = frozenset(phrase[0] for phrase in self._phrases)
        self._longest_phrase = max((len(phrase) for phrase in self._phrases), default=1)
        self._known_words: set[str] = set(self._synonym_words)
        self._known_terms: set[str] = set()
        self._choices_by_initial: dict[str, list[str]] = {}

    _STATE = (
        "_stop",
        "_phrases",
        "_synonym_words",
        "_phrase_starts",
        "_longest_phrase",
        "_known_words",
        "_known_terms",
        "_choices_by_initial",
    )

    def snapshot(self) -> dict[str, Any]:
        """What it learned, as plain data (bot/startup_cache.py keeps it between starts)."""
        return {name: getattr(self, name) for name in self._STATE}

    @classmethod
    def restored(cls, snapshot: dict[str, Any]) -> Analyzer:
        analyzer = cls.__new__(cls)
        analyzer._stem = Stemmers()
        for name in cls._STATE:
            setattr(analyzer, name, snapshot[name])
        return analyzer

    # the knowledge base's side

    def learn(self, texts: Iterable[str]) -> None:
        """Remembers the words of the knowledge base: compounds split into them, typos mend to them."""
        for text in texts:
            self._known_words.update(w for w in fold(text) if w not in self._stop)
        self._choices_by_initial = {}
        for word in sorted(w for w in self._known_words | self._stop if len(w) >= _MIN_PART):
            self._choices_by_initial.setdefault(word[0], []).append(word)
        self._known_terms = {self._stem.dutch(w) for w in self._known_words} | {
            self._stem.english(w) for w in self._known_words
        }
        self._split.cache_clear()
        self._mend.cache_clear()

    def terms(self, text: str, language: str) -> list[str]:
        """A knowledge base text as index terms: concepts, stems, and the parts of its compounds."""
        words = [w for w in fold(text) if w not in self._stop]
        found: list[str] = []
        for concept, span in self._concepts(words):
            if concept is not None:
                found.append(concept)
                continue
            word = span[0]
            found.append(self._stem.of(word, language))
            found.extend(self._part_term(part, language) for part in self._split(word) or ())
        return found

    # the question's side

    def content_words(self, text: str) -> list[str]:
        """The words that carry meaning, folded, in their order."""
        return [w for w in fold(text) if w not in self._stop]

    def positions(self, text: str) -> list[Position]:
        """A question as positions; an unknown word stays, so that it counts against the match."""
        mended = (self._mend(w) for w in fold(text) if w not in self._stop)
        words = [w for w in mended if w not in self._stop]  # "eigelijk" mends to a stop word
        found: list[Position] = []
        for concept, span in self._concepts(words):
            if concept is not None:
                found.append(Position(frozenset((concept,)), " ".join(span)))
                continue
            word = span[0]
            stems = self._stem.both(word)
            parts = None if stems & self._known_terms else self._split(word)
            if parts:
                found.extend(self._part_position(part) for part in parts)
            else:
                found.append(Position(stems, word))
        return found

    def _part_term(self, part: str, language: str) -> str:
        """A piece of a compound in a knowledge base text: its concept, or its stem in that language."""
        concept = self._phrases.get((self._stem.dutch(part),)) or self._phrases.get(
            (self._stem.english(part),)
        )
        return concept or self._stem.of(part, language)

    def _part_position(self, part: str) -> Position:
        """A piece of a compound, as its synonym group's concept where it has one."""
        concept = self._phrases.get((self._stem.dutch(part),)) or self._phrases.get(
            (self._stem.english(part),)
        )
        return Position(frozenset((concept,)) if concept else self._stem.both(part), part)

    def forget(self) -> None:
        """Empties the caches of words seen, so that a benchmark times every question as if new."""
        fold.cache_clear()
        self._split.cache_clear()
        self._mend.cache_clear()
        self._stem.forget()

    def is_known(self, term: str) -> bool:
        return term in self._known_terms or term.startswith(CONCEPT)

    # the pieces

    def _concepts(self, words: Sequence[str]) -> Iterable[tuple[str | None, tuple[str, ...]]]:
        """Each synonym phrase as its concept (longest first), each other word on its own."""
        dutch = [self._stem.dutch(w) for w in words]
        english = [self._stem.english(w) for w in words]
        i = 0
        while i < len(words):
            if dutch[i] in self._phrase_starts or english[i] in self._phrase_starts:
                for length in range(min(self._longest_phrase, len(words) - i), 0, -1):
                    concept = self._phrases.get(tuple(dutch[i : i + length])) or self._phrases.get(
                        tuple(english[i : i + length])
                    )
                    if concept is not None:
                        yield concept, tuple(words[i : i + length])
                        i += length
                        break
                else:
                    yield None, (words[i],)
                    i += 1
            else:
                yield None, (words[i],)
                i += 1

    def _is_part(self, word: str) -> bool:
        """A word the knowledge base knows, or a form of one (methode, of "methodes")."""
        if word in self._synonym_words:
            return True
        return len(word) >= _MIN_PART and (
            word in self._known_words or bool(self._stem.both(word) & self._known_terms)
        )

    @functools.lru_cache(maxsize=8192)  # noqa: B019
    def _split(self, word: str) -> tuple[str, ...] | None:
        """leerlingadministratiesysteem → leerling, administratie, systeem; None if it does not split."""
        for cut in range(len(word) - _MIN_PART, 2, -1):
            head, tail = word[:cut], word[cut:]
            heads = [head] + [head[: -len(link)] for link in _LINKS if head.endswith(link)]
            first = next((h for h in heads if self._is_part(h)), None)
            if first is None:
                continue
            if self._is_part(tail):
                return (first, tail)
            rest = self._split(tail)
            if rest:
                return (first, *rest)
        return None

    @functools.lru_cache(maxsize=8192)  # noqa: B019
    def _mend(self, word: str) -> str:
        """A word the knowledge base does not know becomes the nearest one it does, within a typo or two.

        Short words are left alone (one letter off, "hoor" is "door"), and the first letter must
        agree: people rarely mistype it, and an ordinary Dutch word is then seldom "mended" into
        another one.
        """
        if len(word) < _MIN_TYPO or word in self._known_words or word.isdigit():
            return word
        if self._stem.both(word) & self._known_terms or self._split(word):
            return word
        allowed = 1 if len(word) < 9 else 2
        choices = self._choices_by_initial.get(word[0], ())
        best = process.extractOne(word, choices, scorer=OSA.distance, score_cutoff=allowed)
        return str(best[0]) if best else word
