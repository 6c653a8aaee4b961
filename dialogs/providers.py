"""Named option providers: the answers that depend on the board (its schools, suppliers, agreements)."""

from __future__ import annotations

from collections.abc import Callable

from bot.content import Content
from bot.onboarding.models import Board, StepId
from bot.onboarding.recorders import OTHER_LAS
from dialogs.inputs import Choice
from dialogs.views import agreement_view, school_view, supplier_for_school

Provider = Callable[[Content, str, Board, StepId], list[Choice]]


def schools(content: Content, locale: str, board: Board, step: StepId) -> list[Choice]:
    choices = []
    for school in board.schools:
        state = None
        if step == StepId.LAS:
            if school.las == OTHER_LAS:
                state = content.text(locale, "checklist.school_waiting")
            elif (supplier := supplier_for_school(content, school)) is not None:
                state = supplier.name
            else:
                state = content.text(locale, "checklist.school_las_open")
        title = content.text(locale, "option.school", school=school_view(school), value=state)
        aliases = (school.brin, school.name) if school.name else (school.brin,)
        choices.append(Choice(school.brin, title, aliases, from_board=True))
    return choices


def las_suppliers(content: Content, locale: str, board: Board, step: StepId) -> list[Choice]:
    other_words = tuple(content.words(locale).answers.get(OTHER_LAS, []))
    choices = [Choice(s.id, s.name, tuple(s.aliases) + tuple(s.systems)) for s in content.suppliers.suppliers]
    choices.append(Choice(OTHER_LAS, content.text(locale, "option.other_las"), other_words))
    return choices


def agreements(content: Content, locale: str, board: Board, step: StepId) -> list[Choice]:
    return [
        Choice(
            a.id,
            content.text(
                locale,
                "option.agreement",
                agreement=agreement_view(a),
                value=content.text(locale, f"agreement_state.{a.state.value}"),
            ),
            (a.supplier_name,),
            from_board=True,
        )
        for a in board.agreements
    ]


PROVIDERS: dict[str, Provider] = {
    "schools": schools,
    "las_suppliers": las_suppliers,
    "agreements": agreements,
}
