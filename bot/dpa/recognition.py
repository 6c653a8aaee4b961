"""Where in a document an element of the checklist is: every clause scored, the best one chosen.

A clause earns 2 points when its heading matches one of the element's `headings`, 2 for each
`strong` pattern in it and 1 for each of the `phrases` (a pattern in two of its sentences counts
twice, not more). The clause with the most points is where the element was found, if it reaches
the element's `min_score`. The standard annexes (the privacy bijsluiter and the security annex)
count half for the other elements, so that a form field such as "Audits/derden-verklaringen:"
does not stand in for a missing article.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.dpa.checklist import Element
from bot.dpa.matching import Matcher
from bot.dpa.segments import Segment

HEADING_POINTS = 2.0
STRONG_POINTS = 2.0
PHRASE_POINTS = 1.0
STANDARD_ANNEX_WEIGHT = 0.5
CORE_SHARE = 0.5  # a clause with at least this share of the best clause's points treats the element too
REPEATS_COUNTED = 2  # a pattern found in more sentences of a clause counts up to this many times


@dataclass
class ClauseScore:
    heading: float = 0.0
    cues: float = 0.0
    per_sentence: dict[int, float] = field(default_factory=dict)  # to choose the quote

    @property
    def total(self) -> float:
        return self.heading + self.cues


@dataclass(frozen=True)
class Located:
    """Where an element was found: its best clause, every clause that reached the minimum, and the
    sentence to quote (with the word its match starts at)."""

    best: Segment
    segments: tuple[Segment, ...]
    sentence: int
    word: int
    referenced: tuple[int, ...] = ()  # sentences of the annex parts these clauses refer to
    core: tuple[Segment, ...] = ()  # the clauses that treat the element in earnest (CORE_SHARE)
    score: float = 0.0  # the best clause's points
    titled: bool = False  # whether the best clause's heading names the element

    @property
    def sentences(self) -> list[int]:
        own = [i for seg in self.segments for i in seg.sentences]
        return [*own, *(i for i in self.referenced if i not in own)]

    @property
    def core_sentences(self) -> list[int]:
        """Where to look for what the element's clause lacks: a clause that only touches the element
        ("its sub-processors maintain facilities, and Customer consents") does not supply it."""
        own = [i for seg in self.core for i in seg.sentences]
        return [*own, *(i for i in self.referenced if i not in own)]


def score_clauses(element: Element, matcher: Matcher) -> dict[int, ClauseScore]:
    """The points of each clause (by segment index) that has any, for one element."""
    recognition = element.recognised_by
    layout = matcher.layout
    scores: dict[int, ClauseScore] = {}
    for cue in recognition.headings.cues():
        for seg in layout.segments:
            if matcher.in_heading(cue, seg):
                scores.setdefault(seg.index, ClauseScore()).heading = HEADING_POINTS
    used: set[str] = set()
    for weight, patterns in ((STRONG_POINTS, recognition.strong), (PHRASE_POINTS, recognition.phrases)):
        credited: set[tuple[int, int]] = set()  # a word is evidence once, however many patterns find it
        for cue in patterns.cues():
            if cue.source in used:
                continue  # the same pattern listed for both languages counts once
            used.add(cue.source)
            counted: dict[int, set[int]] = {}
            for hit in matcher.hits(cue):
                if (hit.sentence, hit.start) in credited:
                    continue
                credited.add((hit.sentence, hit.start))
                own = layout.sentences[hit.sentence].segment
                # an annex part also counts for the clauses that refer to it ("see Annex 1, Part E")
                for clause in (own, *layout.referrers.get(hit.sentence, ())):
                    score = scores.setdefault(clause, ClauseScore())
                    score.per_sentence[hit.sentence] = score.per_sentence.get(hit.sentence, 0) + weight
                    seen = counted.setdefault(clause, set())
                    if hit.sentence not in seen and len(seen) < REPEATS_COUNTED:
                        seen.add(hit.sentence)
                        score.cues += weight
    return scores


def locate(
    element: Element, matcher: Matcher, standard_annexes: set[int], taken: set[int] | None = None
) -> Located | None:
    """Where the element is, or None when no clause reaches its minimum. An element that must be
    an annex only looks at annexes that another annex element has not `taken`."""
    recognition = element.recognised_by
    layout = matcher.layout
    scored = score_clauses(element, matcher)
    totals: dict[int, float] = {}
    for index, score in scored.items():
        seg = layout.segments[index]
        if recognition.in_annex and (seg.kind != "annex" or index in (taken or set())):
            continue
        if not seg.sentences:
            continue  # a heading with nothing under it is no clause
        weight = STANDARD_ANNEX_WEIGHT if index in standard_annexes else 1.0
        totals[index] = score.total * weight
    reached = sorted(i for i, total in totals.items() if total >= recognition.min_score)
    if not reached:
        return None
    best = max(reached, key=lambda i: (totals[i], -i))
    per_sentence = scored[best].per_sentence
    if per_sentence:
        sentence = max(per_sentence, key=lambda k: (per_sentence[k], -k))
    else:
        sentence = layout.segments[best].sentences[0]
    chosen = tuple(layout.segments[i] for i in reached)
    core = tuple(layout.segments[i] for i in reached if totals[i] >= CORE_SHARE * totals[best])
    referenced = tuple(layout.referenced_parts([i for seg in chosen for i in seg.sentences]))
    word = _first_hit_word(element, matcher, sentence)
    titled = scored[best].heading > 0
    return Located(layout.segments[best], chosen, sentence, word, referenced, core, totals[best], titled)


def _first_hit_word(element: Element, matcher: Matcher, sentence: int) -> int:
    recognition = element.recognised_by
    starts = [
        hit.start
        for patterns in (recognition.strong, recognition.phrases)
        for cue in patterns.cues()
        for hit in matcher.hits(cue)
        if hit.sentence == sentence
    ]
    return min(starts, default=0)
