"""What board members notice after retention: the history without old names, and conversations
that go on from the board's progress when their old bookmark is gone."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from bot.composition import Components
from bot.onboarding.clock import FixedClock
from bot.storage.schema import dialog_states
from tests.dialogs.test_conversation import start_board
from tests.flow import Flow
from tests.retention.conftest import retention_job, runner_of


async def dialog_state_count(components: Components) -> int:
    query = sa.select(sa.func.count()).select_from(dialog_states)
    counted: int = await runner_of(components).read(lambda conn: conn.execute(query).scalar_one())
    return counted


def bob(make_flow: Callable[..., Flow]) -> Flow:
    return make_flow(name="Bob Jansen", user_id="user-bob", conversation_id="personal-bob")


async def test_the_history_still_shows_what_happened_but_not_who_did_it_long_ago(
    flow: Flow, make_flow: Callable[..., Flow], components: Components, clock: FixedClock
) -> None:
    await start_board(flow)
    await flow.user("verder")
    await flow.user("ja")
    clock.advance(days=400)
    colleague = bob(make_flow)
    await start_board(colleague)  # joins Stichting De Linde
    await colleague.user("school toevoegen")
    await colleague.user("01ab")
    clock.advance(days=400)

    await retention_job(runner_of(components), clock).run_once(clock())

    await colleague.user("geschiedenis")
    colleague.bot_says(
        "Geschiedenis van Stichting De Linde",
        "Bob Jansen · School 01AB toegevoegd",
        "Aangemeld bij Nummervoorziening",
        "Bestuur 41234 vastgelegd",
    )
    colleague.bot_does_not_say("Anne de Vries")


async def test_the_history_calls_someone_who_aged_out_a_removed_user(
    flow: Flow, components: Components, clock: FixedClock
) -> None:
    """Needs the rendering of an empty actor_name as the text erased.person (dialogs/history.py)."""
    await start_board(flow)
    clock.advance(days=731)

    await retention_job(runner_of(components), clock).run_once(clock())

    await flow.user("geschiedenis")
    flow.bot_says("een verwijderde gebruiker · Bestuur 41234 vastgelegd")


async def test_a_conversation_whose_bookmark_aged_out_goes_on_from_the_boards_progress(
    flow: Flow, make_flow: Callable[..., Flow], components: Components, clock: FixedClock
) -> None:
    await start_board(flow)
    await flow.user("verder")
    flow.bot_says("Heeft uw bestuur zich al aangemeld bij Nummervoorziening?")
    clock.advance(days=700)
    colleague = bob(make_flow)
    await start_board(colleague)
    await colleague.user("verder")
    clock.advance(days=31)  # Anne's conversation untouched for 731 days, Bob's for 31

    report = await retention_job(runner_of(components), clock).run_once(clock())
    assert report.dialog_states_deleted == 1
    assert await dialog_state_count(components) == 1

    # Bob's bookmark is kept: his answer still answers the open question.
    await colleague.user("ja")
    colleague.bot_says("Op welke datum heeft u zich aangemeld?")

    # Anne's is gone, her board is not: step 1 opens where the board stands (Bob said it is
    # registered), not at the board's number nor at the question her bookmark pointed to.
    await flow.user("stap 1")
    flow.bot_does_not_say("bevoegd-gezagnummer", "Heeft uw bestuur zich al aangemeld")
    flow.bot_says("Welke scholen vallen onder het bestuur?")
    await flow.user("status")
    flow.bot_says("Stichting De Linde", "Aangemeld bij Nummervoorziening")
