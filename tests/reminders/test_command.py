"""“geen herinneringen” and “wel herinneringen”: typed words reach the command, the choice is
stored for the person, and the answer comes in their language."""

from __future__ import annotations

import pytest

from bot.content import Content
from bot.helpdesk.service import HelpdeskService
from bot.onboarding.clock import FixedClock
from bot.onboarding.service import OnboardingService
from bot.storage.helpdesk_sql import SqlHelpdeskStore
from bot.storage.outbox_sql import SqlOutboxStore
from dialogs.inputs import UserInput, match_words
from dialogs.reminders import REMINDER_COMMANDS, choose_reminders
from dialogs.turn import TurnInfo
from tests.reminders.conftest import speaker


def turn(locale: str, typed: str, service: OnboardingService, helpdesk: SqlHelpdeskStore) -> TurnInfo:
    return TurnInfo(
        locale=locale,
        speaker=speaker("anne"),
        input=UserInput(text=typed),
        service=service,
        helpdesk=HelpdeskService(helpdesk),
    )


@pytest.mark.parametrize(
    ("locale", "typed", "command"),
    [
        ("nl", "geen herinneringen", "reminders_off"),
        ("nl", "Geen herinneringen!", "reminders_off"),
        ("nl", "wel herinneringen", "reminders_on"),
        ("en", "No reminders", "reminders_off"),
        ("en", "reminders on", "reminders_on"),
        ("en", "geen herinneringen", "reminders_off"),  # Dutch works in English too
    ],
)
def test_the_typed_words_are_the_reminder_commands(
    content: Content, locale: str, typed: str, command: str
) -> None:
    assert command in REMINDER_COMMANDS
    assert match_words(typed, content.words(locale).commands) == command


@pytest.mark.parametrize(
    ("locale", "said_off", "said_on"),
    [
        ("nl", "u krijgt geen herinneringen meer", "u krijgt weer herinneringen"),
        ("en", "you will get no more reminders", "you will get reminders again"),
    ],
)
async def test_the_choice_is_stored_for_the_person_and_answered_in_their_language(
    content: Content,
    service: OnboardingService,
    outbox: SqlOutboxStore,
    helpdesk_store: SqlHelpdeskStore,
    clock: FixedClock,
    locale: str,
    said_off: str,
    said_on: str,
) -> None:
    answer = await choose_reminders(
        content, outbox, turn(locale, "x", service, helpdesk_store), "reminders_off"
    )
    assert said_off in answer
    recipient = await outbox.recipient("anne")
    assert recipient is not None and recipient.reminders is False

    answer = await choose_reminders(
        content, outbox, turn(locale, "x", service, helpdesk_store), "reminders_on"
    )
    assert said_on in answer
    recipient = await outbox.recipient("anne")
    assert recipient is not None and recipient.reminders is True


async def test_opting_out_keeps_the_stored_conversation(
    content: Content,
    service: OnboardingService,
    outbox: SqlOutboxStore,
    helpdesk_store: SqlHelpdeskStore,
    clock: FixedClock,
) -> None:
    chat = {"serviceUrl": "https://smba.example/", "conversation": {"id": "a:anne"}}
    await outbox.save_reference("anne", chat, clock())
    await choose_reminders(
        content, outbox, turn("nl", "geen herinneringen", service, helpdesk_store), "reminders_off"
    )
    recipient = await outbox.recipient("anne")
    assert recipient is not None and (recipient.reference, recipient.reachable) == (chat, True)
