"""One sender process for the two-process test: `python -m tests.outbox.sender_process DATABASE_URL`.

It builds its own store and connector pool on the database, says "ready", waits for "go" on
stdin (so that both processes start draining together), drains until nothing is queued, and
prints how many messages it claimed.
"""

from __future__ import annotations

import asyncio
import sys

from bot.connector.pool import ConnectorPool
from bot.outbox.limits import SenderLimits
from bot.outbox.models import OutboxStatus
from bot.outbox.sender import OutboxSender
from bot.storage.outbox_sql import SqlOutboxStore
from bot.storage.runners import runner_for

LIMITS = SenderLimits(batch=5, tenant_rate=1000, global_rate=1000, conversation_interval=0.01)


async def main(database_url: str) -> None:
    runner = runner_for(database_url)
    store = SqlOutboxStore(runner)
    pool = ConnectorPool("", "", "")
    sender = OutboxSender(store, pool, limits=LIMITS)
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    claimed = 0
    while (await store.counts()).get(OutboxStatus.QUEUED):
        claimed += await sender.drain_once()
        await asyncio.sleep(0)
    print(f"claimed {claimed}", flush=True)
    await pool.close()
    await runner.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
