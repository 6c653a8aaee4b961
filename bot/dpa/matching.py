"""Where the checklist's cue patterns occur in a segmented document, computed once per review."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from bot.dpa.patterns import Cue, alternative_matches, stems, word_spans
from bot.dpa.segments import Layout, Segment, Sentence
from bot.dpa.signals import NEGATIONS, conditional, negated

QUOTE_LIMIT = 200


@dataclass(frozen=True)
class Hit:
    sentence: int
    start: int  # first word of the match in the sentence
    end: int  # one past its last word


class Matcher:
    """Finds each cue once in the whole document, through an index of the document's words."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self._hits: dict[str, list[Hit]] = {}
        self._positions: dict[str, list[tuple[int, int]]] = {}
        for index, sentence in enumerate(layout.sentences):
            for position, word in enumerate(sentence.words):
                self._positions.setdefault(word, []).append((index, position))
        self._vocabulary = sorted(self._positions)
        self._by_stem: dict[str, set[str]] = {}
        for word in self._vocabulary:
            dutch, english = stems(word)
            self._by_stem.setdefault("nl:" + dutch, set()).add(word)
            self._by_stem.setdefault("en:" + english, set()).add(word)
        self._alternatives: dict[str, frozenset[str]] = {}
        self._heading_words = [s.heading_words if (s.title or s.keyword) else [] for s in layout.segments]

    def _words_for(self, alternative: str) -> frozenset[str]:
        """The document's words that an alternative matches."""
        found = self._alternatives.get(alternative)
        if found is None:
            if alternative.endswith("*"):
                prefix = alternative[:-1]
                start = bisect_left(self._vocabulary, prefix)
                words = []
                for word in self._vocabulary[start:]:
                    if not word.startswith(prefix):
                        break
                    words.append(word)
                found = frozenset(words)
            elif alternative == "#" or alternative.startswith("="):
                found = frozenset(w for w in self._vocabulary if alternative_matches(alternative, w))
            else:
                dutch, english = stems(alternative)
                exact = {alternative} if alternative in self._positions else set()
                found = frozenset(
                    exact
                    | self._by_stem.get("nl:" + dutch, set())
                    | self._by_stem.get("en:" + english, set())
                )
            self._alternatives[alternative] = found
        return found

    def hits(self, cue: Cue) -> list[Hit]:
        found = self._hits.get(cue.source)
        if found is None:
            found = self._find(cue)
            self._hits[cue.source] = found
        return found

    def _find(self, cue: Cue) -> list[Hit]:
        wanted = {w for group in cue.groups for phrase in group for w in phrase}
        allowed = {w: self._words_for(w) for w in wanted}
        if any(not any(all(allowed[w] for w in phrase) for phrase in group) for group in cue.groups):
            return []  # some part of the pattern occurs nowhere in the document

        def test(word: str, pattern_word: str) -> bool:
            return word in allowed[pattern_word]

        candidates = sorted(
            {p for phrase in cue.groups[0] for w in allowed[phrase[0]] for p in self._positions[w]}
        )
        found: list[Hit] = []
        for index, position in candidates:
            words = self.layout.sentences[index].words
            span = cue.match_at(words, (position,), test)
            if span is not None:
                found.append(Hit(index, span[0], span[1]))
        return found

    def in_heading(self, cue: Cue, segment: Segment) -> bool:
        words = self._heading_words[segment.index]
        return bool(words) and cue.search(words) is not None

    def sentence(self, hit: Hit) -> Sentence:
        return self.layout.sentences[hit.sentence]

    def negated(self, hit: Hit, cue: Cue | None = None) -> bool:
        own = cue.words if cue is not None else frozenset()
        words, start, end = self._part(hit)
        return negated(words, start, end, own)

    def denied_after(self, hit: Hit) -> bool:
        words, start, _ = self._part(hit)
        return any(w in NEGATIONS for w in words[start + 1 :])

    def conditional(self, hit: Hit) -> bool:
        words, start, _ = self._part(hit)
        return conditional(words, start)

    def _part(self, hit: Hit) -> tuple[list[str], int, int]:
        """The words of the part of the sentence that holds the hit (parts are separated by ";"), and
        the hit's place in them: a negation or a condition does not reach past a ";"."""
        sentence = self.sentence(hit)
        first = max((b for b in sentence.breaks if b <= hit.start), default=0)
        last = min((b for b in sentence.breaks if b >= hit.end), default=len(sentence.words))
        return sentence.words[first:last], hit.start - first, hit.end - first


def quote(sentence: Sentence, word: int = 0) -> str:
    """At most 200 characters of the sentence, around its `word`-th word when it is longer."""
    text = sentence.text
    if len(text) <= QUOTE_LIMIT:
        return text
    spans = word_spans(text)
    centre = spans[min(word, len(spans) - 1)][0] if spans else 0
    start = max(0, min(centre - 60, len(text) - (QUOTE_LIMIT - 2)))
    if start > 0:
        start = text.find(" ", start) + 1 or start
    end = start + QUOTE_LIMIT - (2 if start > 0 else 1)
    piece = text[start:end].rsplit(" ", 1)[0] if end < len(text) else text[start:end]
    return ("…" if start > 0 else "") + piece.strip() + ("…" if start + len(piece) < len(text) else "")
