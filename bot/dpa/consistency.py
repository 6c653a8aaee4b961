"""Consistency points: references to articles that do not exist or are about something else,
annexes the text mentions but the document lacks, and a privacy bijsluiter that lacks a part."""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from bot.dpa.matching import Matcher
from bot.dpa.models import Inconsistency
from bot.dpa.patterns import words_of
from bot.dpa.recognition import ClauseScore, Located, score_clauses

if TYPE_CHECKING:
    from bot.dpa.checklist import Checklist


def _words(text: str) -> list[str]:
    return text.split()


_REFERENCE = re.compile(
    r"(?<!\w)(artikel|article|art\.|clause|section|§)\s*(\d+|(?-i:[IVXL]{1,7})\b)((?:\.\d+)*)", re.IGNORECASE
)
_ANNEX_MENTION = re.compile(
    r"(?<![\"“‘'])\b(bijlage|annex|appendix|schedule|exhibit|aanhangsel)\s+([0-9]+[a-z]?|[IVX]+|(?-i:[A-H]))\b(?![\"”’])",
    re.IGNORECASE,
)
# Words after a reference that make it one to another text: "artikel 28 van de AVG".
_ELSEWHERE = frozenset(
    _words(
        "avg gdpr uavg eu verordening regulation intentieverklaring wet wetboek bw richtlijn "
        "directive convenant covenant hoofdovereenkomst dienstenovereenkomst main master "
        "principal service services licentieovereenkomst"
    )
)
_HERE = frozenset(["deze", "this", "verwerkersovereenkomst", "dpa"])
_CONJUNCTIONS = frozenset(["en", "of", "and", "or"])
_LIST_GLUE = re.compile(r"\s*(,|;|en|of|and|or|&|tot en met|to)?\s*", re.IGNORECASE)
_LAW_BEFORE = 4  # "de AVG ... (artikel 82)": a law named this close before a reference is what it refers to
# The elements a reference can be "about"; parties, roles and the like are too general to tell.
_TOPICAL = (
    "purpose_limitation",
    "confidentiality",
    "security_measures",
    "audit",
    "breach_notification",
    "data_subject_rights",
    "transfers_outside_eea",
    "subprocessors",
    "retention_and_deletion",
    "liability",
)
_WINDOW_BEFORE = 6
_WINDOW_AFTER = 12
_MIN_ANNEX_WORDS = 15
_MAX_LABEL_WORDS = 6


def check_consistency(
    checklist: Checklist, matcher: Matcher, located: dict[str, Located | None], pages: int, locale: str
) -> list[Inconsistency]:
    return [
        *_cross_references(checklist, matcher, located, pages, locale),
        *_missing_annexes(checklist, matcher, pages, locale),
        *_bijsluiter_parts(checklist, matcher, located, locale),
    ]


def _cross_references(
    checklist: Checklist, matcher: Matcher, located: dict[str, Located | None], pages: int, locale: str
) -> list[Inconsistency]:
    layout = matcher.layout
    articles = {s.number: s for s in reversed(layout.segments) if s.kind == "article" and s.number}
    if len(articles) < 3:
        return []  # no numbered articles to refer to
    texts = checklist.consistency
    topics = [checklist.element(e) for e in _TOPICAL]
    topic_cues = {e.id: [*e.recognised_by.headings.cues(), *e.recognised_by.strong.cues()] for e in topics}
    scores = {e.id: score_clauses(e, matcher) for e in topics}
    found: list[Inconsistency] = []
    for sentence in layout.sentences:
        matches = list(_REFERENCE.finditer(sentence.text))
        listed = _listed(sentence.text, matches)
        for match in matches:
            after = words_of(sentence.text[match.end() :])[:10]
            elsewhere = next((i for i, w in enumerate(after) if w in _ELSEWHERE), None)
            here = next((i for i, w in enumerate(after) if w in _HERE), None)
            if elsewhere is not None and (here is None or here > elsewhere):
                continue
            law_before = _ELSEWHERE.intersection(words_of(sentence.text[: match.start()])[-_LAW_BEFORE:])
            if here is None and law_before:
                continue  # "zoals de AVG dat regelt (artikel 82)"
            number = match.group(2)
            target_label = f"{match.group(1).rstrip('.').lower()} {number}{match.group(3)}"
            where = layout.where(sentence, pages)
            label = layout.where(sentence, 1, titled=False)
            target = articles.get(number)
            if target is None:
                detail = texts.reference_missing.get(locale).format(where=label, target=target_label)
                found.append(Inconsistency("cross_reference", where, detail))
                continue
            if target.index == sentence.segment or match.start() in listed:
                continue  # "this Clause 4" in clause 4; "(§ 5 en § 11)" pairs topics we cannot tell apart
            before = _own_phrase(words_of(sentence.text[: match.start()])[-_WINDOW_BEFORE:])
            window = [*before, *words_of(sentence.text[match.end() :])[:_WINDOW_AFTER]]
            meant = [e for e in topics if any(c.search(window) is not None for c in topic_cues[e.id])]
            if not meant or any(_touches(scores[e.id], target.index) for e in meant):
                continue
            actual = [
                e for e in topics if (loc := located.get(e.id)) is not None and loc.best.index == target.index
            ]
            if not actual:
                continue
            detail = texts.reference_topic.get(locale).format(
                where=label,
                target=target_label,
                topic=meant[0].label.get(locale).lower(),
                actual=actual[0].label.get(locale).lower(),
            )
            found.append(Inconsistency("cross_reference", where, detail))
    return found


