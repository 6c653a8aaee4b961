"""The turn handler: welcome, commands, and routing a turn to the journey dialog or a card action."""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

from botbuilder.core import (
    ActivityHandler,
    ConversationState,
    InvokeResponse,
    MessageFactory,
    TurnContext,
)
from botbuilder.dialogs import DialogTurnStatus
from botbuilder.schema import ChannelAccount

from bot.content import Content
from bot.coordination.service import CoordinatorService
from bot.helpdesk.errors import HelpdeskError
from bot.helpdesk.service import HelpdeskService
from bot.helpdesk_turns import HelpdeskTurns
from bot.invoke_responses import CARD_RESPONSE, MESSAGE_RESPONSE, card_response, message_response
from bot.onboarding.errors import OnboardingError
from bot.onboarding.keyed_locks import KeyedLocks
from bot.onboarding.models import StepId
from bot.onboarding.service import OnboardingService
from bot.privacy.service import PersonalDataService
from bot.proactive import reference_of
from bot.storage.protocol import Store
from bot.turn_context import deliver
from bot.turns import (
    CoordinatorRoles,
    Reachability,
    ReferenceStore,
    input_of,
    locale_of,
    scope_of,
    speaker_of,
    welcome_key,
)
from dialogs.activities import card_activity
from dialogs.alert_cards import READ_VERB
from dialogs.alerts import AlertDesk, AlertStore
from dialogs.card_actions import CARD_ACTIONS, board_matches
from dialogs.coordination import COMMANDS as COORDINATION_COMMANDS
from dialogs.coordination import VERBS as COORDINATION_VERBS
from dialogs.coordination import CoordinationDesk, Reply, command_with_argument
from dialogs.dialog_set import LeanDialogSet
from dialogs.faq import QuestionDesk
from dialogs.helpdesk_actions import HELPDESK_ACTIONS
from dialogs.history import history_card
from dialogs.inputs import match_words
from dialogs.journey import JourneyDialog, stale_card
from dialogs.overview import checklist_card, menu_card
from dialogs.privacy import COMMANDS as PRIVACY_COMMANDS
from dialogs.privacy import CONFIRMED_COMMANDS as PRIVACY_CONFIRMED
from dialogs.privacy import VERBS as PRIVACY_VERBS
from dialogs.privacy import PrivacyDesk, PrivacyReply
from dialogs.reminders import REMINDER_COMMANDS, ReminderChoices, choose_reminders
from dialogs.turn import TURN_KEY, TurnInfo
from dialogs.views import step_view

if TYPE_CHECKING:
    from dialogs.dpa_review import DpaDesk  # built by the composition root, with the checklist

log = logging.getLogger(__name__)

_WELCOMED_REMEMBERED = 10_000


class OutboxStore(AlertStore, ReferenceStore, ReminderChoices, Protocol):
    """The outbox store as the turn handler uses it (bot/storage/outbox_sql.py)."""


