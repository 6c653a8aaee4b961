"""An outbox on a fresh SQLite file, a flaky connector on loopback, and senders on a clock the test
moves: the sender's sleeps move that clock instead of waiting for real."""

from __future__ import annotations

import asyncio
import math
import random
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Any

import pytest
from aiohttp import ClientTimeout

import bot.connector.client
from bot.connector.pool import ConnectorPool
from bot.onboarding.clock import FixedClock
from bot.outbox.limits import SenderLimits
from bot.outbox.models import NewMessage, OutboxStatus
from bot.outbox.sender import OutboxSender, Sleep
from bot.storage.outbox_sql import SqlOutboxStore
from bot.storage.runners import runner_for
from bot.storage.sql import SqlStore
from tests.http.conftest import loopback_only  # noqa: F401  (autouse: nothing beyond loopback)
from tests.outbox.flaky_connector import FlakyConnector

MakeSender = Callable[..., OutboxSender]


class VirtualTime:
    """A sleep that moves the test's clock to where the sleeper wanted to wake up."""

    def __init__(self, clock: FixedClock) -> None:
        self.clock = clock
        self.origin = clock()

    def now(self) -> float:
        """Seconds since the test began: small numbers, which a float holds to the microsecond."""
        return (self.clock() - self.origin).total_seconds()

    async def sleep(self, seconds: float) -> None:
        # Rounded up to the clock's microsecond: a sleeper never wakes before it asked to.
        target = self.clock() + timedelta(microseconds=math.ceil(seconds * 1_000_000))
        await asyncio.sleep(0)
        if self.clock() < target:
            self.clock.advance(seconds=(target - self.clock()).total_seconds())


@pytest.fixture
def virtual(clock: FixedClock) -> VirtualTime:
    return VirtualTime(clock)


@pytest.fixture
async def flaky(virtual: VirtualTime, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FlakyConnector]:
    # A time-out takes a fifth of a second here, not the fifteen a real one does.
    monkeypatch.setattr(bot.connector.client, "REQUEST_TIMEOUT", ClientTimeout(total=0.2))
    fake = FlakyConnector(now=virtual.now, hang=0.5)
    await fake.start()
    yield fake
    await fake.close()


@pytest.fixture
def outbox(store: SqlStore) -> SqlOutboxStore:
    return SqlOutboxStore(store.runner)


@pytest.fixture
async def pool() -> AsyncIterator[ConnectorPool]:
    opened = ConnectorPool("", "", "")  # local mode: no app id, no token
    yield opened
    await opened.close()


@pytest.fixture
def make_sender(
    outbox: SqlOutboxStore, pool: ConnectorPool, clock: FixedClock, virtual: VirtualTime
) -> MakeSender:
    def make(
        owner: str = "sender-a",
        store: SqlOutboxStore | None = None,
        jitter: Callable[[], float] = random.random,
        sleep: Sleep | None = None,
        **limits: Any,
    ) -> OutboxSender:
        return OutboxSender(
            store or outbox,
            pool,
            clock,
            owner,
            SenderLimits(**limits),
            sleep=sleep or virtual.sleep,
            monotonic=virtual.now,
            jitter=jitter,
        )

    return make


@pytest.fixture
async def second_outbox(database_url: str, store: SqlStore) -> AsyncIterator[SqlOutboxStore]:
    """The same database through a connection of its own, as another process would have."""
    runner = runner_for(database_url)
    yield SqlOutboxStore(runner)
    await runner.close()


def message(
    connector: FlakyConnector,
    key: str,
    person: str = "p1",
    conversation: str | None = None,
    tenant: str = "tenant-1",
    kind: str = "reminder",
) -> NewMessage:
    reference = {
        "serviceUrl": connector.service_url,
        "channelId": "msteams",
        "bot": {"id": "28:eckbot"},
        "user": {"id": f"29:{person}"},
        "conversation": {"id": conversation or f"a:{person}", "tenantId": tenant},
    }
    return NewMessage(key, kind, person, reference, [{"type": "message", "text": key}], "board-1")


async def drain_until_done(
    sender: OutboxSender, outbox: SqlOutboxStore, clock: FixedClock, step: float = 1.0, rounds: int = 500
) -> None:
    """Drains, moving the clock STEP seconds between rounds, until nothing is queued."""
    for _ in range(rounds):
        await sender.drain_once()
        if not (await outbox.counts()).get(OutboxStatus.QUEUED):
            return
        clock.advance(seconds=step)
    raise AssertionError(f"still queued after {rounds} rounds: {await outbox.counts()}")