def _listed(text: str, matches: list[re.Match[str]]) -> set[int]:
    """Where the references that stand in a list of references ("§ 5 en § 11") start."""
    listed: set[int] = set()
    for first, second in itertools.pairwise(matches):
        if _LIST_GLUE.fullmatch(text[first.end() : second.start()]):
            listed.update((first.start(), second.start()))
    return listed


def _own_phrase(before: list[str]) -> list[str]:
    """The words before a reference from the last "en"/"and" on: in "de geheimhouding en de
    verplichtingen uit artikel 12" the reference is about the obligations, not the secrecy."""
    cut = max((i + 1 for i, w in enumerate(before) if w in _CONJUNCTIONS), default=0)
    return before[cut:]


def _touches(scores: dict[int, ClauseScore], segment: int) -> bool:
    score = scores.get(segment)
    return score is not None and score.total > 0


def _annex_key(number: str) -> str:
    return number.upper()


def _missing_annexes(checklist: Checklist, matcher: Matcher, pages: int, locale: str) -> list[Inconsistency]:
    layout = matcher.layout
    present = {
        _annex_key(s.number)
        for s in layout.segments
        if s.kind == "annex"
        and s.number
        and sum(len(layout.sentences[i].words) for i in s.sentences) >= _MIN_ANNEX_WORDS
    }
    reported: set[str] = set()
    found: list[Inconsistency] = []
    for sentence in layout.sentences:
        for match in _ANNEX_MENTION.finditer(sentence.text):
            key = _annex_key(match.group(2))
            if key in present or key in reported:
                continue
            reported.add(key)
            annex = f"{match.group(1).capitalize()} {match.group(2)}"
            detail = checklist.consistency.missing_annex.get(locale).format(annex=annex)
            found.append(Inconsistency("missing_annex", layout.where(sentence, pages), detail))
    return found


def _bijsluiter_parts(
    checklist: Checklist, matcher: Matcher, located: dict[str, Located | None], locale: str
) -> list[Inconsistency]:
    bijsluiter = located.get("annex_privacy_bijsluiter")
    if bijsluiter is None:
        return []
    segment = bijsluiter.best
    sentences = set(segment.sentences)
    heading = segment.heading_words
    labelled = _labelled_entries(matcher, segment.sentences)
    found: list[Inconsistency] = []
    for part in checklist.bijsluiter_parts:
        cues = part.patterns.cues()
        if any(h.sentence in sentences for c in cues for h in matcher.hits(c)):
            continue
        if any(c.search(words) is not None for c in cues for words in (heading, *labelled)):
            continue
        detail = checklist.consistency.bijsluiter_part.get(locale).format(part=part.label.get(locale))
        found.append(Inconsistency("bijsluiter_part", segment.label, detail))
    return found


def _labelled_entries(matcher: Matcher, sentences: list[int]) -> list[list[str]]:
    """A field label or a sub-heading and its first entry read together: "Persoonsgegevens:" +
    "studenten: naam, ...", or the sub-heading "Persoonsgegevens" + "leerling: voornaam, ..."."""
    layout = matcher.layout
    joined = []
    for position, index in enumerate(sentences[:-1]):
        label = layout.sentences[index]
        is_label = label.text.rstrip().endswith(":") or label.text.strip() == label.sub.strip()
        if is_label and len(label.words) <= _MAX_LABEL_WORDS:
            joined.append([*label.words, *layout.sentences[sentences[position + 1]].words])
    return joined
