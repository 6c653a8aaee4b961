"""The coordinators' overview in SQL: counts per step and status, stalled boards, filters, the
columns kept with every save, and migration 0003 filling them in for boards that already existed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from bot.composition import step_rules
from bot.content import Content
from bot.coordination.models import BoardFilter
from bot.onboarding.clock import FixedClock
from bot.onboarding.models import Actor, Board, Stamp, StepId, StepStatus
from bot.onboarding.recorders import Answer
from bot.onboarding.service import OnboardingService, Speaker
from bot.storage.board_columns import STEP_COLUMNS, overview_columns
from bot.storage.migrate import MIGRATIONS, upgrade_to_head
from bot.storage.overview_sql import SqlOverviewStore
from bot.storage.schema import boards
from bot.storage.sql import SqlStore
from bot.storage.urls import sync_url

STEP1, LAS, AGREEMENTS, ALERT, MORE_INFO = StepId
ANNE = Speaker("tenant-a", Actor(key="anne", name="Anne de Vries"))
Step = tuple[StepId, str, str, str | None]


@pytest.fixture
def overview(store: SqlStore) -> SqlOverviewStore:
    return SqlOverviewStore(store.runner)


@pytest.fixture
def service(store: SqlStore, content: Content, clock: FixedClock) -> OnboardingService:
    return OnboardingService(store, step_rules(content), content.supplier_names(), clock)


async def board(service: OnboardingService, number: str, *answers: Step) -> Board:
    found = await service.identify_board(ANNE, number)
    for step, recorder, value, item in answers:
        found = (await service.record(ANNE, found.id, step, recorder, Answer(value, item))).board
    return found


def named(name: str) -> Step:
    return (STEP1, "set_board_name", name, None)


def school(brin: str, las: str) -> list[Step]:
    told = [(LAS, "set_supplier_told", "yes", brin)] if las != "other" else []
    return [
        (STEP1, "add_school", brin, None),
        (STEP1, "set_school_name", f"School {brin}", brin),
        (STEP1, "set_school_contact_role", "directeur", brin),
        (LAS, "set_school_las", las, brin),
        *told,
    ]


REGISTERED: list[Step] = [(STEP1, "set_registration", "yes", None)]
EVERYTHING: list[Step] = [
    *REGISTERED,
    *school("01AB", "esis"),
    (AGREEMENTS, "set_agreement_state", "returned", "nummervoorziening"),
    (AGREEMENTS, "set_agreement_state", "returned", "las-esis"),
    (ALERT, "alert_administration", "de administratie", None),
    (ALERT, "alert_ict", "de ICT", None),
    (MORE_INFO, "mark_info_read", "yes", None),
]


def stored_columns(database_url: str, board_id: str) -> dict[str, Any]:
    engine = sa.create_engine(sync_url(database_url))
    try:
        with engine.connect() as connection:
            columns = [boards.c[c] for c in (*STEP_COLUMNS.values(), "progress_at", "suppliers")]
            row = connection.execute(sa.select(*columns).where(boards.c.id == board_id)).one()
    finally:
        engine.dispose()
    values = dict(row._mapping)
    values["progress_at"] = values["progress_at"].replace(tzinfo=UTC)
    return values


async def test_the_summary_counts_every_step_and_status_in_one_query(
    service: OnboardingService, overview: SqlOverviewStore, clock: FixedClock
) -> None:
    await board(service, "10001", named("Klaar"), *EVERYTHING)
    await board(service, "10002", named("Bezig"), *REGISTERED, *school("02CD", "parnassys"))
    await board(service, "10003", named("Wacht"), *school("03EF", "other"))
    await board(service, "10004")

    summary = await overview.summary(BoardFilter(), clock() - timedelta(days=14))

    assert summary.boards == 4
    assert summary.done == 1
    assert summary.per_step[StepId.LAS] == {
        StepStatus.OPEN: 1,
        StepStatus.IN_PROGRESS: 0,
        StepStatus.WAITING: 1,
        StepStatus.DONE: 2,
    }
    assert summary.per_step[STEP1][StepStatus.DONE] == 2
    assert summary.per_step[STEP1][StepStatus.OPEN] == 1  # the board with nothing recorded
    assert summary.per_step[MORE_INFO] == {
        StepStatus.OPEN: 3,
        StepStatus.IN_PROGRESS: 0,
        StepStatus.WAITING: 0,
        StepStatus.DONE: 1,
    }
    assert all(sum(counts.values()) == 4 for counts in summary.per_step.values())


async def test_a_board_is_stalled_when_no_step_moved_since_the_cut_off_and_it_is_not_done(
    service: OnboardingService, overview: SqlOverviewStore, clock: FixedClock
) -> None:
    await board(service, "10001", named("Klaar lang geleden"), *EVERYTHING)
    await board(service, "10002", named("Stil"), *REGISTERED)
    moved_late = await board(service, "10003", named("Later verder"))
    clock.advance(days=20)
    await service.record(ANNE, moved_late.id, STEP1, "set_registration", Answer("yes"))
    await board(service, "10004", named("Nieuw"))
    cut_off = clock() - timedelta(days=14)

    summary = await overview.summary(BoardFilter(), cut_off)
    stalled, total = await overview.boards(BoardFilter(stalled_before=cut_off))

    assert summary.stalled == 1
    assert total == 1
    assert [row.name for row in stalled] == ["Stil"]
    assert stalled[0].progress_at == clock() - timedelta(days=20)


async def test_the_supplier_filter_finds_boards_by_any_of_their_schools_suppliers(
    service: OnboardingService, overview: SqlOverviewStore, clock: FixedClock
) -> None:
    await board(service, "10001", named("Twee"), *school("01AB", "esis"), *school("02CD", "parnassys"))
    await board(service, "10002", named("Een"), *school("03EF", "parnassys"))
    await board(service, "10003", named("Geen"))

    async def names(supplier: str) -> set[str]:
        rows, _ = await overview.boards(BoardFilter(supplier=supplier))
        return {row.name for row in rows}

    assert await names("parnassys") == {"Twee", "Een"}
    assert await names("esis") == {"Twee"}
    assert await names("es") == set()  # a whole supplier id, not a part of one
    assert await names("unilogic") == set()
    summary = await overview.summary(BoardFilter(supplier="esis"), clock())
    assert summary.boards == 1


async def test_search_takes_percent_and_underscore_literally(
    service: OnboardingService, overview: SqlOverviewStore
) -> None:
    await board(service, "10001", named("Stichting 100% Kids"))
    await board(service, "10002", named("Stichting A_B"))
    await board(service, "10003", named("Stichting AXB 1000"))

    async def names(search: str) -> set[str]:
        rows, total = await overview.boards(BoardFilter(search=search))
        assert total == len(rows)
        return {row.name for row in rows}

    assert await names("%") == {"Stichting 100% Kids"}
    assert await names("_") == {"Stichting A_B"}
    assert await names("a_b") == {"Stichting A_B"}
    assert await names("100%") == {"Stichting 100% Kids"}
    assert await names("stichting") == {"Stichting 100% Kids", "Stichting A_B", "Stichting AXB 1000"}
    assert await names("10002") == {"Stichting A_B"}  # the bevoegd-gezagnummer too
    assert await names("\\") == set()


async def test_the_overview_columns_follow_every_save(
    service: OnboardingService, database_url: str, clock: FixedClock
) -> None:
    found = await board(service, "10001", named("Stichting Een"))
    answers = [*REGISTERED, *school("01AB", "esis"), *school("02CD", "other"), *EVERYTHING[-3:]]
    for step, recorder, value, item in answers:
        clock.advance(hours=1)
        found = (await service.record(ANNE, found.id, step, recorder, Answer(value, item))).board
        assert stored_columns(database_url, found.id) == overview_columns(found), recorder
    final = stored_columns(database_url, found.id)
    assert final["suppliers"] == ",esis,other,"
    assert final["step_las"] == "waiting"
    assert final["step_alert"] == "done"
    assert final["progress_at"] == clock()


def test_migration_0003_fills_in_the_columns_of_boards_that_existed_before(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    then = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
    old = Board(
        id="board-old",
        tenant_id="tenant-a",
        bg_number="41234",
        name="Stichting Oud",
        created=Stamp(at=then, by="x"),
    )
    old.step(StepId.LAS).status = StepStatus.WAITING
    old.step(StepId.LAS).changed = Stamp(at=then + timedelta(days=3), by="x")
    old.step(StepId.NUMMERVOORZIENING).status = StepStatus.DONE
    untouched = Board(id="board-new", tenant_id="tenant-b", bg_number="41235", created=Stamp(at=then, by="y"))
    engine = sa.create_engine(sync_url(url))
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        for made in (old, untouched):
            connection.execute(
                sa.text(
                    "INSERT INTO boards (id, tenant_id, bg_number, name, data, version, created_at,"
                    " updated_at) VALUES (:id, :tenant, :bg, :name, :data, 1, :at, :at)"
                ),
                {
                    "id": made.id,
                    "tenant": made.tenant_id,
                    "bg": made.bg_number,
                    "name": made.name,
                    "data": made.model_dump_json(exclude={"version"}),
                    "at": then,
                },
            )
    engine.dispose()

    upgrade_to_head(url)

    columns = stored_columns(url, "board-old")
    assert columns["step_las"] == "waiting"
    assert columns["step_nummervoorziening"] == "done"
    assert columns["step_agreements"] == "open"
    assert columns["progress_at"] == then + timedelta(days=3)
    assert stored_columns(url, "board-new")["progress_at"] == then
