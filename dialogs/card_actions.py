"""Card buttons that record a fact in one click, outside a running step (Action.Execute / Submit).

Each is idempotent: a double click, or a click on an old card, records nothing twice and shows
the card as it was recorded.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from bot.cards import render_card
from bot.content import Content
from bot.onboarding.errors import InvalidAnswer, NoBoardYet
from bot.onboarding.models import Board, StepId
from bot.onboarding.recorders import Answer
from bot.onboarding.validators import past_date
from dialogs.turn import TurnInfo
from dialogs.views import format_date, format_when, person_name, step_heading, supplier_view


@dataclass(frozen=True)
class ActionResult:
    card: Any
    board: Board


Action = Callable[[Content, TurnInfo, Board], Awaitable[ActionResult]]


def _answered(
    content: Content, turn: TurnInfo, step: StepId, prompt: str, answer: str, by: str, at: Any
) -> Any:
    return render_card(
        content,
        "answered",
        turn.locale,
        heading=step_heading(content, turn.locale, step),
        prompt=prompt,
        answer=answer,
        who=by,
        when=format_when(at, turn.locale),
    )


def _field(turn: TurnInfo, name: str) -> str:
    value = turn.input.field(name)
    if not value:
        raise InvalidAnswer("invalid.choice")
    return value


async def registered(content: Content, turn: TurnInfo, board: Board) -> ActionResult:
    """step1.registered {registeredOn}: the board registered with Nummervoorziening on that day."""
    on = past_date(_field(turn, "registeredOn"), turn.service.today())
    t = content.translator(turn.locale)
    current = board.registration
    if not (
        current and current.registered and current.registered_on and current.registered_on.isoformat() == on
    ):
        step = StepId.NUMMERVOORZIENING
        board = (
            await turn.service.record(turn.speaker, board.id, step, "set_registration", Answer("yes"))
        ).board
        board = (
            await turn.service.record(turn.speaker, board.id, step, "set_registration_date", Answer(on))
        ).board
    said = board.registration
    assert said is not None and said.registered_on is not None
    card = _answered(
        content,
        turn,
        StepId.NUMMERVOORZIENING,
        t("step1.registered.prompt"),
        t(
            "checklist.registered",
            when=format_date(said.registered_on, turn.locale),
            who=person_name(content, turn.locale, said.said.by),
        ),
        person_name(content, turn.locale, said.said.by),
        said.said.at,
    )
    return ActionResult(card, board)


async def school_supplier(content: Content, turn: TurnInfo, board: Board) -> ActionResult:
    """step2.supplier {school, las}: this school uses that pupil administration system."""
    brin, las = _field(turn, "school").upper(), _field(turn, "las")
    school = board.school(brin)
    if school is None:
        raise InvalidAnswer("error.unknown_item")
    if school.las != las:
        outcome = await turn.service.record(
            turn.speaker, board.id, StepId.LAS, "set_school_las", Answer(las, brin)
        )
        board = outcome.board
    school = board.school(brin)
    assert school is not None
    supplier = content.suppliers.by_id(las) or content.suppliers.fallback
    name = (supplier_view(content, turn.locale, supplier) or {}).get("name", las)
    events = await turn.service.history(turn.speaker, board.id, limit=50)
    chosen = next(
        (e for e in reversed(events) if e.kind == "step2.las" and e.data.get("brin") == brin),
        None,
    )
    card = _answered(
        content,
        turn,
        StepId.LAS,
        content.text(turn.locale, "step2.school_las.prompt", school={"name": school.name, "brin": brin}),
        name,
        person_name(content, turn.locale, chosen.actor_name) if chosen else turn.speaker.actor.name,
        chosen.at if chosen else turn.service.now(),
    )
    return ActionResult(card, board)


CARD_ACTIONS: dict[str, Action] = {
    "step1.registered": registered,
    "step2.supplier": school_supplier,
}


def board_matches(turn: TurnInfo, board: Board | None) -> Board:
    """A card names its board; a card of another board (forwarded, forged) changes nothing."""
    if board is None:
        raise NoBoardYet()
    named = turn.input.field("boardId")
    if named is not None and named not in (board.bg_number, board.id):
        raise NoBoardYet()
    return board
