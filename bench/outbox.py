"""Benchmark: 10,000 reminders for 2,000 boards, drained from the outbox through a fake connector.

Enqueues --messages reminders (distinct idempotency keys) for --boards boards, one conversation
per board, the boards spread over --tenants tenants; starts a counting Bot Connector on loopback
in a process of its own (so that its work is not counted as the sender's); drains the outbox
with OutboxSender.run at the default limits (or --rate per tenant); and prints the time,
messages per second, the sender's peak memory, the highest requests per second the connector saw
per tenant and per conversation against the limits, and the duplicates and losses (both must be
0). With the default 50 requests/s per tenant, one tenant would take 10,000 / 50 = 200 s: ten
tenants take about 20 s.

Run: .venv/bin/python -m bench.outbox [--tenants 10] [--rate 50] [--messages 10000] [--boards 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import multiprocessing
import resource
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, web

from bot.connector.pool import ConnectorPool
from bot.outbox.limits import SenderLimits
from bot.outbox.models import NewMessage, OutboxStatus
from bot.outbox.sender import OutboxSender
from bot.storage.migrate import upgrade_to_head
from bot.storage.outbox_sql import SqlOutboxStore
from bot.storage.runners import runner_for

Arrival = tuple[float, str, str, str]  # when, tenant, conversation, text


def _serve(port_out: Any) -> None:
    """The connector process: records every send, answers like Teams, reports on GET /stats."""
    arrivals: list[Arrival] = []

    async def send(request: web.Request) -> web.Response:
        body = await request.json()
        tenant = ((body.get("channelData") or {}).get("tenant") or {}).get("id", "")
        arrivals.append((time.monotonic(), tenant, request.match_info["conversation"], body.get("text", "")))
        return web.json_response({"id": f"activity-{len(arrivals)}"})

    async def stats(_: web.Request) -> web.Response:
        return web.json_response(arrivals)

    async def main() -> None:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation}/activities", send)
        app.router.add_get("/stats", stats)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port_out.send(runner.addresses[0][1])
        await asyncio.Event().wait()

    asyncio.run(main())


def peak_in_a_second(times: list[float]) -> int:
    """The most arrivals in any window of one second, (t - 1, t]."""
    times = sorted(times)
    return max((i + 1 - bisect.bisect_right(times, t - 1.0) for i, t in enumerate(times)), default=0)


def reminders(service_url: str, messages: int, boards: int, tenants: int, now: datetime) -> list[NewMessage]:
    out = []
    for n in range(messages):
        board = n % boards
        reference = {
            "serviceUrl": service_url,
            "channelId": "msteams",
            "bot": {"id": "28:eckbot"},
            "user": {"id": f"29:member-{board}"},
            "conversation": {"id": f"a:board-{board}", "tenantId": f"tenant-{board % tenants}"},
        }
        key = f"reminder:board-{board}:{n // boards}"
        activity = {"type": "message", "text": key}
        out.append(
            NewMessage(key, "reminder", f"member-{board}", reference, [activity], f"board-{board}", now)
        )
    return out


async def drain(args: argparse.Namespace, database_url: str, service_url: str) -> dict[str, float]:
    upgrade_to_head(database_url)
    runner = runner_for(database_url)
    store = SqlOutboxStore(runner)
    now = datetime.now(UTC)
    started = time.perf_counter()
    for message in reminders(service_url, args.messages, args.boards, args.tenants, now):
        await store.enqueue(message, now)
    enqueued = time.perf_counter() - started

    pool = ConnectorPool("", "", "")
    limits = replace(SenderLimits(), tenant_rate=args.rate)
    sender = OutboxSender(store, pool, limits=limits)
    stop = asyncio.Event()
    started = time.perf_counter()
    running = asyncio.create_task(sender.run(stop, idle=args.idle))
    while True:  # the sender runs as the server runs it; the benchmark only watches the queue
        if not (await store.counts()).get(OutboxStatus.QUEUED):
            break
        await asyncio.sleep(0.1)
    elapsed = time.perf_counter() - started
    stop.set()
    await running
    counts = await store.counts()
    await pool.close()
    await runner.close()
    return {"enqueued": enqueued, "elapsed": elapsed, "sent": counts.get(OutboxStatus.SENT, 0)}


async def fetch_arrivals(service_url: str) -> list[Arrival]:
    async with ClientSession() as session, session.get(service_url + "stats") as answer:
        return [tuple(a) for a in await answer.json()]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--boards", type=int, default=2_000)
    parser.add_argument("--tenants", type=int, default=10)
    parser.add_argument(
        "--rate", type=float, default=SenderLimits().tenant_rate, help="requests/s per tenant"
    )
    parser.add_argument("--idle", type=float, default=0.1, help="the sender's rest when nothing is due")
    args = parser.parse_args()

    receive, send = multiprocessing.Pipe(duplex=False)
    connector = multiprocessing.Process(target=_serve, args=(send,), daemon=True)
    connector.start()
    service_url = f"http://127.0.0.1:{receive.recv()}/"
    try:
        with tempfile.TemporaryDirectory() as folder:
            database_url = f"sqlite:///{Path(folder) / 'outbox.db'}"
            result = asyncio.run(drain(args, database_url, service_url))
        arrivals = asyncio.run(fetch_arrivals(service_url))
    finally:
        connector.terminate()

    limits = replace(SenderLimits(), tenant_rate=args.rate)
    by_tenant: dict[str, list[float]] = defaultdict(list)
    by_conversation: dict[str, list[float]] = defaultdict(list)
    for at, tenant, conversation, _ in arrivals:
        by_tenant[tenant].append(at)
        by_conversation[conversation].append(at)
    texts = Counter(text for *_, text in arrivals)
    keys = {
        m.idempotency_key for m in reminders("", args.messages, args.boards, args.tenants, datetime.now(UTC))
    }
    duplicates = sum(n - 1 for n in texts.values() if n > 1)
    lost = len(keys - set(texts))
    gaps = [b - a for times in by_conversation.values() for a, b in pairwise(sorted(times))]
    all_times = [at for at, *_ in arrivals]
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux

    print(f"`{' '.join(['python -m bench.outbox', *sys.argv[1:]])}`\n")
    print("| measure | value | limit |")
    print("| --- | ---: | ---: |")
    shape = f"{args.messages:,}, {args.boards:,}, {args.tenants}"
    print(f"| reminders, boards (= conversations), tenants | {shape} | |")
    print(f"| enqueue time | {result['enqueued']:.1f} s | |")
    print(f"| drain time | {result['elapsed']:.1f} s | |")
    print(f"| messages per second | {result['sent'] / result['elapsed']:.0f} | |")
    print(f"| sender's peak RSS | {peak_rss:.0f} MB | |")
    peak_tenant = max(peak_in_a_second(t) for t in by_tenant.values())
    print(f"| highest requests in any 1 s, per tenant | {peak_tenant} | {limits.tenant_rate:g} |")
    peak_all = peak_in_a_second(all_times)
    print(f"| highest requests in any 1 s, all tenants | {peak_all} | {limits.global_rate:g} |")
    peak_conversation = max(peak_in_a_second(t) for t in by_conversation.values())
    print(f"| highest requests in any 1 s, per conversation | {peak_conversation} | 1 |")
    print(
        f"| shortest gap between two messages to one conversation | {min(gaps, default=0):.3f} s | "
        f"{limits.conversation_interval:g} s |"
    )
    print(f"| duplicates | {duplicates} | 0 |")
    print(f"| lost | {lost} | 0 |")


if __name__ == "__main__":
    main()
