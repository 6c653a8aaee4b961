"""The shape of every content file, strict: a wrong type or an unknown field is an error."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, StrictStr, field_validator

QuestionKind = Literal["info", "yes_no", "choice", "text", "date"]
LOCALES: tuple[str, ...] = ("nl", "en")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class LocalText(Strict):
    """A text in both of the product's languages (content files that hold their own texts)."""

    nl: StrictStr = Field(min_length=1)
    en: StrictStr = Field(min_length=1)

    def get(self, locale: str) -> str:
        return self.en if locale == "en" else self.nl


class Option(Strict):
    value: StrictStr
    label: StrictStr  # text key


class Question(Strict):
    id: StrictStr
    kind: QuestionKind
    prompt: StrictStr  # text key
    detail: StrictStr | None = None  # text key: a longer explanation under the prompt
    body: StrictStr | None = None  # a card part template shown under the prompt
    links: list[StrictStr] = Field(default_factory=list)  # ids in links.yaml
    options: list[Option] = Field(default_factory=list)
    options_from: StrictStr | None = None  # a named option provider
    validate_with: StrictStr | None = Field(default=None, alias="validate")
    records: StrictStr | None = None  # a named recorder
    selects_item: bool = False  # the answer picks the school or agreement later questions are about
    needs_item: bool = False
    skip_if: StrictStr | None = None  # a named fact
    skip_to: StrictStr | None = None  # where a skipped question hands over; else the next one declared
    branches: dict[StrictStr, StrictStr] = Field(default_factory=dict)  # answer value -> question id
    next: StrictStr = "end"


class Step(Strict):
    id: StrictStr
    title: StrictStr  # text key
    summary: StrictStr  # text key
    questions: list[Question]
    done_when: list[StrictStr]
    waiting_when: list[StrictStr] = Field(default_factory=list)

    @field_validator("questions")
    @classmethod
    def _not_empty(cls, questions: list[Question]) -> list[Question]:
        if not questions:
            raise ValueError("a step needs at least one question")
        return questions

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


class Journey(Strict):
    prelude: list[Question]  # asked before any step while the conversation has no board yet
    steps: list[Step]

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)


class Supplier(Strict):
    id: StrictStr
    name: StrictStr
    company: StrictStr
    systems: list[StrictStr]
    aliases: list[StrictStr]  # what people type for it, lower case
    email: StrictStr | None = None
    phone: StrictStr | None = None
    web: HttpUrl | None = None
    info_url: HttpUrl | None = None
    notes: StrictStr | None = None  # text key
    source: StrictStr
    source_date: StrictStr  # the year or date of the source the details come from
    last_checked: date

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)


class SupplierDirectory(Strict):
    nummervoorziening_name: StrictStr
    suppliers: list[Supplier]
    fallback: Supplier  # for a LAS that is not listed

    def by_id(self, supplier_id: str) -> Supplier | None:
        if supplier_id == self.fallback.id:
            return self.fallback
        return next((s for s in self.suppliers if s.id == supplier_id), None)


class Link(Strict):
    id: StrictStr
    url: HttpUrl
    label: StrictStr  # text key
    source: StrictStr
    last_checked: date

    model_config = ConfigDict(extra="forbid", strict=False, frozen=True)


class LinkList(Strict):
    links: list[Link]


class Vocabulary(Strict):
    """Words people type, per locale: commands, and the answers that buttons also give."""

    commands: dict[StrictStr, list[StrictStr]]
    answers: dict[StrictStr, list[StrictStr]]
    steps: dict[StrictStr, list[StrictStr]]


class CardSpec(Strict):
    name: StrictStr
    variables: list[StrictStr]


class CardList(Strict):
    cards: list[CardSpec]
