"""The sender keeps to Microsoft's limits: one conversation is not flooded, nor is a tenant."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

from bot.onboarding.clock import FixedClock
from bot.storage.outbox_sql import SqlOutboxStore
from tests.outbox.conftest import MakeSender, VirtualTime, drain_until_done, message
from tests.outbox.flaky_connector import Delivery, FlakyConnector


def peak_per_second(deliveries: list[Delivery], start: float) -> int:
    seconds = Counter(int(d.at - start) for d in deliveries)
    return max(seconds.values())


async def test_messages_to_one_conversation_are_at_least_the_interval_apart(
    outbox: SqlOutboxStore, flaky: FlakyConnector, make_sender: MakeSender, clock: FixedClock
) -> None:
    for n in range(4):
        await outbox.enqueue(message(flaky, f"reminder:{n}", person="busy"), clock())
        clock.advance(milliseconds=1)
    await outbox.enqueue(message(flaky, "reminder:other", person="other"), clock())

    await drain_until_done(make_sender(conversation_interval=1.5), outbox, clock, step=0.1)

    busy = [d for d in flaky.deliveries if d.conversation == "a:busy"]
    assert [d.text for d in busy] == [f"reminder:{n}" for n in range(4)]
    assert all(later.at - earlier.at >= 1.5 for earlier, later in pairwise(busy))
    assert flaky.deliveries[1].text == "reminder:other"  # the other conversation did not wait


async def test_a_conversation_that_got_429_waits_before_its_next_message(
    outbox: SqlOutboxStore,
    flaky: FlakyConnector,
    make_sender: MakeSender,
    clock: FixedClock,
    virtual: VirtualTime,
) -> None:
    for n in range(2):
        await outbox.enqueue(message(flaky, f"reminder:{n}", person="busy"), clock())
    flaky.fail(429, retry_after="10")
    start = virtual.now()

    await drain_until_done(make_sender(), outbox, clock, step=0.5)

    assert sorted(flaky.texts()) == ["reminder:0", "reminder:1"]
    assert min(d.at for d in flaky.deliveries) - start >= 10


async def test_no_tenant_and_no_process_goes_over_its_rate(
    outbox: SqlOutboxStore,
    flaky: FlakyConnector,
    make_sender: MakeSender,
    clock: FixedClock,
    virtual: VirtualTime,
) -> None:
    for n in range(40):
        for tenant in ("t1", "t2"):
            await outbox.enqueue(
                message(flaky, f"{tenant}:{n}", person=f"{tenant}-{n}", tenant=tenant), clock()
            )
            clock.advance(microseconds=1)
    start = virtual.now()

    # One message a round, so that each delivery is stamped at the moment it was sent.
    await drain_until_done(
        make_sender(batch=1, tenant_rate=10, global_rate=15), outbox, clock, step=0.0, rounds=200
    )

    assert len(flaky.deliveries) == 80
    for tenant in ("t1", "t2"):
        assert peak_per_second([d for d in flaky.deliveries if d.tenant == tenant], start) <= 10
    assert peak_per_second(flaky.deliveries, start) == 15  # both tenants together: the process's limit
