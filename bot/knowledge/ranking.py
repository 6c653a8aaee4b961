"""Okapi BM25 over an inverted index, with each term's weight in each document computed once.

A question is scored against every phrasing of an entry separately (the best phrasing counts)
and, with a smaller weight, against the entry's answer. Short phrasings are what people type,
so a question that says what one phrasing says wins clearly.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from bot.knowledge.language import Position

K1 = 1.2
B = 0.75
# An entry's score: all its phrasings as one document, plus its best single phrasing (a question
# that says what one phrasing says stands out), plus a little of its answer.
PHRASING_WEIGHT = 0.5
ANSWER_WEIGHT = 0.3


class Kind(IntEnum):
    QUESTIONS = 0  # the question and all its phrasings together
    PHRASING = 1  # one of them
    ANSWER = 2


@dataclass(frozen=True)
class Document:
    entry: int  # index of the entry it belongs to
    terms: Sequence[str]
    kind: Kind


class Bm25Index:
    def __init__(self, documents: Sequence[Document], entries: int) -> None:
        self._entries = entries
        self._kinds = [d.kind for d in documents]
        self._owner = [d.entry for d in documents]
        count = max(1, len(documents))
        average = sum(len(d.terms) for d in documents) / count or 1.0
        frequency: Counter[str] = Counter()
        for document in documents:
            frequency.update(set(document.terms))
        self._idf = {t: math.log(1 + (count - n + 0.5) / (n + 0.5)) for t, n in frequency.items()}
        self._unseen_idf = math.log(1 + (count + 0.5) / 0.5)
        self._average = average
        self._asked_in: Counter[str] = Counter()  # in how many entries' questions a term occurs
        for document in documents:
            if document.kind == Kind.QUESTIONS:
                self._asked_in.update(set(document.terms))
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for number, document in enumerate(documents):
            norm = K1 * (1 - B + B * len(document.terms) / average)
            for term, tf in Counter(document.terms).items():
                weight = self._idf[term] * tf * (K1 + 1) / (tf + norm)
                self._postings[term].append((number, weight))

    def snapshot(self) -> dict[str, Any]:
        """The index as plain data (bot/startup_cache.py keeps it between starts)."""
        return {
            "entries": self._entries,
            "kinds": [int(kind) for kind in self._kinds],
            "owner": self._owner,
            "idf": self._idf,
            "unseen_idf": self._unseen_idf,
            "average": self._average,
            "asked_in": dict(self._asked_in),
            "postings": dict(self._postings),
        }

    @classmethod
    def restored(cls, snapshot: dict[str, Any]) -> Bm25Index:
        index = cls.__new__(cls)
        index._entries = snapshot["entries"]
        index._kinds = [Kind(kind) for kind in snapshot["kinds"]]
        index._owner = snapshot["owner"]
        index._idf = snapshot["idf"]
        index._unseen_idf = snapshot["unseen_idf"]
        index._average = snapshot["average"]
        index._asked_in = Counter(snapshot["asked_in"])
        index._postings = defaultdict(list, snapshot["postings"])
        return index

    def entries_asking(self, term: str) -> int:
        """How many entries' questions use the term (per language: an entry counts up to twice)."""
        return self._asked_in.get(term, 0)

    def position_weight(self, position: Position) -> float:
        """A position's idf: its rarest known term's; an unknown word's is the highest."""
        known = [self._idf[term] for term in position.terms if term in self._idf]
        return max(known) if known else self._unseen_idf

    def self_score(self, positions: Sequence[Position]) -> float:
        """The score of a phrasing that says exactly what the question says: 1.0 of confidence."""
        norm = K1 * (1 - B + B * len(positions) / self._average)
        return sum(self.position_weight(p) for p in positions) * (K1 + 1) / (1 + norm) * (1 + PHRASING_WEIGHT)

    def scores(self, positions: Sequence[Position]) -> list[float]:
        """Each entry's score: its questions, plus its best phrasing and its answer, weighted."""
        per_document: dict[int, float] = defaultdict(float)
        for position in positions:
            best: dict[int, float] = {}
            for term in position.terms:
                for number, weight in self._postings.get(term, ()):
                    if weight > best.get(number, 0.0):
                        best[number] = weight
            for number, weight in best.items():
                per_document[number] += weight
        best_of = [[0.0] * self._entries for _ in Kind]
        for number, score in per_document.items():
            entry = self._owner[number]
            found = best_of[self._kinds[number]]
            found[entry] = max(found[entry], score)
        questions, phrasing, answer = best_of
        return [
            q + PHRASING_WEIGHT * p + ANSWER_WEIGHT * a
            for q, p, a in zip(questions, phrasing, answer, strict=True)
        ]
