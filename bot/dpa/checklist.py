"""content/dpa/checklist.yaml: what the model agreement requires, and how the review recognises it.

Loaded and validated once at start-up: the 17 element ids exactly, texts in nl and en, every
pattern compiles, every hook exists, and every element's article exists in the model agreement
(content/dpa/model_articles.yaml, derived from the model once).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, StrictBool, StrictInt, StrictStr, field_validator

from bot.content import ContentError, load_model
from bot.content_models import LocalText, Strict
from bot.dpa.patterns import Cue, PatternError, compile_cue
from bot.dpa.signals import HOOKS

ELEMENT_IDS: tuple[str, ...] = (
    "parties",
    "subject",
    "roles",
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
    "precedence",
    "duration_and_termination",
    "annex_privacy_bijsluiter",
    "annex_security",
)
CHECKLIST_FILE = Path("dpa") / "checklist.yaml"
ARTICLES_FILE = Path("dpa") / "model_articles.yaml"
RiskLevel = Literal["low", "medium", "high"]


class Patterns(Strict):
    """Cue patterns per language (see bot/dpa/patterns.py); both languages are tried on any text."""

    nl: list[StrictStr] = Field(default_factory=list)
    en: list[StrictStr] = Field(default_factory=list)

    @field_validator("nl", "en")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                compile_cue(pattern)
            except PatternError as error:
                raise ValueError(str(error)) from None
        return patterns

    def cues(self) -> list[Cue]:
        return [compile_cue(p) for p in (*self.nl, *self.en)]

    def __bool__(self) -> bool:
        return bool(self.nl or self.en)


class Recognition(Strict):
    headings: Patterns = Field(default_factory=Patterns)  # matched on a clause's heading: 2 points
    strong: Patterns = Field(default_factory=Patterns)  # a phrase that says it outright: 2 points
    phrases: Patterns = Field(default_factory=Patterns)  # a phrase that hints at it: 1 point
    min_score: StrictInt = Field(default=2, ge=1, le=20)  # points one clause needs to count as found
    in_annex: StrictBool = False  # only an annex (bijlage, annex, appendix, schedule) counts


class Deviation(Strict):
    id: StrictStr = Field(pattern=r"^[a-z][a-z0-9_]*$")
    risk: RiskLevel
    scope: Literal["element", "document"] = "element"  # where `when` is looked for
    when: Patterns = Field(default_factory=Patterns)  # a match that is not negated is the deviation
    negatable: StrictBool = (
        True  # "niet", "geen", "not" before `when` cancel it (unless an exception follows)
    )
    lacks: Patterns = Field(default_factory=Patterns)  # the element found without any of these: deviation
    unless: Patterns = Field(default_factory=Patterns)  # any of these anywhere (not negated) cancels it
    not_with: Patterns = Field(
        default_factory=Patterns
    )  # a `when` match in a sentence with one of these does not count
    only_with: Patterns = Field(
        default_factory=Patterns
    )  # when given, a `when` match counts only in a sentence that also has one of these
    hook: StrictStr | None = None  # a named check in bot/dpa/signals.py
    reason: LocalText

    @field_validator("hook")
    @classmethod
    def _known_hook(cls, hook: str | None) -> str | None:
        if hook is not None and hook not in HOOKS:
            raise ValueError(f"no hook named {hook!r}; known: {', '.join(sorted(HOOKS))}")
        return hook


class Element(Strict):
    id: StrictStr
    label: LocalText  # a short name for the card: "Datalekken melden"
    article: StrictStr = Field(min_length=1)  # the model's article ("7") or annex ("Bijlage 1")
    requires: LocalText
    why: LocalText
    risk_if_missing: RiskLevel
    recognised_by: Recognition
    deviations: list[Deviation] = Field(default_factory=list)


class BijsluiterPart(Strict):
    id: StrictStr
    label: LocalText
    patterns: Patterns


class ConsistencyTexts(Strict):
    """Texts for consistency points; {where}, {target}, {topic}, {actual}, {annex}, {part} are filled in."""

    reference_missing: LocalText  # {where} refers to {target}, which does not exist
    reference_topic: LocalText  # {where} refers to {target} for {topic}, but {target} is about {actual}
    missing_annex: LocalText  # the text mentions {annex}, which is not in the document
    bijsluiter_part: LocalText  # the privacy bijsluiter has no {part}


class Checklist(Strict):
    elements: list[Element]
    bijsluiter_parts: list[BijsluiterPart] = Field(min_length=1)
    consistency: ConsistencyTexts

    def element(self, element_id: str) -> Element:
        return next(e for e in self.elements if e.id == element_id)


class ModelArticles(Strict):
    """content/dpa/model_articles.yaml: the model's article numbers and annex numbers."""

    source: StrictStr
    preamble: StrictStr  # what the model calls the part before its articles, for the parties: "Aanhef"
    articles: dict[StrictStr, StrictStr]  # "7": "Inbreuken in verband met persoonsgegevens"
    annexes: dict[StrictStr, StrictStr]  # "1": "Privacy Bijsluiter"

    def has(self, reference: str) -> bool:
        """ "7", "7.2" (the article counts) or "Bijlage 1"."""
        text = reference.strip()
        lowered = text.lower()
        if lowered == self.preamble.lower():
            return True
        if lowered.startswith("bijlage"):
            return text[len("bijlage") :].strip() in self.annexes
        return text.split(".")[0] in self.articles


