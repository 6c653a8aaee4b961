"""Cue patterns: a small language for content editors, compiled once to regular expressions.

A pattern is words separated by spaces, matched within one sentence, case and accents folded:

- `meld*`     a word that starts with "meld" (melden, meldt, meldplicht);
- `bewaren`   the word itself, or a word with the same Snowball stem (Dutch or English);
- `=term`     the word itself only, where a stem would blur meanings ("term", not "terms");
- `a b|c d*`  either phrase: "|" separates the phrases between two gaps;
- `.`         up to 3 other words in between (within a phrase: "eigen . onderzoek*");
- `..`        up to 8 other words in between; `...` up to 40 (the rest of a long sentence);
- `#`         a number, in digits or as a word (vijf, five).

Each word of the document is tested once against each alternative (bot/dpa/matching.py keeps
an index of the document's words), so that a review of a long document stays fast.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import snowballstemmer

_WORD = re.compile(r"[a-z0-9]+")
_GAPS = {".": 3, "..": 8, "...": 40}
NUMBER_WORDS = {
    "een": 1, "eén": 1, "one": 1, "twee": 2, "two": 2, "drie": 3, "three": 3, "vier": 4, "four": 4,
    "vijf": 5, "five": 5, "zes": 6, "six": 6, "zeven": 7, "seven": 7, "acht": 8, "eight": 8,
    "negen": 9, "nine": 9, "tien": 10, "ten": 10, "twaalf": 12, "twelve": 12, "veertien": 14,
    "fourteen": 14, "twintig": 20, "twenty": 20, "dertig": 30, "thirty": 30,
}  # fmt: skip


class PatternError(ValueError):
    pass


_dutch = snowballstemmer.stemmer("dutch")
_english = snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=65536)
def stems(word: str) -> tuple[str, str]:
    return str(_dutch.stemWord(word)), str(_english.stemWord(word))


@functools.lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Lower case, accents dropped: coördinator → coordinator."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# "sub processor", "sub-processor"; "derden-verklaring", "derden verklaring" (not "derden tot")
_JOINED_PREFIX = re.compile(r"\b(sub)[ -]+(?=[a-z])|\b(derden)(?:-+|\s+(?=verklaring))")


# English contractions: "don't" reads as "don not", so that its negation counts (one word for one word,
# which keeps word_spans aligned); Dutch "'t" ("op 't einde") is "het" and stays as it is.
_CONTRACTED = frozenset(
    {"don", "doesn", "didn", "won", "can", "isn", "aren", "wasn", "weren", "shouldn", "wouldn", "couldn"}
    | {"hasn", "haven", "hadn", "mustn", "needn", "shan"}
)


def words_of(text: str) -> list[str]:
    """The folded words of a text; "sub-processor" and "derden-verklaring" become one word, and the
    "t" of "don't" is "not"."""
    words = _WORD.findall(_JOINED_PREFIX.sub(lambda m: m.group(1) or m.group(2), fold(text)))
    return [
        "not" if word == "t" and index and words[index - 1] in _CONTRACTED else word
        for index, word in enumerate(words)
    ]


def word_spans(text: str) -> list[tuple[int, int]]:
    """Where each word of words_of(text) starts and ends in the text itself (for quoting)."""
    spans: list[tuple[int, int]] = []
    for match in re.finditer(r"\w+", text):
        for _ in _WORD.findall(fold(match.group(0))):
            spans.append((match.start(), match.end()))
    return spans


Phrase = tuple[str, ...]  # words in a row; each word an alternative as written ("meld*", "bewaren", "#")
Group = tuple[Phrase, ...]  # the phrases a "|" separates


@dataclass(frozen=True)
class Cue:
    """One compiled pattern: its groups of alternative phrases, and the gap allowed before each group."""

    source: str
    groups: tuple[Group, ...]
    gaps: tuple[int, ...]  # gaps[i]: how many other words may come before groups[i] (0 for the first)

    @functools.cached_property
    def words(self) -> frozenset[str]:
        """The pattern's own words, so that "geen meldplicht" is not taken as a negated "meldplicht"."""
        return frozenset(w for group in self.groups for phrase in group for w in phrase)

    def asks_for(self, word: str) -> bool:
        """Whether one of the pattern's own words matches this word of a text."""
        return any(alternative_matches(wanted, word) for wanted in self.words)

    def search(self, words: Sequence[str]) -> tuple[int, int] | None:
        """The first (start, end) word span in `words` that matches, or None."""
        return self.match_at(words, range(len(words)), lambda word, wanted: alternative_matches(wanted, word))

    def match_at(self, words: Sequence[str], starts: Iterable[int], test: Test) -> tuple[int, int] | None:
        for start in starts:
            end = self._group_end(words, start, 0, test)
            if end is not None:
                return start, end
        return None

    def _group_end(self, words: Sequence[str], at: int, group: int, test: Test) -> int | None:
        """Where a match that has its groups before `group` done, and `group` starting at words[at], ends."""
        for phrase in self.groups[group]:
            if at + len(phrase) > len(words):
                continue
            if all(test(words[at + k], wanted) for k, wanted in enumerate(phrase)):
                after = at + len(phrase)
                if group + 1 == len(self.groups):
                    return after
                limit = min(len(words), after + 1 + self.gaps[group + 1])
                for following in range(after, limit):
                    end = self._group_end(words, following, group + 1, test)
                    if end is not None:
                        return end
        return None


Test = Callable[[str, str], bool]  # (a word of the text, a word of the pattern) -> matches


@functools.lru_cache(maxsize=131072)
def alternative_matches(alternative: str, word: str) -> bool:
    if alternative == "#":
        return word.isdigit() or word in NUMBER_WORDS
    if alternative.endswith("*"):
        return word.startswith(alternative[:-1])
    if alternative.startswith("="):
        return word == alternative[1:]
    if word == alternative:
        return True
    wanted, found = stems(alternative), stems(word)
    return wanted[0] == found[0] or wanted[1] == found[1]


def _check_alternative(alternative: str) -> None:
    if alternative == "#":
        return
    if alternative.endswith("*"):
        prefix = alternative[:-1]
        if not prefix or not _WORD.fullmatch(prefix):
            raise PatternError(f"{alternative!r}: a prefix is letters or digits before the *")
        return
    if not _WORD.fullmatch(alternative.removeprefix("=")):
        raise PatternError(f"{alternative!r}: a word is letters or digits (accents are folded)")


@functools.lru_cache(maxsize=4096)
def compile_cue(source: str) -> Cue:
    """Compiles a pattern; raises PatternError saying what is wrong with it."""
    raw = fold(source).split()
    if not raw or raw[0] in _GAPS or raw[-1] in _GAPS:
        raise PatternError(f"{source!r}: a pattern starts and ends with a word")
    groups: list[Group] = []
    gaps: list[int] = [0]
    current: list[str] = []
    for item in [*raw, ".."]:
        if item not in _GAPS:
            current.append(item)
            continue
        if not current:
            raise PatternError(f"{source!r}: two gaps in a row")
        phrases = tuple(tuple(p.split()) for p in " ".join(current).split("|"))
        if any(not phrase for phrase in phrases):
            raise PatternError(f"{source!r}: an empty alternative next to a |")
        for phrase in phrases:
            for word in phrase:
                _check_alternative(word)
        groups.append(phrases)
        gaps.append(_GAPS[item])
        current = []
    return Cue(source, tuple(groups), tuple(gaps[: len(groups)]))
