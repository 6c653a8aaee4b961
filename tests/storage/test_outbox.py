"""The outbox as senders use it: queued once per key, leased to one sender, never sent twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.outbox.models import NewMessage, OutboxStatus
from bot.storage.outbox_sql import SqlOutboxStore
from bot.storage.sql import SqlStore

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)


def reminder(person: str = "p1", key: str = "reminder:b1:las:p1:2026-49") -> NewMessage:
    reference = {"conversation": {"id": f"a:{person}"}, "serviceUrl": "http://127.0.0.1:1/"}
    return NewMessage(key, "reminder", person, reference, [{"type": "message", "text": "hallo"}], "b1")


@pytest.fixture
def outbox(store: SqlStore) -> SqlOutboxStore:
    return SqlOutboxStore(store.runner)


async def test_the_same_key_is_queued_once(outbox: SqlOutboxStore) -> None:
    assert await outbox.enqueue(reminder(), NOW)
    assert not await outbox.enqueue(reminder(), NOW + timedelta(days=1))
    assert (await outbox.counts()) == {OutboxStatus.QUEUED: 1}


async def test_a_leased_message_goes_to_one_sender_until_its_lease_runs_out(outbox: SqlOutboxStore) -> None:
    await outbox.enqueue(reminder(), NOW)

    first = await outbox.claim("process-a", NOW, LEASE, 10)
    assert [m.idempotency_key for m in first] == ["reminder:b1:las:p1:2026-49"]
    assert await outbox.claim("process-b", NOW + timedelta(seconds=29), LEASE, 10) == []

    # process-a died: after its lease, process-b takes over, and process-a can no longer mark it
    taken_over = await outbox.claim("process-b", NOW + timedelta(seconds=31), LEASE, 10)
    assert [m.id for m in taken_over] == [first[0].id]
    assert not await outbox.still_due(first[0].id, "process-a")
    assert not await outbox.mark_sent(first[0].id, "process-a", NOW, "x")
    assert await outbox.mark_sent(first[0].id, "process-b", NOW, "activity-1")
    assert await outbox.claim("process-a", NOW + timedelta(hours=1), LEASE, 10) == []


async def test_a_message_not_yet_due_waits(outbox: SqlOutboxStore) -> None:
    later = NewMessage(**{**reminder().__dict__, "not_before": NOW + timedelta(hours=14)})
    await outbox.enqueue(later, NOW)

    assert await outbox.claim("a", NOW + timedelta(hours=13), LEASE, 10) == []
    assert len(await outbox.claim("a", NOW + timedelta(hours=14), LEASE, 10)) == 1


async def test_a_person_who_removed_the_bot_gets_nothing_more(outbox: SqlOutboxStore) -> None:
    await outbox.enqueue(reminder("p1", "k1"), NOW)
    await outbox.enqueue(reminder("p1", "k2"), NOW)
    await outbox.enqueue(reminder("p2", "k3"), NOW)

    assert await outbox.mark_unreachable("p1", NOW) == 2

    left = await outbox.claim("a", NOW, LEASE, 10)
    assert [m.idempotency_key for m in left] == ["k3"]
    recipient = await outbox.recipient("p1")
    assert recipient is not None and not recipient.reachable
