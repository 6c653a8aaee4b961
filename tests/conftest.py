"""Shared fixtures: a fresh database per test (SQLite, and PostgreSQL as well when
ECKBOT_TEST_POSTGRES_URL names a server), content loaded once, a clock tests can set."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.composition import Components, build, load_checked_content
from bot.config import Settings
from bot.content import Content
from bot.onboarding.clock import FixedClock
from bot.storage.migrate import upgrade_to_head
from bot.storage.sql import SqlStore
from tests.flow import Flow
from tests.http.fake_connector import FakeConnector
from tests.http.fake_login import FakeLogin
from tests.storage.postgres import BACKENDS, fresh_database

# `eckbot serve` keeps a start-up cache in the user's folder; tests start from nothing, always.
os.environ["ECKBOT_CACHE_DIR"] = "off"

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def content() -> Content:
    return load_checked_content(Settings(_env_file=None))


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Every test that stores something runs once per backend, each time on an empty database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'eckbot.db'}"
        return
    with fresh_database() as url:
        yield url


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(_env_file=None, database_url=database_url)


@pytest.fixture
async def store(database_url: str, clock: FixedClock) -> AsyncIterator[SqlStore]:
    """A migrated store of its own for each test."""
    upgrade_to_head(database_url)
    opened = SqlStore.from_url(database_url, clock)
    yield opened
    await opened.close()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 23, 9, 15, tzinfo=UTC))


@pytest.fixture
async def components(settings: Settings, clock: FixedClock, content: Content) -> AsyncIterator[Components]:
    built = await build(settings, clock, content)
    yield built
    await built.close()


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    """The Bot Connector on loopback, where replies go."""
    fake = FakeConnector()
    await fake.start()
    yield fake
    await fake.close()


@pytest.fixture
async def login() -> AsyncIterator[FakeLogin]:
    """Microsoft Entra's token endpoint on loopback, where a bot with an app id gets its token."""
    fake = FakeLogin()
    await fake.start()
    yield fake
    await fake.close()


@pytest.fixture
def make_flow(components: Components) -> Callable[..., Flow]:
    def make(**options: object) -> Flow:
        return Flow(components, **options)  # type: ignore[arg-type]

    return make


@pytest.fixture
def flow(make_flow: Callable[..., Flow]) -> Flow:
    return make_flow(locale="nl")
