"""Several senders on one database: each message goes out once, by one of them, and none is lost."""

from __future__ import annotations

import asyncio
import sys
from collections import Counter
from pathlib import Path

from bot.onboarding.clock import FixedClock
from bot.outbox.models import OutboxStatus
from bot.storage.outbox_sql import SqlOutboxStore
from tests.outbox.conftest import MakeSender, drain_until_done, message
from tests.outbox.flaky_connector import FlakyConnector

REPO = Path(__file__).resolve().parents[2]


async def test_two_senders_on_one_database_send_each_message_once(
    outbox: SqlOutboxStore,
    second_outbox: SqlOutboxStore,
    flaky: FlakyConnector,
    make_sender: MakeSender,
    clock: FixedClock,
) -> None:
    keys = [f"reminder:{n}" for n in range(60)]
    for n, key in enumerate(keys):
        await outbox.enqueue(message(flaky, key, person=f"p{n % 20}"), clock())
    flaky.fail(500, times=5)
    first = make_sender("process-a", batch=10)
    second = make_sender("process-b", store=second_outbox, batch=10)

    claimed = Counter[str]()
    for _ in range(200):
        a, b = await asyncio.gather(first.drain_once(), second.drain_once())
        claimed["a"] += a
        claimed["b"] += b
        if not (await outbox.counts()).get(OutboxStatus.QUEUED):
            break
        clock.advance(seconds=5)

    assert sorted(flaky.texts()) == sorted(keys)
    assert claimed["a"] and claimed["b"]


async def test_a_sender_whose_lease_was_taken_over_does_not_send_it_again(
    outbox: SqlOutboxStore,
    second_outbox: SqlOutboxStore,
    flaky: FlakyConnector,
    make_sender: MakeSender,
    clock: FixedClock,
) -> None:
    await outbox.enqueue(message(flaky, "alert:1", person="p1"), clock())
    await outbox.enqueue(message(flaky, "alert:2", person="p2", tenant="t2"), clock())
    taker = make_sender("process-b", store=second_outbox)

    async def stalled(seconds: float) -> None:
        # Process A sent the first message; before the second it stalls (a long pause, a frozen
        # VM) past its lease, and B takes over what A had not sent.
        await asyncio.sleep(0.1)
        clock.advance(seconds=61)
        await taker.drain_once()

    stalling = make_sender("process-a", sleep=stalled, tenant_rate=1, global_rate=1)
    await stalling.drain_once()
    await drain_until_done(taker, outbox, clock)

    assert sorted(flaky.texts()) == ["alert:1", "alert:2"]
    assert len(flaky.deliveries) == 2


async def test_two_server_processes_on_one_database_send_each_message_once(
    outbox: SqlOutboxStore, database_url: str, tmp_path: Path, clock: FixedClock
) -> None:
    connector = FlakyConnector(delay=0.002)
    await connector.start()
    try:
        keys = [f"reminder:{n}" for n in range(300)]
        for n, key in enumerate(keys):
            await outbox.enqueue(message(connector, key, person=f"p{n}", tenant=f"t{n % 3}"), clock())
        connector.fail(502, times=10)
        connector.fail(429, times=5, retry_after="0")
        processes = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "tests.outbox.sender_process",
                database_url,
                cwd=REPO,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
            )
            for _ in range(2)
        ]
        for process in processes:
            assert process.stdout is not None
            assert (await asyncio.wait_for(process.stdout.readline(), 60)).strip() == b"ready"
        for process in processes:
            assert process.stdin is not None
            process.stdin.write(b"go\n")
            await process.stdin.drain()
        outputs = [await asyncio.wait_for(process.communicate(), 120) for process in processes]
    finally:
        await connector.close()

    assert all(process.returncode == 0 for process in processes)
    claimed = [int(out.split()[-1]) for out, _ in outputs]
    assert all(claimed), f"both processes should have sent some: {claimed}"
    assert Counter(connector.texts()) == Counter(keys)  # each exactly once
    assert await outbox.counts() == {OutboxStatus.SENT: 300}
