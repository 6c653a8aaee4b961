"""A new database made at once from the schema equals one that Alembic migrated step by step."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory

from bot.storage.migrate import HEAD, MIGRATIONS, alembic_upgrade, current_revision, upgrade_to_head
from bot.storage.schema import tickets


def schema_of(url: str | sa.URL) -> dict[str, Any]:
    engine = sa.create_engine(url)
    try:
        inspector = sa.inspect(engine)
        return {
            table: {
                "columns": sorted(
                    (c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)
                ),
                "primary_key": sorted(inspector.get_pk_constraint(table)["constrained_columns"]),
                "indexes": sorted(
                    (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                    for i in inspector.get_indexes(table)
                ),
                "unique": sorted(tuple(u["column_names"]) for u in inspector.get_unique_constraints(table)),
                "foreign_keys": sorted(
                    (tuple(f["constrained_columns"]), f["referred_table"])
                    for f in inspector.get_foreign_keys(table)
                ),
            }
            for table in sorted(inspector.get_table_names())
        }
    finally:
        engine.dispose()


def test_head_is_alembics_newest_revision() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD


def test_a_new_database_made_from_the_schema_equals_a_migrated_one(tmp_path: Path) -> None:
    fast = f"sqlite:///{tmp_path / 'fast.db'}"
    migrated = f"sqlite:///{tmp_path / 'migrated.db'}"
    upgrade_to_head(fast)
    engine = sa.create_engine(migrated)
    with engine.begin() as connection:
        alembic_upgrade(connection)
    engine.dispose()

    assert schema_of(fast) == schema_of(migrated)
    assert "tickets" in schema_of(fast)


def test_an_older_database_is_upgraded_and_keeps_its_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        from alembic import command

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            sa.text("INSERT INTO welcomes (key, at) VALUES ('someone', '2026-11-01 10:00:00')")
        )

    upgrade_to_head(url)

    with engine.connect() as connection:
        assert current_revision(connection) == HEAD
        assert connection.execute(sa.text("SELECT key FROM welcomes")).scalar() == "someone"
        assert connection.execute(sa.select(sa.func.count()).select_from(tickets)).scalar() == 0
    engine.dispose()


def test_two_starts_at_once_on_a_new_sqlite_database_both_come_up(tmp_path: Path) -> None:
    # `eckbot serve` migrates on a worker thread while it reads its content; two starts (or two
    # processes) must not both find the database empty and both make its tables.
    url = f"sqlite:///{tmp_path / 'eckbot.db'}"
    with ThreadPoolExecutor(max_workers=4) as pool:
        for started in [pool.submit(upgrade_to_head, url) for _ in range(4)]:
            started.result()
    engine = sa.create_engine(url)
    with engine.connect() as connection:
        assert current_revision(connection) == HEAD
    engine.dispose()
