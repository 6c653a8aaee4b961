"""Passes in several processes at once, a turn saving the board during a pass, the dry run and
the command line."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta

from bot.composition import step_rules
from bot.config import Settings
from bot.content import Content
from bot.onboarding.clock import FixedClock
from bot.onboarding.models import Board, StepId
from bot.onboarding.recorders import Answer
from bot.onboarding.service import OnboardingService
from bot.retention.cli import run_retention
from bot.retention.job import RetentionJob
from bot.retention.policy import RetentionPolicy
from bot.storage.migrate import upgrade_to_head
from bot.storage.retention_sql import SqlRetentionStore, StoredDocument
from bot.storage.sql import SqlStore
from tests.retention.conftest import ANNE, BOB, retention_job
from tests.retention.test_board_records import anne_starts_board


async def test_two_processes_passing_at_once_give_each_person_one_pseudonym_and_count_it_once(
    service: OnboardingService, store: SqlStore, clock: FixedClock, database_url: str
) -> None:
    boards = [await anne_starts_board(service, f"4{n:04d}") for n in range(5)]
    events = [len(await service.history(ANNE, b.id, limit=500)) for b in boards]
    clock.advance(days=731)
    other_process = SqlStore.from_url(database_url, clock)
    try:
        reports = await asyncio.gather(
            retention_job(store.runner, clock).run_once(clock()),
            retention_job(other_process.runner, clock).run_once(clock()),
        )
    finally:
        await other_process.close()

    for board in boards:
        history = await service.history(ANNE, board.id, limit=500)
        assert len({e.actor_key for e in history if e.kind != "board.created"}) == 1
    assert sum(r.events_pseudonymised for r in reports) == sum(events)
    assert sum(r.people_pseudonymised for r in reports) == 5
    assert sum(r.boards_changed for r in reports) == 5


class _TurnDuringPass(SqlRetentionStore):
    """A colleague's answer is saved between the pass reading the board and writing it back."""

    def __init__(self, store: SqlStore, service: OnboardingService, board: Board) -> None:
        super().__init__(store.runner)
        self._service = service
        self._board = board
        self.turns = 0

    async def replace_board_document(self, document: StoredDocument) -> bool:
        if self.turns == 0:
            self.turns += 1
            await self._service.record(
                BOB, self._board.id, StepId.NUMMERVOORZIENING, "add_school", Answer("01AB")
            )
        return await super().replace_board_document(document)


async def test_a_board_saved_by_a_turn_during_the_pass_keeps_the_turns_answer(
    service: OnboardingService, store: SqlStore, clock: FixedClock
) -> None:
    board = await anne_starts_board(service)
    await service.identify_board(BOB, board.bg_number)
    clock.advance(days=731)
    racing = _TurnDuringPass(store, service, board)

    report = await RetentionJob(racing, RetentionPolicy(), clock).run_once(clock())

    found = await service.board_for(BOB)
    assert found is not None and found.created.by == ""
    school = found.school("01AB")
    assert school is not None and school.added.by == "Bob Jansen", "the turn's answer is not lost"
    assert (report.boards_changed, report.boards_deferred) == (1, 0)


async def test_a_dry_run_counts_what_a_pass_would_change_and_changes_nothing(
    service: OnboardingService, store: SqlStore, clock: FixedClock
) -> None:
    board = await anne_starts_board(service)
    clock.advance(days=731)
    job = retention_job(store.runner, clock)
    before = await service.history(ANNE, board.id, limit=500)

    dry = await job.run_once(clock(), dry_run=True)
    assert await service.history(ANNE, board.id, limit=500) == before
    real = await job.run_once(clock())

    assert dry == real
    assert dry.events_pseudonymised == len(before)


def test_the_command_prints_its_counts_and_a_dry_run_changes_nothing(
    settings: Settings, content: Content, clock: FixedClock
) -> None:
    async def prepare() -> None:
        store = SqlStore.from_url(settings.database_url, clock)
        try:
            service = OnboardingService(store, step_rules(content), content.supplier_names(), clock)
            await service.identify_board(ANNE, "41234")
        finally:
            await store.close()

    upgrade_to_head(settings.database_url)
    asyncio.run(prepare())
    later = FixedClock(clock() + timedelta(days=731))

    dry, real, again = io.StringIO(), io.StringIO(), io.StringIO()
    assert run_retention(settings, dry_run=True, clock=later, out=dry) == 0
    assert run_retention(settings, dry_run=False, clock=later, out=real) == 0
    assert run_retention(settings, dry_run=False, clock=later, out=again) == 0

    assert "would change (dry run)" in dry.getvalue()
    for printed in (dry, real):
        assert any(line.split() == ["events_pseudonymised", "1"] for line in printed.getvalue().splitlines())
    assert any(line.split() == ["events_pseudonymised", "0"] for line in again.getvalue().splitlines())
    assert "730 days" in real.getvalue()
