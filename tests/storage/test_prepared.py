"""Statements run straight on the driver give what SQLAlchemy gives, errors included."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import exc

from bot.storage import sql
from bot.storage.migrate import upgrade_to_head
from bot.storage.runners import SqliteRunner

WHEN = datetime(2026, 11, 23, 9, 15, 0, 250000, tzinfo=UTC)


@pytest.fixture
def runner(tmp_path: Path) -> SqliteRunner:
    # Prepared statements are SQLite's alone: asyncpg prepares statements by itself.
    database_url = f"sqlite:///{tmp_path / 'eckbot.db'}"
    upgrade_to_head(database_url)
    return SqliteRunner(database_url)


async def test_a_prepared_write_stores_what_sqlalchemy_would_store(runner: SqliteRunner) -> None:
    values = {"s_key": "k", "etag": "e1", "data": '{"a": "één"}', "updated_at": WHEN}
    await runner.write(lambda db: db.execute(sql._INSERT_STATE, values))
    await runner.write(lambda db: db.execute(sql._INSERT_STATE, values | {"s_key": "plain"}))
    runner.prepare([sql._INSERT_STATE, sql._READ_STATE])
    await runner.write(lambda db: db.execute(sql._INSERT_STATE, values | {"s_key": "fast"}))

    raw = "SELECT key, etag, data, updated_at FROM dialog_states ORDER BY key"
    rows = await runner.read(lambda db: db.execute(sa.text(raw)).all())
    by_key = {r[0]: tuple(r[1:]) for r in rows}
    assert by_key["fast"] == by_key["plain"] == ("e1", '{"a": "één"}', "2026-11-23 09:15:00.250000")

    found = await runner.read(lambda db: db.execute(sql._READ_STATE, {"key": "fast"}).first())
    assert (found.key, found.etag, found.data) == ("fast", "e1", '{"a": "één"}')
    await runner.close()


async def test_a_prepared_statement_fails_with_sqlalchemys_error_and_changes_nothing(
    runner: SqliteRunner,
) -> None:
    runner.prepare([sql._INSERT_STATE])
    values = {"s_key": "k", "etag": "e1", "data": "{}", "updated_at": WHEN}
    await runner.write(lambda db: db.execute(sql._INSERT_STATE, values))

    def twice(db: object) -> None:
        db.execute(sql._INSERT_STATE, values | {"s_key": "other"})  # type: ignore[attr-defined]
        db.execute(sql._INSERT_STATE, values)  # type: ignore[attr-defined]

    with pytest.raises(exc.IntegrityError):
        await runner.write(twice)
    keys = await runner.read(lambda db: db.execute(sa.text("SELECT key FROM dialog_states")).all())
    assert [k[0] for k in keys] == ["k"]
    await runner.close()
