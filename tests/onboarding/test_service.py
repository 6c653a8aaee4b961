"""The onboarding service on a real database: colleagues at once, and organisations kept apart."""

from __future__ import annotations

import asyncio

import pytest

from bot.composition import step_rules
from bot.content import Content
from bot.onboarding.clock import FixedClock
from bot.onboarding.errors import BoardClaimedElsewhere, ConcurrentUpdate, NoBoardYet
from bot.onboarding.models import Actor, StepId, StepStatus
from bot.onboarding.recorders import Answer
from bot.onboarding.service import OnboardingService, Speaker
from bot.storage.sql import SqlStore

STEP1 = StepId.NUMMERVOORZIENING
ANNE = Speaker("tenant-a", Actor(key="anne", name="Anne de Vries"))
ANNE_IN_TEAM = Speaker("tenant-a", Actor(key="anne", name="Anne de Vries"), conversation_key="team-a")
BRAM = Speaker("tenant-a", Actor(key="bram", name="Bram Jansen"))
CHRIS = Speaker("tenant-b", Actor(key="chris", name="Chris Bakker"))


@pytest.fixture
def service(store: SqlStore, content: Content, clock: FixedClock) -> OnboardingService:
    return OnboardingService(store, step_rules(content), content.supplier_names(), clock)


def brin(i: int) -> str:
    return f"{i:02d}AB"


async def add_schools_at_once(service: OnboardingService, board_id: str, count: int) -> list[object]:
    calls = [service.record(ANNE, board_id, STEP1, "add_school", Answer(brin(i))) for i in range(count)]
    return await asyncio.gather(*calls, return_exceptions=True)


async def test_colleagues_answering_at_once_all_land(service: OnboardingService) -> None:
    # A handful of colleagues clicking at the same moment, as in a team channel.
    board = await service.identify_board(ANNE, "41234")
    results = await add_schools_at_once(service, board.id, 5)
    assert [r for r in results if isinstance(r, BaseException)] == []
    stored = await service.board_for(ANNE)
    assert stored is not None
    assert sorted(s.brin for s in stored.schools) == [brin(i) for i in range(5)]


async def test_an_answer_is_either_saved_or_refused_never_silently_lost(service: OnboardingService) -> None:
    board = await service.identify_board(ANNE, "41234")
    results = await add_schools_at_once(service, board.id, 50)
    refused = [r for r in results if isinstance(r, BaseException)]
    assert all(isinstance(r, ConcurrentUpdate) for r in refused), refused
    stored = await service.board_for(ANNE)
    assert stored is not None
    assert len(stored.schools) == 50 - len(refused)
    added = [e for e in await service.history(ANNE, board.id, limit=200) if e.kind == "school.added"]
    assert len(added) == len(stored.schools)


async def test_fifty_answers_at_once_all_land(service: OnboardingService) -> None:
    board = await service.identify_board(ANNE, "41234")
    results = await add_schools_at_once(service, board.id, 50)
    assert [type(r).__name__ for r in results if isinstance(r, BaseException)] == []
    stored = await service.board_for(ANNE)
    assert stored is not None
    assert sorted(s.brin for s in stored.schools) == [brin(i) for i in range(50)]
    assert stored.version == 51


async def test_colleagues_with_the_same_number_share_one_board(service: OnboardingService) -> None:
    anne = await service.identify_board(ANNE, "41234")
    bram = await service.identify_board(BRAM, "41234")
    assert bram.id == anne.id
    await service.record(BRAM, bram.id, STEP1, "set_board_name", Answer("Stichting De Linde"))
    seen_by_anne = await service.board_for(ANNE)
    assert seen_by_anne is not None and seen_by_anne.name == "Stichting De Linde"


async def test_a_number_of_another_organisation_cannot_be_claimed(service: OnboardingService) -> None:
    anne_board = await service.identify_board(ANNE, "41234")
    chris_board = await service.identify_board(CHRIS, "51234")
    await service.record(CHRIS, chris_board.id, STEP1, "set_board_name", Answer("Stichting Het Anker"))

    with pytest.raises(BoardClaimedElsewhere):
        await service.identify_board(ANNE, "51234")
    with pytest.raises(BoardClaimedElsewhere):
        await service.identify_board(ANNE_IN_TEAM, "51234")

    mine = await service.board_for(ANNE)
    assert mine is not None and mine.id == anne_board.id
    assert await service.board_for(ANNE_IN_TEAM) == mine
    theirs = await service.board_for(CHRIS)
    assert theirs is not None and theirs.id == chris_board.id and theirs.name == "Stichting Het Anker"


async def test_a_board_of_another_organisation_is_never_returned(
    service: OnboardingService, store: SqlStore
) -> None:
    await service.identify_board(ANNE, "41234")
    chris_board = await service.identify_board(CHRIS, "51234")
    # The same person key in another tenant (a guest account) and a link that points across
    # tenants (a corrupted row) must both stay blind to the other organisation's board.
    guest = Speaker("tenant-a", Actor(key="chris", name="Chris Bakker"))
    assert await service.board_for(guest) is None
    await store.link_person("tenant-a", "dora", chris_board.id)
    dora = Speaker("tenant-a", Actor(key="dora", name="Dora"))
    assert await service.board_for(dora) is None
    with pytest.raises(NoBoardYet):
        await service.record(ANNE, chris_board.id, STEP1, "set_board_name", Answer("overgenomen"))
    assert await service.history(ANNE, chris_board.id) == []
    theirs = await service.board_for(CHRIS)
    assert theirs is not None and theirs.name == ""


async def test_recording_updates_the_steps_and_the_history(service: OnboardingService) -> None:
    board = await service.identify_board(ANNE, "41234")
    assert board.step(STEP1).status == StepStatus.OPEN
    outcome = await service.record(ANNE, board.id, STEP1, "set_registration", Answer("yes"))
    assert outcome.board.step(STEP1).status == StepStatus.IN_PROGRESS
    changed = outcome.board.step(STEP1).changed
    assert changed is not None and changed.by == "Anne de Vries"
    kinds = [e.kind for e in await service.history(ANNE, board.id)]
    assert kinds == ["board.created", "step1.registration", "step.status"]
