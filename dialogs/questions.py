"""Renders a question of journey.yaml as a card, and understands the answer to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.cards import render_card
from bot.content import Content
from bot.content_models import Question
from bot.onboarding.models import Agreement, Board, School, StepId
from bot.onboarding.validators import VALIDATORS
from dialogs.inputs import Choice, UserInput, match_choice
from dialogs.parts import PartContext, render_part
from dialogs.providers import PROVIDERS
from dialogs.views import (
    agreement_view,
    board_view,
    format_date,
    school_view,
    step_heading,
    supplier_for_school,
    supplier_view,
)

CONTINUE = "continue"
_MAX_BUTTONS = 4


@dataclass(frozen=True)
class Asking:
    """Everything needed to put one question to the user."""

    content: Content
    locale: str
    step: StepId
    question: Question
    board: Board | None
    item: str | None

    @property
    def school(self) -> School | None:
        return self.board.school(self.item) if self.board and self.item else None

    @property
    def agreement(self) -> Agreement | None:
        return self.board.agreement(self.item) if self.board and self.item else None

    def text_variables(self) -> dict[str, Any]:
        supplier = supplier_for_school(self.content, self.school)
        return {
            "board": board_view(self.board),
            "school": school_view(self.school),
            "agreement": agreement_view(self.agreement),
            "supplier": supplier_view(self.content, self.locale, supplier),
        }

    def text(self, key: str) -> str:
        return self.content.text(self.locale, key, **self.text_variables())

    def _words(self, value: str) -> tuple[str, ...]:
        return tuple(self.content.words(self.locale).answers.get(value, []))

    def choices(self) -> list[Choice]:
        q = self.question
        if q.kind == "info":
            words = self._words(CONTINUE) + self._words("yes")
            return [Choice(CONTINUE, self.content.text(self.locale, "answer.continue"), words)]
        found: list[Choice] = []
        if q.options_from and self.board is not None:
            found += PROVIDERS[q.options_from](self.content, self.locale, self.board, self.step)
        found += [
            Choice(o.value, self.content.text(self.locale, o.label), self._words(o.value)) for o in q.options
        ]
        return found


def render_question(
    asking: Asking,
    prompt_id: str,
    read_only: bool = False,
    compact: bool = False,
    fields: list[Any] | None = None,
) -> Any:
    """The question as a card.

    read_only keeps its text and links but offers no answer (it was answered); compact leaves
    out the explanation, for asking again after an interruption such as "status". FIELDS are
    card elements the answer buttons send along (step 4's people to alert).
    """
    q = asking.question
    choices = asking.choices() if q.kind in ("info", "yes_no", "choice") and not read_only else []
    t = asking.content.translator(asking.locale)
    parts: list[Any] = []
    if q.body and not compact:
        context = PartContext(asking.content, asking.locale, asking.board, asking.school, asking.agreement)
        parts = render_part(q.body, context)
    if fields and not read_only:
        parts = parts + fields
    input_field = None
    if read_only:
        pass
    elif q.kind == "text":
        input_field = {
            "kind": "text",
            "label": t("card.input_label"),
            "placeholder": t("card.input_placeholder"),
            "error": t("card.input_error"),
        }
    elif q.kind == "date":
        input_field = {"kind": "date", "label": t("card.date_label"), "error": t("card.date_error")}
    links = (
        [
            {"title": t(link.label), "url": str(link.url)}
            for link in (asking.content.link(link_id) for link_id in q.links)
        ]
        if not compact
        else []
    )
    return render_card(
        asking.content,
        "question",
        asking.locale,
        heading=step_heading(asking.content, asking.locale, asking.step),
        prompt=asking.text(q.prompt),
        detail=asking.text(q.detail) if q.detail and not compact else None,
        parts=parts,
        links=links,
        options=[{"title": c.title, "value": c.value} for c in choices],
        choice_style="buttons" if len(choices) <= _MAX_BUTTONS else "list",
        input=input_field,
        late={"prompt_id": prompt_id},
    )


@dataclass(frozen=True)
class Understood:
    value: str
    label: str  # what the answered card shows
    choice: Choice | None = None


def understand(asking: Asking, given: UserInput, today: date) -> Understood | None:
    """The answer the input gives to the question, or None when it does not answer it.

    Raises InvalidAnswer when it is an answer, but not a valid one (a wrong BRIN code).
    """
    q = asking.question
    if q.kind in ("info", "yes_no", "choice"):
        choices = asking.choices()
        clicked = given.field("value")
        if clicked is not None:
            choice = next((c for c in choices if c.value == clicked), None)
        else:
            choice = match_choice(given.text, choices)
        if choice is None:
            return None
        return Understood(choice.value, choice.title, choice)
    raw = given.field("text") if given.from_card else given.text
    if raw is None or not raw.strip():
        return None
    value = raw.strip()
    if q.validate_with:
        value = VALIDATORS[q.validate_with](value, today)
    label = format_date(date.fromisoformat(value), asking.locale) if q.kind == "date" else value
    return Understood(value, label)


def reprompt_hint(asking: Asking) -> str:
    kind = asking.question.kind
    key = {"info": "dialog.continue_hint", "text": "dialog.text_hint", "date": "dialog.text_hint"}
    return asking.content.text(asking.locale, key.get(kind, "dialog.choose_hint"))
