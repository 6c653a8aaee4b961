"""Coordinator commands as transcripts: in the middle of a step, in the terminal chat, in English."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.composition import Components, build
from bot.config import Settings
from bot.content import Content
from bot.onboarding.clock import FixedClock
from tests.flow import Flow

COORDINATOR = "coordinator-1"  # the terminal chat's user id is its object id too
UPN = "carla@program.example.nl"


@pytest.fixture
async def coordinated(settings: Settings, clock: FixedClock, content: Content) -> AsyncIterator[Components]:
    configured = settings.model_copy(update={"coordinators_setting": f"{COORDINATOR},{UPN}"})
    built = await build(configured, clock, content)
    yield built
    await built.close()


async def test_an_overview_in_the_middle_of_a_step_asks_the_open_question_again(
    coordinated: Components,
) -> None:
    flow = Flow(coordinated, user_id=COORDINATOR, name="Carla")
    await flow.user("stap 1")
    await flow.user("41234")
    flow.bot_says("Hoe heet uw schoolbestuur?")

    await flow.user("overzicht")

    flow.bot_says("Overzicht van alle besturen", "1 bestuur, waarvan 0 met alle vijf stappen klaar")
    flow.bot_says("Hoe heet uw schoolbestuur?")  # the step goes on where it was
    await flow.user("Stichting De Linde")
    flow.bot_does_not_say("Hoe heet uw schoolbestuur?")


async def test_a_board_member_in_the_terminal_chat_is_no_coordinator_and_keeps_their_checklist(
    coordinated: Components,
) -> None:
    # With a coordinator known by UPN alone the bot would ask Teams for the member; the terminal
    # chat has no connector to ask, and the turn goes on as any other.
    flow = Flow(coordinated, user_id="anne", name="Anne")
    await flow.user("stap 1")
    await flow.user("55555")
    await flow.user("Stichting Anne")

    await flow.user("overzicht")

    flow.bot_says("Voortgang van Stichting Anne (55555)")
    flow.bot_does_not_say("Overzicht van alle besturen")
    await flow.user("coordinator toevoegen anne@school.nl")
    flow.bot_says("Dat kan ik voor u niet doen.")
    assert await coordinated.coordination.added() == frozenset()


async def test_english_words_and_texts_for_a_coordinator(coordinated: Components) -> None:
    flow = Flow(coordinated, user_id=COORDINATOR, name="Carla", locale="en")
    await flow.user("hello")

    await flow.user("create token reporting")
    flow.bot_says("New API token", "You see this token only once.")
    await flow.user("revoke token")
    flow.bot_says("Type the token's id after the command")
    await flow.user("add coordinator nobody")
    flow.bot_says("is not an object id")
    await flow.user("coordinators")
    flow.bot_says("coordinator-1 · configured (ECKBOT_COORDINATORS)", "carla@program.example.nl · configured")
