"""The review: each checklist element present, missing or deviating, and the consistency points.

Where each element is comes from bot/dpa/recognition.py; this module decides its status: a
deviation found (`when`, `lacks`, a `hook`, not cancelled by `unless`) makes it `deviates`,
nothing found makes it `missing`.
"""

from __future__ import annotations

from typing import Literal

from bot.dpa.checklist import Checklist, Deviation, Element
from bot.dpa.consistency import check_consistency
from bot.dpa.matching import Hit, Matcher, quote
from bot.dpa.models import Document, Finding, Review
from bot.dpa.patterns import Cue
from bot.dpa.recognition import Located, locate
from bot.dpa.segments import segment
from bot.dpa.signals import HOOKS, language_of

ANNEX_ELEMENTS = ("annex_privacy_bijsluiter", "annex_security")
_RISK_ORDER = {"high": 0, "medium": 1, "low": 2}


def review(document: Document, checklist: Checklist, locale: str | None = None) -> Review:
    """Compares a document with the model.

    Reasons and details are in `locale`, or else in the document's own language."""
    layout = segment(document)
    language: Literal["nl", "en"] = (
        "en" if language_of([w for s in layout.sentences for w in s.words]) == "en" else "nl"
    )
    texts_locale = locale or language
    matcher = Matcher(layout)
    located: dict[str, Located | None] = _standard_annexes(checklist, matcher)
    standard_annexes = {found.best.index for found in located.values() if found is not None}
    findings = []
    for element in checklist.elements:
        if element.id not in located:
            located[element.id] = locate(element, matcher, standard_annexes)
        findings.append(_finding(element, located[element.id], matcher, document.pages, texts_locale))
    consistency = check_consistency(checklist, matcher, located, document.pages, texts_locale)
    return Review(pages=document.pages, language=language, elements=findings, consistency=consistency)


def _standard_annexes(checklist: Checklist, matcher: Matcher) -> dict[str, Located | None]:
    """The privacy bijsluiter and the security annex. One annex is either, not both: an annex that
    both would take goes to the one its heading names, else to the one it scores more for, and the
    other looks at the other annexes."""
    elements = [checklist.element(element_id) for element_id in ANNEX_ELEMENTS]
    found = {e.id: locate(e, matcher, set()) for e in elements}
    first, second = (found[e.id] for e in elements)
    if first is not None and second is not None and first.best.index == second.best.index:
        first_keeps = (first.titled, first.score) >= (second.titled, second.score)
        loser = elements[1] if first_keeps else elements[0]
        found[loser.id] = locate(loser, matcher, set(), taken={first.best.index})
    return found


def _finding(element: Element, found: Located | None, matcher: Matcher, pages: int, locale: str) -> Finding:
    layout = matcher.layout
    deviations = _deviations(element, found, matcher)
    if deviations:
        deviations.sort(key=lambda pair: _RISK_ORDER[pair[0].risk])
        first, hit = deviations[0]
        reasons = list(dict.fromkeys(d.reason.get(locale) for d, _ in deviations))
        sentence = layout.sentences[hit.sentence]
        return Finding(
            element.id,
            "deviates",
            first.risk,
            layout.where(sentence, pages),
            quote(sentence, hit.start),
            " ".join(reasons),
        )
    if found is None:
        return Finding(element.id, "missing", element.risk_if_missing, "", "", element.requires.get(locale))
    sentence = layout.sentences[found.sentence]
    return Finding(
        element.id, "present", "low", layout.where(sentence, pages), quote(sentence, found.word), ""
    )


def _deviations(element: Element, found: Located | None, matcher: Matcher) -> list[tuple[Deviation, Hit]]:
    element_sentences = found.sentences if found is not None else []
    in_element = set(element_sentences)
    triggered: list[tuple[Deviation, Hit]] = []
    for deviation in element.deviations:
        hit = _triggered(deviation, found, matcher, element_sentences, in_element)
        if hit is not None and not _cancelled(deviation, matcher):
            triggered.append((deviation, hit))
    return triggered


def _triggered(
    deviation: Deviation,
    found: Located | None,
    matcher: Matcher,
    element_sentences: list[int],
    in_element: set[int],
) -> Hit | None:
    layout = matcher.layout
    excluding = [h for cue in deviation.not_with.cues() for h in matcher.hits(cue)]
    accompanied = {h.sentence for cue in deviation.only_with.cues() for h in matcher.hits(cue)}
    counted: list[Hit] = []
    for cue in deviation.when.cues():
        for hit in matcher.hits(cue):
            if deviation.scope == "element" and hit.sentence not in in_element:
                continue
            if deviation.only_with and hit.sentence not in accompanied:
                continue
            if _qualified(hit, cue, excluding, matcher) or matcher.conditional(hit):
                continue
            if deviation.negatable and matcher.negated(hit, cue):
                continue
            counted.append(hit)
    if counted:
        # where the element itself was found first, then the earliest in the document
        return min(counted, key=lambda h: (h.sentence not in in_element, h.sentence, h.start))
    if deviation.hook is not None and element_sentences:
        index = HOOKS[deviation.hook]([layout.sentences[i].text for i in element_sentences])
        if index is not None:
            return Hit(element_sentences[index], 0, 0)
    if deviation.lacks and found is not None:
        core = set(found.core_sentences)
        present = any(
            h.sentence in core and not matcher.negated(h, cue)
            for cue in deviation.lacks.cues()
            for h in matcher.hits(cue)
        )
        if not present:
            return Hit(found.sentence, found.word, 0)
    return None


# "... whether to notify the authority. X shall not notify them itself": "them" is in the sentence before.
_PLURAL_OBJECTS = frozenset({"them", "hen", "hun", "ze"})


def _qualified(hit: Hit, cue: Cue, excluding: list[Hit], matcher: Matcher) -> bool:
    """Whether a `not_with` match in the hit's sentence qualifies it, or in the sentence before when
    the hit's object is a pronoun for what that sentence names. Words that the `when` pattern
    itself asks for do not: "niet aansprakelijk voor enige schade, direct of indirect" is no mere
    "indirect"."""
    words = matcher.sentence(hit).words
    before = hit.sentence - 1 if _refers_back(matcher, hit) else None
    return any(
        other.sentence == before
        or (other.sentence == hit.sentence and not all(map(cue.asks_for, words[other.start : other.end])))
        for other in excluding
    )


def _refers_back(matcher: Matcher, hit: Hit) -> bool:
    words = matcher.sentence(hit).words
    if hit.sentence == 0 or hit.end >= len(words) or words[hit.end] not in _PLURAL_OBJECTS:
        return False
    sentences = matcher.layout.sentences
    return sentences[hit.sentence - 1].segment == sentences[hit.sentence].segment


def _cancelled(deviation: Deviation, matcher: Matcher) -> bool:
    """A safeguard that counts: not negated, not a mere condition, and no negation later in its
    sentence either ("aanvullende waarborgen ... zijn niet vereist")."""
    return any(
        not matcher.negated(hit, cue) and not matcher.conditional(hit) and not matcher.denied_after(hit)
        for cue in deviation.unless.cues()
        for hit in matcher.hits(cue)
    )
