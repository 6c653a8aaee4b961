"""One generic dialog that runs any of the five steps from its declaration in journey.yaml.

The dialog keeps a bookmark by name (step, question, item), never a waterfall index; the
board's recorded progress is the truth, and a stale bookmark is re-derived from it.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from botbuilder.core import StatePropertyAccessor, TurnContext
from botbuilder.dialogs import Dialog, DialogContext, DialogInstance, DialogTurnResult

from bot.cards import render_card
from bot.content import Content
from bot.onboarding.errors import (
    BoardClaimedElsewhere,
    ConcurrentUpdate,
    InvalidAnswer,
    NoBoardYet,
    UnknownItem,
)
from bot.onboarding.models import Board, StepId, StepStatus
from bot.onboarding.progress import all_done
from bot.onboarding.recorders import BOARD_LINKERS, Answer
from dialogs.activities import card_activity
from dialogs.alert_input import SEND, typed_an_address
from dialogs.alerts import ALERT_SENDERS, AlertDesk
from dialogs.bookmarks import Bookmarks, Position
from dialogs.faq import QuestionDesk
from dialogs.inputs import UserInput
from dialogs.overview import menu_card
from dialogs.questions import Asking, Understood, render_question, reprompt_hint, understand
from dialogs.turn import TurnInfo, turn_info
from dialogs.views import board_view, format_when, step_heading, step_view

log = logging.getLogger(__name__)

_TRAIL_LENGTH = 20
# What a pressed card showed, for a double click or a late click on a card answered by typing.
# Every turn reads and writes these with the dialog state, so only the latest few are kept;
# an older card gets the general "this card is done" notice.
_ANSWERED_KEPT = 12


class JourneyDialog(Dialog):  # type: ignore[misc]
    ID = "journey"

    def __init__(
        self,
        content: Content,
        answered_cards: StatePropertyAccessor,
        desk: QuestionDesk | None = None,
        alerts: AlertDesk | None = None,
    ) -> None:
        super().__init__(self.ID)
        self._content = content
        self._answered = answered_cards
        self._desk = desk
        self._alerts = alerts
        self._bookmarks = Bookmarks(content.journey)

    def _asking(self, turn: TurnInfo, step: StepId, position: Position, board: Board | None) -> Asking:
        question = self._bookmarks.question(position)
        assert question is not None
        return Asking(self._content, turn.locale, step, question, board, position.get("item"))

    async def _render(
        self,
        context: TurnContext,
        asking: Asking,
        prompt_id: str,
        compact: bool = False,
        filled: UserInput | None = None,
    ) -> Any:
        """The question's card; step 4's alert questions carry the people to choose from."""
        fields = None
        if self._alerts is not None and self._alerts.handles(asking.question):
            fields = await self._alerts.picker(context, asking.locale, filled)
        return render_question(asking, prompt_id, compact=compact, fields=fields)

    def _understand(self, asking: Asking, given: UserInput, turn: TurnInfo) -> Understood | None:
        if AlertDesk.handles(asking.question) and typed_an_address(given):
            return Understood(SEND, given.text.strip())  # "Piet Jansen piet@school.nl": alert them
        return understand(asking, given, turn.service.today())

    # botbuilder entry points

    async def begin_dialog(self, dc: DialogContext, options: object = None) -> DialogTurnResult:
        turn = turn_info(dc.context)
        step = StepId((options or {}).get("step", StepId.NUMMERVOORZIENING.value))  # type: ignore[attr-defined]
        dc.active_dialog.state.update({"step": step.value, "trail": []})
        board = await turn.board()
        if board is not None:
            board = await turn.service.touch(turn.speaker, board.id, step)
            turn.remember_board(board)
        return await self._go(dc, self._bookmarks.resolve(step, self._bookmarks.start(), board))

    async def reprompt_dialog(self, context: TurnContext, instance: DialogInstance) -> None:
        """Shows the open question again (after "status" or "help"), still answerable by its card."""
        turn = turn_info(context)
        step = StepId(instance.state["step"])
        board = await turn.board()
        position = instance.state.get("at")
        if not self._bookmarks.still_askable(position, board):
            return
        asking = self._asking(turn, step, position, board)
        card = await self._render(context, asking, instance.state["prompt"], compact=True)
        await context.send_activity(card_activity(card))

    async def continue_dialog(self, dc: DialogContext) -> DialogTurnResult:
        turn = turn_info(dc.context)
        state = dc.active_dialog.state
        given = turn.input
        if given.from_card and given.prompt_id and given.prompt_id != state.get("prompt"):
            await self._answer_stale_card(dc, turn, given.prompt_id)
            return Dialog.end_of_turn
        step = StepId(state["step"])
        board = await turn.board()
        position = state.get("at")
        if not self._bookmarks.still_askable(position, board):
            # The bookmark no longer fits (content was edited, a school was removed): start afresh.
            return await self._go(dc, self._bookmarks.resolve(step, self._bookmarks.start(), board))
        if given.verb == "back":
            return await self._back(dc, turn, step, board)
        asking = self._asking(turn, step, position, board)
        try:
            understood = self._understand(asking, given, turn)
        except InvalidAnswer as problem:
            if await self._interrupted(dc, turn, asking, state["prompt"], free_text=False):
                return Dialog.end_of_turn
            return await self._ask_again(dc, turn, asking, problem.text_key)
        if understood is None:
            if await self._interrupted(dc, turn, asking, state["prompt"], free_text=False):
                return Dialog.end_of_turn
            return await self._ask_again(dc, turn, asking, None)
        # A text prompt accepts most texts, but "wat als ...?" is a question, not a name.
        if asking.question.kind == "text" and await self._interrupted(
            dc, turn, asking, state["prompt"], free_text=True
        ):
            return Dialog.end_of_turn
        try:
            board, item, understood = await self._record(dc, turn, step, asking, understood)
        except (BoardClaimedElsewhere, ConcurrentUpdate, InvalidAnswer) as problem:
            return await self._ask_again(dc, turn, asking, problem.text_key)
        except (UnknownItem, NoBoardYet) as problem:
            await dc.context.send_activity(self._content.text(turn.locale, problem.text_key))
            return await self._go(dc, self._bookmarks.resolve(step, self._bookmarks.step_start(step), board))
        await self._mark_answered(dc, turn, asking, understood, state["prompt"])
        question = asking.question
        target = question.branches.get(understood.value, question.next)
        trail = state.setdefault("trail", [])
        trail.append(position)
        del trail[:-_TRAIL_LENGTH]
        following = {"section": position["section"], "question": target, "item": item}
        return await self._go(dc, self._bookmarks.resolve(step, following, board))

    # what the steps do

    async def _record(
        self, dc: DialogContext, turn: TurnInfo, step: StepId, asking: Asking, understood: Understood
    ) -> tuple[Board | None, str | None, Understood]:
        question = asking.question
        board = asking.board
        item = asking.item
        if question.records in ALERT_SENDERS:
            if understood.value == SEND:
                if self._alerts is None:
                    raise InvalidAnswer("alerts.invalid.unavailable")
                if board is None:
                    raise NoBoardYet()
                audience = ALERT_SENDERS[question.records]
                board, label = await self._alerts.send(dc.context, turn, board, audience, turn.input)
                understood = Understood(understood.value, label, understood.choice)
        elif question.records in BOARD_LINKERS:
            board = await turn.service.identify_board(turn.speaker, understood.value)
            board = await turn.service.touch(turn.speaker, board.id, step)
            turn.remember_board(board)
            await dc.context.send_activity(
                self._content.text(turn.locale, "dialog.board_linked", board=board_view(board))
            )
        elif question.records:
            if board is None:
                raise NoBoardYet()
            outcome = await turn.service.record(
                turn.speaker, board.id, step, question.records, Answer(understood.value, item)
            )
            board = outcome.board
            turn.remember_board(board)
            item = outcome.selected or item
        if question.selects_item and understood.choice and understood.choice.from_board:
            item = understood.value
        return board, item, understood

    async def _go(self, dc: DialogContext, position: Position | None) -> DialogTurnResult:
        turn = turn_info(dc.context)
        step = StepId(dc.active_dialog.state["step"])
        if position is None:
            return await self._finish(dc, turn, step)
        board = await turn.board()
        prompt_id = uuid.uuid4().hex[:16]
        dc.active_dialog.state.update({"at": position, "prompt": prompt_id})
        card = await self._render(dc.context, self._asking(turn, step, position, board), prompt_id)
        await dc.context.send_activity(card_activity(card))
        return Dialog.end_of_turn

    async def _ask_again(
        self, dc: DialogContext, turn: TurnInfo, asking: Asking, problem_key: str | None
    ) -> DialogTurnResult:
        """Says what was wrong and shows the same question again; nothing recorded is lost."""
        hint = reprompt_hint(asking)
        if problem_key:
            message = self._content.text(turn.locale, problem_key)
        else:
            message = self._content.text(turn.locale, "dialog.not_understood", value=hint)
        await dc.context.send_activity(message)
        prompt_id = dc.active_dialog.state["prompt"]
        if turn.input.from_card:
            # The clicked card stays usable, with what was filled in on it.
            turn.invoke_card = await self._render(dc.context, asking, prompt_id, filled=turn.input)
        else:
            card = await self._render(dc.context, asking, prompt_id, compact=True)
            await dc.context.send_activity(card_activity(card))
        return Dialog.end_of_turn

    async def _interrupted(
        self, dc: DialogContext, turn: TurnInfo, asking: Asking, prompt_id: str, free_text: bool
    ) -> bool:
        """A typed question instead of an answer: answered, then the open question is asked again."""
        text = turn.input.text
        if self._desk is None or turn.input.from_card or not text:
            return False
        if not await self._desk.interrupt(dc.context, text, free_text):
            return False
        await dc.context.send_activity(self._content.text(turn.locale, "faq.after_interruption"))
        card = await self._render(dc.context, asking, prompt_id, compact=True)
        await dc.context.send_activity(card_activity(card))
        return True

    async def _back(
        self, dc: DialogContext, turn: TurnInfo, step: StepId, board: Board | None
    ) -> DialogTurnResult:
        trail = dc.active_dialog.state.get("trail", [])
        if not trail:
            await dc.context.send_activity(self._content.text(turn.locale, "dialog.no_previous"))
            return await self._go(dc, dc.active_dialog.state["at"])
        previous = trail.pop()
        if self._bookmarks.still_askable(previous, board):
            return await self._go(dc, previous)  # asked again even if its answer would skip it now
        return await self._go(dc, self._bookmarks.resolve(step, previous, board))

    async def _finish(self, dc: DialogContext, turn: TurnInfo, step: StepId) -> DialogTurnResult:
        board = await turn.board()
        t = self._content.translator(turn.locale)
        view = step_view(self._content, turn.locale, step)
        if board is not None:
            status = board.step(step).status
            if status == StepStatus.DONE:
                await dc.context.send_activity(t("dialog.step_done", step=view))
            else:
                await dc.context.send_activity(
                    t("dialog.step_left", step=view, value=t(f"status.{status.value}"))
                )
            if all_done(board):
                await dc.context.send_activity(t("dialog.all_done"))
        await dc.context.send_activity(card_activity(menu_card(self._content, turn.locale, board, False)))
        return await dc.end_dialog()

    # cards that were answered

    async def _mark_answered(
        self, dc: DialogContext, turn: TurnInfo, asking: Asking, understood: Understood, prompt_id: str
    ) -> None:
        record: dict[str, Any] = {
            "heading": step_heading(self._content, turn.locale, asking.step),
            "prompt": asking.text(asking.question.prompt),
            "answer": understood.label,
            "who": turn.speaker.actor.name,
            "when": format_when(turn.service.now(), turn.locale),
        }
        answered: dict[str, Any] = await self._answered.get(dc.context, dict)
        answered[prompt_id] = record
        for old in list(answered)[:-_ANSWERED_KEPT]:
            del answered[old]
        await self._answered.set(dc.context, answered)
        if turn.input.from_card and asking.question.kind == "info":
            # An explanation stays readable after "Verder"; only its button goes.
            turn.invoke_card = render_question(asking, prompt_id, read_only=True)
        elif turn.input.from_card:
            turn.invoke_card = render_card(self._content, "answered", turn.locale, **record)

    async def _answer_stale_card(self, dc: DialogContext, turn: TurnInfo, prompt_id: str) -> None:
        answered: dict[str, Any] = await self._answered.get(dc.context, dict)
        turn.invoke_card = stale_card(self._content, turn.locale, answered, prompt_id)


def stale_card(content: Content, locale: str, answered: dict[str, Any], prompt_id: str) -> Any:
    """A double click or a click on an old card: show what was recorded, change nothing."""
    if prompt_id in answered:
        return render_card(content, "answered", locale, **answered[prompt_id])
    t = content.translator(locale)
    return render_card(content, "notice", locale, title=t("dialog.stale_card"), text=t("menu.hint"))