class OnboardingBot(ActivityHandler):  # type: ignore[misc]
    def __init__(
        self,
        content: Content,
        service: OnboardingService,
        store: Store,
        conversation_state: ConversationState,
        helpdesk: HelpdeskService,
        desk: QuestionDesk,
        coordination: CoordinatorService,
        app_id: str = "",
        public_url: str = "",
        link_minutes: int = 10,
        outbox: OutboxStore | None = None,
        privacy: PersonalDataService | None = None,
        dpa: DpaDesk | None = None,
    ) -> None:
        self._content = content
        self._service = service
        self._store = store
        self._state = conversation_state
        self._helpdesk = helpdesk
        self._desk = desk
        self._helpdesk_turns = HelpdeskTurns(content, helpdesk, coordination, app_id)
        self._roles = CoordinatorRoles(coordination)
        self._coordinators = coordination
        self._coordination = CoordinationDesk(content, coordination, public_url, link_minutes)
        self._answered = conversation_state.create_property("answered_cards")
        self._dialogs = LeanDialogSet(conversation_state.create_property("dialog_state"))
        # Without an outbox (a set-up that sends nothing on its own) step 4 is recorded by hand.
        self._alerts = AlertDesk(content, outbox, store.get_board) if outbox is not None else None
        self._reachability = Reachability(outbox) if outbox is not None else None
        self._outbox = outbox
        self._privacy = (
            PrivacyDesk(content, privacy, public_url, link_minutes) if privacy is not None else None
        )
        # Without a desk (no checklist loaded) files are not reviewed, and are left alone.
        self._dpa = dpa
        self._dpa_state = conversation_state.create_property("dpa_review")
        self._dialogs.add(JourneyDialog(content, self._answered, desk, self._alerts))
        self._conversation_lock = KeyedLocks()
        self._welcomed: OrderedDict[str, None] = OrderedDict()

    async def on_turn(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        coordinator = await self._roles.identity_of(turn_context)
        speaker = speaker_of(activity)
        turn = turn_context.turn_state[TURN_KEY] = TurnInfo(
            locale=locale_of(activity),
            speaker=speaker,
            input=input_of(activity),
            service=self._service,
            helpdesk=self._helpdesk,
            is_coordinator=coordinator is not None,
            coordinator=coordinator,
            # Someone answers what the knowledge base cannot: a coordinator of the asker's program.
            can_escalate=bool(
                await self._coordinators.identities_of_program(
                    self._coordinators.program_of_tenant(speaker.tenant_id)
                )
            ),
        )
        await self._helpdesk_turns.remember_coordinator(turn_context, turn)
        # One turn at a time per conversation: a double click arrives as two requests at once,
        # and the second must see what the first recorded.
        async with self._conversation_lock(activity.conversation.id if activity.conversation else ""):
            await super().on_turn(turn_context)
            # Delivered before saving: if Teams cannot be reached, the step does not move on.
            await deliver(turn_context)
            await self._state.save_changes(turn_context)
        await self._remember_reachable(turn_context, turn)

    async def _remember_reachable(self, turn_context: TurnContext, turn: TurnInfo) -> None:
        """A board member's personal chat, saved for reminders (once per person per process)."""
        if self._reachability is None or turn_context.activity.type not in ("message", "invoke"):
            return
        board = turn.known_board()  # only if this turn read it anyway: no extra query
        await self._reachability.remember(
            turn_context.activity, turn.speaker.actor.key, board is not None, self._service.now()
        )

    def _t(self, turn_context: TurnContext, key: str, **variables: Any) -> str:
        locale: str = turn_context.turn_state[TURN_KEY].locale
        return self._content.text(locale, key, **variables)

    # welcome

    async def _welcome(self, turn_context: TurnContext) -> bool:
        """Sends the welcome once per person (or per team, or group chat); True when it was sent now."""
        key = welcome_key(turn_context.activity)
        if key in self._welcomed:
            return False
        first_time = await self._store.mark_welcomed(key)
        self._welcomed[key] = None  # welcomed stays welcomed: later turns need not ask the database
        if len(self._welcomed) > _WELCOMED_REMEMBERED:
            self._welcomed.popitem(last=False)
        if not first_time:
            return False
        turn = turn_context.turn_state[TURN_KEY]
        if scope_of(turn_context.activity) != "personal":
            await turn_context.send_activity(self._t(turn_context, "welcome.group"))
        board = await turn.board()
        await turn_context.send_activity(card_activity(menu_card(self._content, turn.locale, board, True)))
        return True

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        await self._welcome(turn_context)

    async def on_installation_update_remove(self, turn_context: TurnContext) -> None:
        log.info("bot_removed scope=%s", scope_of(turn_context.activity))
        if self._reachability is not None:
            turn: TurnInfo = turn_context.turn_state[TURN_KEY]
            await self._reachability.removed(
                turn_context.activity, turn.speaker.actor.key, self._service.now()
            )

    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        if any(member.id == bot_id for member in members_added):
            await self._welcome(turn_context)

    # messages

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        turn: TurnInfo = turn_context.turn_state[TURN_KEY]
        personal = scope_of(turn_context.activity) == "personal"
        if self._dpa is not None and await self._dpa.message(turn_context, turn, personal, self._dpa_state):
            return  # a file: reviewed here, or in a channel the way to the personal chat
        dc = await self._dialogs.create_context(turn_context)
        if turn.input.from_card:
            await self._card_message(turn_context, dc)
            return
        vocabulary = self._content.words(turn.locale)
        argued = command_with_argument(turn.input.text, vocabulary.commands)
        command, argument = argued or (match_words(turn.input.text, vocabulary.commands), "")
        step = match_words(turn.input.text, vocabulary.steps)
        welcomed_now = dc.active_dialog is None and await self._welcome(turn_context)
        if command is not None:
            if not (welcomed_now and command in ("help", "menu")):
                await self._command(turn_context, dc, command, argument)
        elif step is not None:
            await self._start_step(turn_context, dc, StepId(step))
        elif dc.active_dialog is not None:
            await self._continue(dc)
        elif turn.input.text and (
            not welcomed_now or self._desk.matcher.looks_like_question(turn.input.text)
        ):
            await self._desk.answer(turn_context, turn.input.text)

    async def _command(self, turn_context: TurnContext, dc: Any, command: str, argument: str = "") -> None:
        turn: TurnInfo = turn_context.turn_state[TURN_KEY]
        if command == "overview" and not turn.is_coordinator:
            command = "status"  # a board member's overview is their own checklist
        if command in COORDINATION_COMMANDS:
            await self._send_reply(turn_context, await self._coordination.command(command, argument, turn))
            await self._reprompt(dc)
        elif command in REMINDER_COMMANDS and self._outbox is not None:
            answer = await choose_reminders(self._content, self._outbox, turn, command)
            await turn_context.send_activity(MessageFactory.text(answer))
            await self._reprompt(dc)
        elif command in PRIVACY_COMMANDS and self._privacy is not None:
            personal = scope_of(turn_context.activity) == "personal"
            state_keys = [self._state.get_storage_key(turn_context)]
            await self._send_privacy(
                turn_context, await self._privacy.command(command, turn, personal, state_keys)
            )
            if command not in PRIVACY_CONFIRMED:
                await self._reprompt(dc)
        elif command == "cancel":
            if dc.active_dialog is None:
                await turn_context.send_activity(self._t(turn_context, "dialog.nothing_to_cancel"))
                return
            await dc.cancel_all_dialogs()
            await turn_context.send_activity(self._t(turn_context, "dialog.cancelled"))
        elif command == "back":
            if dc.active_dialog is None:
                await turn_context.send_activity(self._t(turn_context, "dialog.nothing_to_cancel"))
                return
            turn.input = replace(turn.input, verb="back")
            await dc.continue_dialog()
        elif command == "status":
            await self._send_status(turn_context)
            await self._reprompt(dc)
        elif command == "help":
            await turn_context.send_activity(MessageFactory.text(self._t(turn_context, "help.text")))
            if dc.active_dialog is None:
                board = await turn.board()
                await turn_context.send_activity(
                    card_activity(menu_card(self._content, turn.locale, board, True))
                )
            await self._reprompt(dc)
        elif command == "menu":
            await self._send_menu(turn_context)
        elif command == "history":
            await self._send_history(turn_context)
            await self._reprompt(dc)
        elif command == "tickets":
            await self._helpdesk_turns.send_open_tickets(turn_context, turn)
            await self._reprompt(dc)

    async def _send_privacy(self, turn_context: TurnContext, reply: PrivacyReply) -> None:
        if reply.card is not None:
            await turn_context.send_activity(card_activity(reply.card))
        elif reply.text:
            await turn_context.send_activity(reply.text)

    async def _privacy_action(self, turn_context: TurnContext, verb: str) -> InvokeResponse:
        assert self._privacy is not None
        turn: TurnInfo = turn_context.turn_state[TURN_KEY]
        activity = turn_context.activity
        forget = [self._state.get_storage_key(turn_context), welcome_key(activity)]
        reply = await self._privacy.action(verb, turn, scope_of(activity) == "personal", forget)
        if reply.forget_conversation:
            await self._state.delete(turn_context)  # and not saved again at the end of this turn
        if reply.card is not None:
            return card_response(reply.card)
        return message_response(reply.text or self._t(turn_context, "dialog.unknown_text"))

    async def _send_reply(self, turn_context: TurnContext, reply: Reply) -> None:
        if reply.card is not None:
            await turn_context.send_activity(card_activity(reply.card))
        elif reply.text:
            await turn_context.send_activity(reply.text)

    async def _reprompt(self, dc: Any) -> None:
        """After an interruption (status, help), the open question is asked again."""
        if dc.active_dialog is not None:
            await dc.reprompt_dialog()

    async def _send_menu(self, turn_context: TurnContext) -> None:
        turn: TurnInfo = turn_context.turn_state[TURN_KEY]
        board = await turn.board()
        await turn_context.send_activity(card_activity(menu_card(self._content, turn.locale, board, False)))

    async def _send_status(self, turn_context: TurnContext) -> None:
        turn: TurnInfo = turn_context.turn_state[TURN_KEY]
        board = await turn.board()
        if board is None:
            await turn_context.send_activity(self._t(turn_context, "checklist.no_board"))
            await self._send_menu(turn_context)
            return
        alerted = await self._alerts.recipients(board.id) if self._alerts is not None else []
        card = checklist_card(self._content, turn.locale, board, alerted)
        await turn_context.send_activity(card_activity(card))

    async def _send_history(self, turn_context: TurnContext) -> None:
        turn: TurnInfo = turn_context.turn_state[TURN_KEY]
        board = await turn.board()
        if board is None:
            await turn_context.send_activity(self._t(turn_context, "checklist.no_board"))
            return
        events = await self._service.history(turn.speaker, board.id, limit=100)
        card = history_card(self._content, turn.locale, board, events)
        await turn_context.send_activity(card_activity(card))

    async def _start_step(self, turn_context: TurnContext, dc: Any, step: StepId) -> None:
        active = dc.active_dialog
        if active is not None and active.state.get("step") == step.value:
            await dc.reprompt_dialog()  # already there: show the open question again
            return
        await dc.cancel_all_dialogs()
        await dc.begin_dialog(JourneyDialog.ID, {"step": step.value})

    async def _continue(self, dc: Any) -> None:
        result = await dc.continue_dialog()
        if result.status == DialogTurnStatus.Empty:
            await dc.context.send_activity(self._t(dc.context, "dialog.unknown_text"))

    async def _card_message(self, turn_context: TurnContext, dc: Any) -> None:
        """An Action.Submit button: handled as Action.Execute is, and the old card is updated."""
        response = await self._card_action(turn_context, dc)
        body = response.body or {}
        reply_to = turn_context.activity.reply_to_id
        if body.get("type") == CARD_RESPONSE and reply_to:
            updated = card_activity(body["value"])
            updated.id = reply_to
            await turn_context.update_activity(updated)
        elif body.get("type") == MESSAGE_RESPONSE:
            await turn_context.send_activity(body["value"])

    # card buttons

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        if turn_context.activity.name != "adaptiveCard/action":
            return InvokeResponse(status=200, body={})
        dc = await self._dialogs.create_context(turn_context)
        return await self._card_action(turn_context, dc)

    async def _card_action(self, turn_context: TurnContext, dc: Any) -> InvokeResponse:
        turn: TurnInfo = turn_context.turn_state[TURN_KEY]
        verb = turn.input.verb
        try:
            if verb == "answer":
                return await self._card_answer(turn_context, dc)
            if verb == "step.start":
                step = turn.input.field("step")
                if step not in {s.value for s in StepId}:
                    return message_response(self._t(turn_context, "invalid.choice"))
                await self._start_step(turn_context, dc, StepId(step))
                view = step_view(self._content, turn.locale, StepId(step))
                return message_response(self._t(turn_context, "nav.step_opened", step=view))
            if verb == "status":
                await self._send_status(turn_context)
                return message_response(self._t(turn_context, "nav.status_shown"))
            if verb == "history":
                await self._send_history(turn_context)
                return message_response(self._t(turn_context, "nav.history_shown"))
            if verb == "menu":
                await self._send_menu(turn_context)
                return message_response(self._t(turn_context, "nav.menu_shown"))
            if verb in COORDINATION_VERBS:
                reply = await self._coordination.action(verb, turn)
                if reply.card is not None:
                    return card_response(reply.card)
                return message_response(reply.text or self._t(turn_context, "dialog.unknown_text"))
            if verb in PRIVACY_VERBS and self._privacy is not None:
                return await self._privacy_action(turn_context, verb)
            if self._dpa is not None and self._dpa.handles(verb):
                personal = scope_of(turn_context.activity) == "personal"
                return await self._dpa.action(turn_context, turn, personal, self._dpa_state)
            if verb == READ_VERB and self._alerts is not None:
                read = await self._alerts.read(turn)
                if read.card is not None:
                    return card_response(read.card)
                return message_response(read.text or self._t(turn_context, "alerts.read.unknown"))
            if verb in CARD_ACTIONS:
                board = board_matches(turn, await turn.board())
                result = await CARD_ACTIONS[verb](self._content, turn, board)
                return card_response(result.card)
            if verb in HELPDESK_ACTIONS:
                if await self._helpdesk_turns.outside_program(verb, turn):
                    return message_response(self._t(turn_context, "ticket.coordinators_only"))
                outcome = await HELPDESK_ACTIONS[verb](
                    self._content, turn, reference_of(turn_context.activity)
                )
                return await self._helpdesk_turns.complete(turn_context, turn, outcome)
        except (OnboardingError, HelpdeskError) as problem:
            return message_response(self._t(turn_context, problem.text_key))
        return message_response(self._t(turn_context, "dialog.unknown_text"))

    async def _card_answer(self, turn_context: TurnContext, dc: Any) -> InvokeResponse:
        turn: TurnInfo = turn_context.turn_state[TURN_KEY]
        if dc.active_dialog is None:
            answered = await self._answered.get(turn_context, dict)
            card = stale_card(self._content, turn.locale, answered, turn.input.prompt_id or "")
            return card_response(card)
        await dc.continue_dialog()
        if turn.invoke_card is None:
            return message_response(self._t(turn_context, "dialog.stale_card"))
        return card_response(turn.invoke_card)
