"""SQLite's write-ahead log is copied back into the database beside the turns, not by them.

bot/storage/runners.py turns SQLite's own checkpoints off (they stalled the event loop mid-turn)
and checkpoints on a worker thread instead: the log must still stay small while the bot runs,
and everything it wrote must be in the database file once it stops.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot.storage import runners, sql
from bot.storage.migrate import upgrade_to_head
from bot.storage.runners import SqliteRunner, WalCheckpointer

WHEN = datetime(2026, 11, 23, 9, 15, tzinfo=UTC)
CONVERSATIONS = 50
UPDATE = sa.text("UPDATE dialog_states SET etag = :etag, data = :data WHERE key = :key")


async def started(tmp_path: Path) -> SqliteRunner:
    database_url = f"sqlite:///{tmp_path / 'eckbot.db'}"
    upgrade_to_head(database_url)
    runner = SqliteRunner(database_url)
    for number in range(CONVERSATIONS):
        values = {"s_key": f"c{number}", "etag": "0", "data": "{}", "updated_at": WHEN}
        await runner.write(lambda db, v=values: db.execute(sql._INSERT_STATE, v))  # type: ignore[misc]
    return runner


async def write_turns(runner: SqliteRunner, count: int) -> None:
    for number in range(count):
        # a walked journey's dialog state: a few kilobytes
        values = {"key": f"c{number % CONVERSATIONS}", "etag": str(number), "data": f"{number:06d}" * 500}
        await runner.write(lambda db, v=values: db.execute(UPDATE, v))  # type: ignore[misc]


def wal_bytes(tmp_path: Path) -> int:
    wal = tmp_path / "eckbot.db-wal"
    return wal.stat().st_size if wal.exists() else 0


async def test_the_log_stays_small_while_turns_write(tmp_path: Path) -> None:
    runner = await started(tmp_path)
    await write_turns(runner, WalCheckpointer.COMMITS - CONVERSATIONS - 1)
    one_round = wal_bytes(tmp_path)
    await write_turns(runner, 5 * WalCheckpointer.COMMITS)
    after_six = wal_bytes(tmp_path)
    await runner.close()
    # the log is reused after each checkpoint; without them it would be six times as long by now
    assert one_round > 0 and after_six < 2 * one_round


async def test_everything_written_is_in_the_database_file_after_the_bot_stops(tmp_path: Path) -> None:
    runner = await started(tmp_path)
    await write_turns(runner, WalCheckpointer.COMMITS + 30)
    await runner.close()
    assert wal_bytes(tmp_path) == 0
    with sqlite3.connect(tmp_path / "eckbot.db") as db:
        rows = dict(db.execute("SELECT key, etag FROM dialog_states").fetchall())
    assert len(rows) == CONVERSATIONS and rows["c29"] == str(WalCheckpointer.COMMITS + 29)


async def test_a_checkpoint_that_fails_never_fails_the_turn_that_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_trouble(conn: Any) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(runners, "_checkpoint", disk_trouble)
    runner = await started(tmp_path)
    await write_turns(runner, 3 * WalCheckpointer.COMMITS)  # every checkpoint, worker's and loop's, fails
    found = await runner.read(
        lambda db: db.execute(sa.text("SELECT etag FROM dialog_states WHERE key = 'c0'")).all()
    )
    await runner.close()
    assert found == [(str(3 * WalCheckpointer.COMMITS - CONVERSATIONS),)]
