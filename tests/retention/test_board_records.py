"""Who did what on a board: after 730 days the event log and the board's stamps no longer say who."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from bot.onboarding.clock import FixedClock
from bot.onboarding.models import Board, Event, StepId
from bot.onboarding.recorders import Answer
from bot.onboarding.service import OnboardingService
from bot.privacy.pseudonyms import is_erased
from bot.retention.job import RetentionJob, RetentionReport
from bot.storage.schema import boards
from bot.storage.sql import SqlStore
from tests.retention.conftest import ANNE, BOB


async def anne_starts_board(service: OnboardingService, number: str = "41234") -> Board:
    board = await service.identify_board(ANNE, number)
    step = StepId.NUMMERVOORZIENING
    await service.record(ANNE, board.id, step, "set_board_name", Answer("Stichting De Linde"))
    return (await service.record(ANNE, board.id, step, "set_registration", Answer("yes"))).board


async def bob_adds_a_school(service: OnboardingService, board: Board) -> Board:
    await service.identify_board(BOB, board.bg_number)
    outcome = await service.record(BOB, board.id, StepId.NUMMERVOORZIENING, "add_school", Answer("01AB"))
    return outcome.board


async def history(service: OnboardingService, board: Board) -> list[Event]:
    return await service.history(BOB, board.id, limit=500)


async def updated_at(store: SqlStore, board: Board) -> datetime:
    query = sa.select(boards.c.updated_at).where(boards.c.id == board.id)
    found: datetime = await store.runner.read(lambda conn: conn.execute(query).scalar_one())
    return found


async def test_events_older_than_the_period_no_longer_say_who_and_newer_ones_still_do(
    service: OnboardingService, retention: RetentionJob, clock: FixedClock
) -> None:
    board = await anne_starts_board(service)
    clock.advance(days=400)
    bob_came = clock()
    board = await bob_adds_a_school(service, board)
    before = await history(service, board)
    clock.advance(days=400)  # Anne's records are 800 days old, Bob's 400

    report = await retention.run_once(clock())

    after = await history(service, board)
    assert [(e.kind, e.at, e.data) for e in after] == [(e.kind, e.at, e.data) for e in before]
    annes = [e for e in after if e.at < bob_came]
    bobs = [e for e in after if e.at >= bob_came]
    assert annes and bobs
    assert {e.actor_name for e in annes} == {""}
    # Anne created the board and is still linked to it: that event keeps her key (not her name),
    # because it makes her the board's bestuurder, who may export or delete it.
    created = [e for e in annes if e.kind == "board.created"]
    others = [e for e in annes if e.kind != "board.created"]
    assert [e.actor_key for e in created] == [ANNE.actor.key]
    assert others and len({e.actor_key for e in others}) == 1, "one pseudonym for one person's events"
    assert is_erased(others[0].actor_key) and ANNE.actor.key not in others[0].actor_key
    assert {(e.actor_key, e.actor_name) for e in bobs} == {(BOB.actor.key, "Bob Jansen")}
    assert (report.events_pseudonymised, report.people_pseudonymised) == (len(annes), 1)


async def test_the_boards_own_stamps_forget_old_names_and_keep_when(
    service: OnboardingService, retention: RetentionJob, clock: FixedClock, store: SqlStore
) -> None:
    board = await anne_starts_board(service)
    registered_at = board.registration.said.at if board.registration else None
    clock.advance(days=400)
    board = await bob_adds_a_school(service, board)
    last_activity = await updated_at(store, board)
    clock.advance(days=400)

    report = await retention.run_once(clock())

    board_now = await service.board_for(BOB)
    assert board_now is not None and board_now.registration is not None
    assert (board_now.created.by, board_now.registration.said.by) == ("", "")
    assert board_now.registration.said.at == registered_at
    school = board_now.school("01AB")
    assert school is not None and school.added.by == "Bob Jansen"
    assert report.stamps_cleared >= 2 and report.boards_changed == 1
    assert await updated_at(store, board) == last_activity, "retention is no activity on the board"

    # The board goes on as before: a colleague's answer is recorded on the rewritten document.
    outcome = await service.record(BOB, board.id, StepId.NUMMERVOORZIENING, "set_registration", Answer("no"))
    assert outcome.board.registration is not None and outcome.board.registration.said.by == "Bob Jansen"


async def test_a_second_pass_changes_nothing(
    service: OnboardingService, retention: RetentionJob, clock: FixedClock
) -> None:
    board = await anne_starts_board(service)
    clock.advance(days=731)
    await retention.run_once(clock())
    pseudonymised = await history(service, board)

    clock.advance(hours=6)
    again = await retention.run_once(clock())

    assert again == RetentionReport()
    assert await history(service, board) == pseudonymised


async def test_one_person_on_two_boards_gets_a_different_pseudonym_on_each(
    service: OnboardingService, retention: RetentionJob, clock: FixedClock
) -> None:
    first = await anne_starts_board(service, "41234")
    second = await anne_starts_board(service, "52345")
    clock.advance(days=731)

    report = await retention.run_once(clock())

    keys = [
        {e.actor_key for e in await history(service, board) if e.kind != "board.created"}
        for board in (first, second)
    ]
    assert all(len(k) == 1 for k in keys)
    assert keys[0] != keys[1], "nothing links the two boards' records to one person"
    assert report.people_pseudonymised == 2


async def test_nothing_younger_than_the_period_changes(
    service: OnboardingService, retention: RetentionJob, clock: FixedClock
) -> None:
    board = await anne_starts_board(service)
    clock.advance(days=729)
    before = await history(service, board)

    report = await retention.run_once(clock())

    assert report == RetentionReport()
    assert await history(service, board) == before
    found = await service.board_for(ANNE)
    assert found is not None and found.created.by == "Anne de Vries"
