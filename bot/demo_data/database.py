"""Writing demo boards: refuse a database with real boards, replace earlier demo boards, in one go."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import sqlalchemy as sa

from bot.demo_data.journeys import DEMO_TENANT, MAX_BOARDS, STALLED_DAYS
from bot.onboarding.models import STEP_ORDER, Board, Event, StepId, StepStatus
from bot.storage.board_columns import overview_columns
from bot.storage.migrate import upgrade_to_head
from bot.storage.schema import board_members, boards, conversation_boards, events
from bot.storage.urls import sync_url


@dataclass(frozen=True)
class DemoReport:
    boards: int
    events: int
    replaced: int
    statuses: dict[StepId, Counter[StepStatus]] = field(default_factory=dict)
    stalled: int = 0
    done: int = 0


class DemoRefused(Exception):
    """The database holds boards that are not demo boards; only --force writes beside them."""

    def __init__(self, real_boards: int) -> None:
        super().__init__(real_boards)
        self.real_boards = real_boards


def _board_row(board: Board, board_events: list[Event]) -> dict[str, Any]:
    return {
        "id": board.id,
        "tenant_id": board.tenant_id,
        "bg_number": board.bg_number,
        "name": board.name,
        "data": board.model_dump_json(exclude={"version"}),
        "version": board.version,
        "created_at": board.created.at,
        "updated_at": board_events[-1].at if board_events else board.created.at,
        **overview_columns(board),
    }


def _event_row(event: Event) -> dict[str, Any]:
    return {
        "board_id": event.board_id,
        "at": event.at,
        "actor_key": event.actor_key,
        "actor_name": event.actor_name,
        "kind": event.kind,
        "data": orjson.dumps(event.data).decode(),
    }


def _real_boards(connection: sa.Connection) -> tuple[int, set[str]]:
    """How many boards are not demo boards, and the numbers they use."""
    rows = connection.execute(sa.select(boards.c.bg_number).where(boards.c.tenant_id != DEMO_TENANT)).all()
    return len(rows), {row.bg_number for row in rows}


def _remove_demo_boards(connection: sa.Connection) -> int:
    demo_ids = sa.select(boards.c.id).where(boards.c.tenant_id == DEMO_TENANT)
    for table in (events, board_members, conversation_boards):
        connection.execute(table.delete().where(table.c.board_id.in_(demo_ids)))
    removed: int = connection.execute(boards.delete().where(boards.c.tenant_id == DEMO_TENANT)).rowcount
    return removed


def free_numbers(count: int, taken: set[str]) -> list[int]:
    free = [n for n in range(1, MAX_BOARDS + 1) if f"0{n:04d}" not in taken]
    return free[:count]


def real_board_numbers(database_url: str, force: bool) -> set[str]:
    """Brings the database to the newest schema; refuses one with real boards unless FORCE."""
    upgrade_to_head(database_url)
    engine = sa.create_engine(sync_url(database_url))
    try:
        with engine.connect() as connection:
            real, numbers = _real_boards(connection)
    finally:
        engine.dispose()
    if real and not force:
        raise DemoRefused(real)
    return numbers


def write_demo_boards(
    database_url: str, built: list[tuple[Board, list[Event]]], stalled_days: int = STALLED_DAYS
) -> DemoReport:
    """Replaces every earlier demo board with BUILT, in one transaction."""
    engine = sa.create_engine(sync_url(database_url))
    try:
        with engine.begin() as connection:
            replaced = _remove_demo_boards(connection)
            if built:
                connection.execute(boards.insert(), [_board_row(b, e) for b, e in built])
                connection.execute(events.insert(), [_event_row(e) for _, es in built for e in es])
    finally:
        engine.dispose()
    return _report(built, replaced, datetime.now(UTC) - timedelta(days=stalled_days))


def _report(built: list[tuple[Board, list[Event]]], replaced: int, stalled_before: datetime) -> DemoReport:
    statuses: dict[StepId, Counter[StepStatus]] = {step: Counter() for step in STEP_ORDER}
    stalled = done = 0
    for board, _ in built:
        for step in STEP_ORDER:
            statuses[step][board.step(step).status] += 1
        finished = all(board.step(s).status == StepStatus.DONE for s in STEP_ORDER)
        done += finished
        stalled += not finished and overview_columns(board)["progress_at"] < stalled_before
    return DemoReport(
        boards=len(built),
        events=sum(len(e) for _, e in built),
        replaced=replaced,
        statuses=statuses,
        stalled=stalled,
        done=done,
    )
