"""Matches a typed question to the knowledge base, in one of three bands.

A clear winner is answered; a close call or a middling match offers the closest questions; below
that the bot says honestly that it does not know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rapidfuzz import fuzz

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.entries import FaqEntry
from bot.knowledge.language import CONCEPT, Analyzer, Position, fold
from bot.knowledge.ranking import Bm25Index, Document, Kind

MAX_SUGGESTIONS = 3
SINGLE_WORD_DISCOUNT = 0.4
SAME_WORDING = 0.9  # a phrasing this close to the question (rapidfuzz, 0 to 1) asks the same
SPECIFIC_ENTRIES = 8  # a concept asked about in at most this many entries' questions (both languages)
RERANKED = 5  # the best entries by BM25 that the closeness of wording may reorder
WORDING_WEIGHT = 1.0  # how much the closest phrasing's wording counts against the BM25 share
_SUGGESTION_SHARE = 0.6  # a suggestion scores at least this share of the best
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class Band(StrEnum):
    ANSWER = "answer"
    SUGGEST = "suggest"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Hit:
    entry: FaqEntry
    score: float


@dataclass(frozen=True)
class Match:
    band: Band
    hits: tuple[Hit, ...]  # the answer, or the suggestions; for UNKNOWN the nearest, if any
    confidence: float
    lead: float

    @property
    def best(self) -> Hit | None:
        return self.hits[0] if self.hits else None


def question_sentences(text: str) -> str | None:
    """The sentences of a message of several that ask (end with "?"), else its last; None for one sentence."""
    sentences = [part.strip() for part in _SENTENCE_END.split(text.strip()) if part.strip()]
    if len(sentences) < 2:
        return None
    asking = [sentence for sentence in sentences if sentence.endswith("?")]
    return " ".join(asking) if asking else sentences[-1]


class QuestionMatcher:
    """Built once from the knowledge base; matching a question reads it only."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self._read_settings(knowledge)
        language = knowledge.language
        stop_words = [w for words in language.stop_words.values() for w in words]
        self._analyzer = Analyzer(language.synonyms, stop_words)
        self._analyzer.learn(
            text
            for entry in knowledge.entries
            for lang in ("nl", "en")
            for text in (*knowledge.texts(entry, lang), entry.answer.get(lang))
        )
        # One document per entry and language for the question and all its phrasings together: the
        # words many phrasings share weigh more than a word one phrasing happens to use.
        documents = []
        # Each entry's ways of asking as sets of terms: does a question hold every word of one?
        self._phrasing_terms: list[list[frozenset[str]]] = []
        for number, entry in enumerate(knowledge.entries):
            ways: list[frozenset[str]] = []
            for lang in ("nl", "en"):
                phrasings = [self._analyzer.terms(text, lang) for text in knowledge.texts(entry, lang)]
                documents.append(Document(number, [t for terms in phrasings for t in terms], Kind.QUESTIONS))
                documents += [Document(number, terms, Kind.PHRASING) for terms in phrasings]
                documents.append(
                    Document(number, self._analyzer.terms(entry.answer.get(lang), lang), Kind.ANSWER)
                )
                ways += [frozenset(terms) for terms in phrasings]
            self._phrasing_terms.append(ways)
        self._index = Bm25Index(documents, len(knowledge.entries))
        self._wordings = [
            [self._wording(text) for lang in ("nl", "en") for text in knowledge.texts(entry, lang)]
            for entry in knowledge.entries
        ]

    def _read_settings(self, knowledge: KnowledgeBase) -> None:
        language = knowledge.language
        self._bands = language.bands
        self._question_words = frozenset(w for words in language.question_words.values() for w in words)
        self._entries = knowledge.entries

    def snapshot(self) -> dict[str, Any]:
        """What the constructor derived from the knowledge base, as plain data: a restart with
        the same knowledge base and code restores it (bot/startup_cache.py) instead of analysing
        every phrasing again."""
        return {
            "analyzer": self._analyzer.snapshot(),
            "phrasing_terms": self._phrasing_terms,
            "index": self._index.snapshot(),
            "wordings": self._wordings,
        }

    @classmethod
    def restored(cls, knowledge: KnowledgeBase, snapshot: dict[str, Any]) -> QuestionMatcher:
        matcher = cls.__new__(cls)
        matcher._read_settings(knowledge)
        matcher._analyzer = Analyzer.restored(snapshot["analyzer"])
        matcher._phrasing_terms = snapshot["phrasing_terms"]
        matcher._index = Bm25Index.restored(snapshot["index"])
        matcher._wordings = snapshot["wordings"]
        return matcher

    def _wording(self, text: str) -> str:
        return " ".join(self._analyzer.content_words(text))

    def match(self, text: str) -> Match:
        """The band and the best entries for a typed question.

        A long message often tells its situation first and asks last ("Ik ben net begonnen als
        controller. ... Wie moet dat tekenen?"); its words of context dilute the confidence. When the
        question sentence on its own clearly picks an entry that the whole message also ranks among
        its closest, that entry is the answer.
        """
        found = self._match(text)
        asked = question_sentences(text)
        if found.band == Band.ANSWER or asked is None or found.best is None:
            return found
        focused = self._match(asked)
        among = {hit.entry.id for hit in found.hits[:MAX_SUGGESTIONS]}
        if focused.band == Band.ANSWER and focused.best and focused.best.entry.id in among:
            return focused
        return found

    def _match(self, text: str) -> Match:
        positions = self._analyzer.positions(text[:500])
        if not positions:
            return Match(Band.UNKNOWN, (), 0.0, 0.0)
        scores = self._index.scores(positions)
        candidates = sorted(range(len(scores)), key=scores.__getitem__, reverse=True)[:RERANKED]
        top_score = scores[candidates[0]] if candidates else 0.0
        if top_score <= 0:
            return Match(Band.UNKNOWN, (), 0.0, 0.0)
        # BM25 finds the candidates; how close the question's wording is to an entry's closest
        # phrasing (rapidfuzz, word order and small differences forgiven) decides between near ones.
        wording = self._wording(text[:500])
        closeness = {
            i: max(fuzz.token_sort_ratio(wording, w) for w in self._wordings[i]) / 100
            for i in candidates
            if scores[i] > 0
        }
        keys = {i: scores[i] / top_score + WORDING_WEIGHT * near for i, near in closeness.items()}
        ranked = sorted(keys, key=keys.__getitem__, reverse=True)[: MAX_SUGGESTIONS + 1]
        best = scores[ranked[0]]
        confidence = best / self._index.self_score(positions)
        vague = False
        if closeness[ranked[0]] < SAME_WORDING:  # "wat is het eck id?" says what one phrasing says
            confidence, vague = self._single_word_confidence(positions, confidence)
        second_key = keys[ranked[1]] if len(ranked) > 1 else 0.0
        lead = (keys[ranked[0]] - second_key) / keys[ranked[0]]
        hits = tuple(Hit(self._entries[i], scores[i]) for i in ranked)
        if not vague and (
            self._answers(confidence, lead) or self._holds_a_phrasing(positions, ranked[0], confidence)
        ):
            return Match(Band.ANSWER, hits[:1], confidence, lead)
        close = tuple(h for h in hits[:MAX_SUGGESTIONS] if h.score >= top_score * _SUGGESTION_SHARE)
        if confidence >= self._bands.suggest:
            return Match(Band.SUGGEST, close, confidence, lead)
        return Match(Band.UNKNOWN, close, confidence, lead)

    def _answers(self, confidence: float, lead: float) -> bool:
        bands = self._bands
        if confidence >= bands.answer and lead >= bands.lead:
            return True
        clear = bands.clear_winner
        return clear is not None and confidence >= clear.answer and lead >= clear.lead

    def _holds_a_phrasing(self, positions: list[Position], entry: int, confidence: float) -> bool:
        floor = self._bands.whole_phrasing
        if floor is None or confidence < floor:
            return False
        asked = {term for position in positions for term in position.terms}
        return any(terms and terms <= asked for terms in self._phrasing_terms[entry])

    def _single_word_confidence(self, positions: list[Position], confidence: float) -> tuple[float, bool]:
        """One known word is thin evidence. An ordinary word ("hoe laat is het": "laat") counts for
        less; a concept many entries ask about ("leverancier") is vague: it brings suggestions, never
        an answer; a named concept few entries ask about (a supplier, BSN) stands on its own."""
        known = [p for p in positions if any(self._analyzer.is_known(t) for t in p.terms)]
        if len(known) != 1:
            return confidence, False
        concepts = [t for t in known[0].terms if t.startswith(CONCEPT)]
        if not concepts:
            return confidence * SINGLE_WORD_DISCOUNT, False
        vague = all(self._index.entries_asking(t) > SPECIFIC_ENTRIES for t in concepts)
        return confidence, vague

    def forget(self) -> None:
        """Forgets the words it has seen (a benchmark's cold start for every question)."""
        self._analyzer.forget()

    def looks_like_question(self, text: str) -> bool:
        """Ends with a question mark, or opens with a question word ("wat", "hoe", "moet", "how")."""
        words = fold(text)
        return text.rstrip().endswith("?") or bool(words and words[0] in self._question_words)