_MODEL_ARTICLE = re.compile(r"^Artikel (\d+): (.+?)\s*$", re.MULTILINE)
_MODEL_ANNEX = re.compile(r"^Bijlage (\d+): (.+?)\s*$", re.MULTILINE)


def articles_in_model(text: str) -> tuple[dict[str, str], dict[str, str]]:
    """The model agreement's "Artikel N: ..." and "Bijlage N: ..." headings (first of each number),
    as content/dpa/model_articles.yaml records them."""
    articles: dict[str, str] = {}
    annexes: dict[str, str] = {}
    for match in _MODEL_ARTICLE.finditer(text):
        articles.setdefault(match.group(1), match.group(2))
    for match in _MODEL_ANNEX.finditer(text):
        annexes.setdefault(match.group(1), match.group(2))
    return articles, annexes


def load_checklist(content_dir: Path) -> Checklist:
    """The checklist, validated; raises ContentError naming the file and the field of each problem."""
    articles = load_model(content_dir / ARTICLES_FILE, ModelArticles, content_dir)
    checklist = load_model(content_dir / CHECKLIST_FILE, Checklist, content_dir)
    problems = check_checklist(checklist, articles)
    if problems:
        raise ContentError(problems)
    return checklist


def check_checklist(checklist: Checklist, articles: ModelArticles) -> list[str]:
    name = f"content/{CHECKLIST_FILE.as_posix()}"
    problems: list[str] = []
    seen: set[str] = set()
    for number, element in enumerate(checklist.elements):
        where = f"{name}: elements.{number}({element.id})"
        if element.id in seen:
            problems.append(f"{where}.id: used more than once")
        seen.add(element.id)
        if element.id not in ELEMENT_IDS:
            problems.append(f"{where}.id: not one of the fixed element ids ({', '.join(ELEMENT_IDS)})")
        if not articles.has(element.article):
            problems.append(f"{where}.article: the model has no article or annex {element.article!r}")
        recognition = element.recognised_by
        if not (recognition.headings or recognition.strong or recognition.phrases):
            problems.append(f"{where}.recognised_by: needs headings, strong or phrases")
        deviation_ids: set[str] = set()
        for index, deviation in enumerate(element.deviations):
            field = f"{where}.deviations.{index}({deviation.id})"
            if deviation.id in deviation_ids:
                problems.append(f"{field}.id: used more than once in this element")
            deviation_ids.add(deviation.id)
            if not (deviation.when or deviation.lacks or deviation.hook):
                problems.append(f"{field}: needs when, lacks or hook")
    missing = [i for i in ELEMENT_IDS if i not in seen]
    if missing:
        problems.append(f"{name}: elements: missing the element ids {', '.join(missing)}")
    return problems
