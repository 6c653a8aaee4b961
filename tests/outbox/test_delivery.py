"""Messages the bot sends on its own arrive once, whatever the connector does meanwhile."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.onboarding.clock import FixedClock
from bot.outbox.models import NewMessage, OutboxStatus
from bot.storage.outbox_sql import SqlOutboxStore
from tests.outbox.conftest import MakeSender, drain_until_done, message
from tests.outbox.flaky_connector import TIME_OUT, FlakyConnector


async def test_every_message_arrives_once_when_the_connector_fails_and_recovers(
    outbox: SqlOutboxStore, flaky: FlakyConnector, make_sender: MakeSender, clock: FixedClock
) -> None:
    keys = [f"reminder:{n}" for n in range(8)]
    for n, key in enumerate(keys):
        await outbox.enqueue(message(flaky, key, person=f"p{n}"), clock())
    flaky.fail(500, times=2)
    flaky.fail(502)
    flaky.fail(504)
    flaky.fail(412)
    flaky.fail(TIME_OUT)
    flaky.fail(429, times=2, retry_after="3")

    await drain_until_done(make_sender(), outbox, clock, step=30.0)

    assert sorted(flaky.texts()) == sorted(keys)
    assert await outbox.counts() == {OutboxStatus.SENT: 8}
    assert sum(flaky.refused.values()) == 8
    sent = await outbox.by_key("reminder:0")
    assert sent is not None and sent.activity_id and sent.activity_id.startswith("connector-")


async def test_a_429_waits_exactly_as_long_as_retry_after_says(
    outbox: SqlOutboxStore, flaky: FlakyConnector, make_sender: MakeSender, clock: FixedClock
) -> None:
    await outbox.enqueue(message(flaky, "alert:1"), clock())
    flaky.fail(429, retry_after="30")
    sender = make_sender()
    refused_at = clock()

    await sender.drain_once()
    waiting = await outbox.by_key("alert:1")
    assert waiting is not None and waiting.next_attempt_at == refused_at + timedelta(seconds=30)

    clock.advance(seconds=29)
    await sender.drain_once()
    assert flaky.texts() == []

    clock.advance(seconds=1)
    await sender.drain_once()
    assert flaky.texts() == ["alert:1"]


async def test_failures_back_off_exponentially_up_to_the_cap(
    outbox: SqlOutboxStore, flaky: FlakyConnector, make_sender: MakeSender, clock: FixedClock
) -> None:
    await outbox.enqueue(message(flaky, "alert:1"), clock())
    flaky.fail(503, times=5)
    flaky.fail(429, times=1)  # no Retry-After: backs off like the rest
    sender = make_sender(base_backoff=2.0, max_backoff=20.0, jitter=lambda: 1.0)  # the top of the range

    waits = []
    for _ in range(6):
        before = clock()
        await sender.drain_once()
        waiting = await outbox.by_key("alert:1")
        assert waiting is not None
        waits.append((waiting.next_attempt_at - before).total_seconds())
        clock.advance(seconds=waits[-1])
    await sender.drain_once()

    assert waits == [2.0, 4.0, 8.0, 16.0, 20.0, 20.0]
    assert flaky.texts() == ["alert:1"]


@pytest.mark.parametrize("status", [403, 404])
async def test_a_person_who_removed_the_bot_is_not_tried_again(
    status: int, outbox: SqlOutboxStore, flaky: FlakyConnector, make_sender: MakeSender, clock: FixedClock
) -> None:
    for n in range(3):
        await outbox.enqueue(message(flaky, f"reminder:gone:{n}", person="gone"), clock())
    await outbox.enqueue(message(flaky, "reminder:here", person="here"), clock())
    flaky.fail(status, times=100, conversation="a:gone")

    await drain_until_done(make_sender(), outbox, clock)
    for _ in range(5):
        clock.advance(hours=1)
        await make_sender().drain_once()

    assert flaky.texts() == ["reminder:here"]
    assert flaky.refused[status] == 1
    assert (await outbox.counts())[OutboxStatus.UNREACHABLE] == 3
    person = await outbox.recipient("gone")
    assert person is not None and not person.reachable


async def test_after_the_last_attempt_a_message_is_failed_where_coordinators_see_it(
    outbox: SqlOutboxStore, flaky: FlakyConnector, make_sender: MakeSender, clock: FixedClock
) -> None:
    await outbox.enqueue(message(flaky, "digest:1", person="coordinator", kind="digest"), clock())
    flaky.fail(500, times=100)

    await drain_until_done(make_sender(max_attempts=4), outbox, clock, step=15 * 60)

    failed = await outbox.failed()
    assert [(m.idempotency_key, m.attempts, m.last_error) for m in failed] == [("digest:1", 4, "http_500")]
    assert flaky.refused[500] == 4
    assert flaky.texts() == []


async def test_a_bad_message_is_given_up_at_once_and_the_others_still_go(
    outbox: SqlOutboxStore, flaky: FlakyConnector, make_sender: MakeSender, clock: FixedClock
) -> None:
    await outbox.enqueue(message(flaky, "refused", person="a"), clock())
    broken = message(flaky, "no-conversation", person="b")
    await outbox.enqueue(NewMessage(**{**broken.__dict__, "reference": {"serviceUrl": 42}}), clock())
    odd = message(flaky, "odd-activity", person="c")
    await outbox.enqueue(
        NewMessage(**{**odd.__dict__, "activities": [{"type": "message", "text": []}]}), clock()
    )
    await outbox.enqueue(message(flaky, "fine", person="d"), clock())
    flaky.fail(400, conversation="a:a")

    await drain_until_done(make_sender(), outbox, clock)

    assert flaky.texts() == ["fine"]
    failed = {m.idempotency_key: m.last_error for m in await outbox.failed()}
    assert failed == {
        "refused": "http_400",
        "no-conversation": "bad_reference",
        "odd-activity": "bad_activities",
    }


async def test_the_running_sender_delivers_what_is_queued_meanwhile_and_stops_when_told(
    outbox: SqlOutboxStore, flaky: FlakyConnector, make_sender: MakeSender, clock: FixedClock
) -> None:
    stop = asyncio.Event()
    running = asyncio.create_task(make_sender().run(stop, idle=0.01))
    for n in range(3):
        await outbox.enqueue(message(flaky, f"alert:{n}", person=f"p{n}"), clock())
        await asyncio.sleep(0.05)
    for _ in range(100):
        if len(flaky.deliveries) == 3:
            break
        await asyncio.sleep(0.02)

    stop.set()
    await asyncio.wait_for(running, 5)

    assert sorted(flaky.texts()) == ["alert:0", "alert:1", "alert:2"]
    await outbox.enqueue(message(flaky, "after-stop"), clock())
    await asyncio.sleep(0.05)
    assert len(flaky.deliveries) == 3
