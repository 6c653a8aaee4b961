"""Fills a SQLite database with many fictional boards at realistic stages, for the memory benchmark.

A handful of template boards walk the real domain code (OnboardingService and its recorders) to
different stages; the rest are copies of them under new ids and numbers, written in one
transaction, so that 10,000 boards take seconds instead of minutes.
"""

from __future__ import annotations

import itertools
import sqlite3
import uuid
from contextlib import closing

from sqlalchemy.engine import make_url

from bot.composition import load_checked_content, step_rules
from bot.config import Settings
from bot.onboarding.models import Actor, StepId
from bot.onboarding.recorders import Answer
from bot.onboarding.service import OnboardingService, Speaker
from bot.storage.board_columns import STEP_COLUMNS
from bot.storage.migrate import upgrade_to_head
from bot.storage.sql import SqlStore

TENANT = "seed-tenant-0000-0000-000000000000"

# Each stage is what one more template board has recorded, on top of the stage before it.
STAGES: list[list[tuple[StepId, str, str, str | None]]] = [
    [],
    [(StepId.NUMMERVOORZIENING, "set_board_name", "Stichting Voorbeeld", None),
     (StepId.NUMMERVOORZIENING, "set_registration", "yes", None)],
    [(StepId.NUMMERVOORZIENING, "add_school", "01AB", None),
     (StepId.NUMMERVOORZIENING, "set_school_name", "De Voorbeeldschool", "01AB"),
     (StepId.LAS, "set_school_las", "parnassys", "01AB")],
    [(StepId.LAS, "set_supplier_told", "yes", "01AB"),
     (StepId.NUMMERVOORZIENING, "add_school", "02CD", None),
     (StepId.LAS, "set_school_las", "esis", "02CD")],
    [(StepId.LAS, "set_supplier_told", "yes", "02CD")],
]  # fmt: skip


async def _templates(database_url: str) -> list[str]:
    content = load_checked_content(Settings(_env_file=None, database_url=database_url))
    store = SqlStore.from_url(database_url)
    service = OnboardingService(store, step_rules(content), content.supplier_names())
    ids = []
    try:
        for count in range(len(STAGES)):
            actor = Actor(key=f"seed-template-{count}", name="Voorbeeld Persoon")
            speaker = Speaker(tenant_id=TENANT, actor=actor)
            board = await service.identify_board(speaker, f"9{count:04d}")
            for step, recorder, value, item in itertools.chain.from_iterable(STAGES[: count + 1]):
                await service.record(speaker, board.id, step, recorder, Answer(value, item))
            ids.append(board.id)
    finally:
        await store.close()
    return ids


# A board's row: its document, and the overview's copies of its step statuses, progress and suppliers.
_BOARD_COLUMNS = (
    "id",
    "tenant_id",
    "bg_number",
    "name",
    "data",
    "version",
    "created_at",
    "updated_at",
    *STEP_COLUMNS.values(),
    "progress_at",
    "suppliers",
)


async def seed_boards(database_url: str, boards: int, first_number: int = 20_000) -> None:
    """BOARDS fictional boards numbered from FIRST_NUMBER, with their events and members."""
    upgrade_to_head(database_url)
    templates = await _templates(database_url)
    path = make_url(database_url).database
    assert path, database_url
    with closing(sqlite3.connect(path)) as db, db:
        board_rows = {
            row[0]: row
            for row in db.execute(
                f"SELECT {', '.join(_BOARD_COLUMNS)} FROM boards "
                f"WHERE id IN ({','.join('?' * len(templates))})",
                templates,
            )
        }
        event_rows = {
            board_id: db.execute(
                "SELECT at, actor_key, actor_name, kind, data FROM events WHERE board_id = ?", (board_id,)
            ).fetchall()
            for board_id in templates
        }
        new_boards, new_events, new_members = [], [], []
        for n in range(boards):
            template = templates[n % len(templates)]
            _, tenant, bg, name, data, version, created, updated, *overview = board_rows[template]
            board_id = str(uuid.uuid4())
            number = f"{first_number + n:05d}"
            data = data.replace(template, board_id).replace(f'"bg_number":"{bg}"', f'"bg_number":"{number}"')
            new_boards.append((board_id, tenant, number, name, data, version, created, updated, *overview))
            new_events += [(board_id, *event) for event in event_rows[template]]
            new_members.append((tenant, f"seed-person-{n}", board_id, created))
        marks = ", ".join("?" * len(_BOARD_COLUMNS))
        db.executemany(f"INSERT INTO boards ({', '.join(_BOARD_COLUMNS)}) VALUES ({marks})", new_boards)
        db.executemany(
            "INSERT INTO events (board_id, at, actor_key, actor_name, kind, data) VALUES (?, ?, ?, ?, ?, ?)",
            new_events,
        )
        db.executemany("INSERT INTO board_members VALUES (?, ?, ?, ?)", new_members)
