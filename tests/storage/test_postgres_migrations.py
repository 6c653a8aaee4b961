"""Migrations on PostgreSQL: `eckbot migrate` brings an empty database and an older one to the
newest schema, the fast path for an empty one equals Alembic's way, and instances starting at once
migrate one after the other."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from bot.onboarding.models import Board, Stamp, StepId, StepStatus
from bot.storage.migrate import HEAD, MIGRATIONS, alembic_upgrade, current_revision, upgrade_to_head
from bot.storage.urls import sync_url
from tests.storage.postgres import POSTGRES_URL, fresh_database
from tests.storage.test_migrations import schema_of

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="ECKBOT_TEST_POSTGRES_URL is not set")


@pytest.fixture
def databases() -> Iterator[ExitStack]:
    with ExitStack() as stack:
        yield stack


def alembic(url: str, revision: str, down: bool = False) -> None:
    engine = sa.create_engine(sync_url(url))
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)
    engine.dispose()


def eckbot_migrate(url: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"ECKBOT_DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "migrate"], env=env, capture_output=True, text=True, timeout=120
    )


def revision_of(url: str) -> str | None:
    engine = sa.create_engine(sync_url(url))
    with engine.connect() as connection:
        revision = current_revision(connection)
    engine.dispose()
    return revision


def test_eckbot_migrate_brings_an_empty_database_to_the_newest_schema(databases: ExitStack) -> None:
    url = databases.enter_context(fresh_database())

    done = eckbot_migrate(url)

    assert done.returncode == 0, done.stderr
    assert "database is up to date" in done.stdout
    assert revision_of(url) == HEAD
    assert {"boards", "dialog_states", "tickets", "outbox", "recipients"} <= set(schema_of(sync_url(url)))


def test_eckbot_migrate_upgrades_a_database_at_0002_and_keeps_its_data(databases: ExitStack) -> None:
    url = databases.enter_context(fresh_database())
    alembic(url, "0002")
    engine = sa.create_engine(sync_url(url))
    then = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
    board = Board(id="b1", tenant_id="t1", bg_number="41234", name="De Linde", created=Stamp(at=then, by="x"))
    board.step(StepId.LAS).status = StepStatus.WAITING
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO boards (id, tenant_id, bg_number, name, data, version, created_at, updated_at) "
                "VALUES ('b1', 't1', '41234', 'De Linde', :data, 3, :at, :at)"
            ),
            {"data": board.model_dump_json(exclude={"version"}), "at": then},
        )
        connection.execute(sa.text("INSERT INTO welcomes (key, at) VALUES ('someone', now())"))

    done = eckbot_migrate(url)

    assert done.returncode == 0, done.stderr
    assert revision_of(url) == HEAD
    with engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT name, version, step_las FROM boards")).one()
        assert tuple(stored) == ("De Linde", 3, "waiting")
        assert connection.execute(sa.text("SELECT key FROM welcomes")).scalar() == "someone"
        assert connection.execute(sa.text("SELECT count(*) FROM outbox")).scalar() == 0
    engine.dispose()


def test_a_new_database_made_from_the_schema_equals_a_migrated_one(databases: ExitStack) -> None:
    fast = databases.enter_context(fresh_database())
    migrated = databases.enter_context(fresh_database())
    upgrade_to_head(fast)
    engine = sa.create_engine(sync_url(migrated))
    with engine.begin() as connection:
        alembic_upgrade(connection)
    engine.dispose()

    assert schema_of(sync_url(fast)) == schema_of(sync_url(migrated))


def test_the_migrations_go_down_and_up_again(databases: ExitStack) -> None:
    url = databases.enter_context(fresh_database())
    upgrade_to_head(url)

    alembic(url, "0002", down=True)
    assert revision_of(url) == "0002"
    assert "outbox" not in schema_of(sync_url(url))
    upgrade_to_head(url)

    assert revision_of(url) == HEAD
    assert "outbox" in schema_of(sync_url(url))


def test_instances_starting_at_once_on_an_empty_database_all_come_up(databases: ExitStack) -> None:
    url = databases.enter_context(fresh_database())

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(upgrade_to_head, [url] * 4))  # raises if any of them failed

    assert revision_of(url) == HEAD
