"""Benchmark: boards walking the whole journey over HTTP, replies going to a fake connector.

Prints turns/s and latency percentiles at several concurrencies, peak memory, and the cold
start of `eckbot serve` until /readyz answers. Loopback only. Run: make bench
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, web

from bot.app import create_app
from bot.config import Settings

# Typed answers only: every one is a real turn that reads and writes the board.
SCRIPT = [
    "stap 1", "{bg}", "Stichting Bench {bg}", "verder", "ja", "vandaag",
    "toevoegen", "01AB", "De Regenboog", "directeur",
    "toevoegen", "02CD", "Het Kompas", "administratie", "klaar",
    "stap 2", "01AB", "parnassys", "verder", "ja", "02CD", "esis", "verder", "ja", "klaar",
    "stap 3", "verder", "1", "5", "1", "2", "5", "1", "3", "5", "1", "klaar",
    "stap 4", "verder", "ja", "administratie", "ja", "ICT-coördinator",
    "stap 5", "verder", "ja", "status",
]  # fmt: skip


async def fake_connector() -> tuple[web.AppRunner, int]:
    async def accept(request: web.Request) -> web.Response:
        await request.read()
        return web.json_response({"id": uuid.uuid4().hex})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", accept)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, port


def activity(text: str, user: str, connector_port: int) -> dict[str, Any]:
    return {
        "type": "message",
        "id": uuid.uuid4().hex,
        "channelId": "msteams",
        "serviceUrl": f"http://127.0.0.1:{connector_port}/",
        "from": {"id": f"29:{user}", "name": "Bench", "aadObjectId": user},
        "recipient": {"id": "28:bot", "name": "ECK iD wegwijzer"},
        "conversation": {"id": f"a:{user}", "conversationType": "personal", "tenantId": "bench"},
        "channelData": {"tenant": {"id": "bench"}},
        "locale": "nl-NL",
        "text": text,
    }


async def walk(session: ClientSession, url: str, board: int, connector_port: int) -> list[float]:
    user = f"bench-{board}-{uuid.uuid4().hex[:6]}"
    bg = f"{board:05d}"
    timings = []
    for line in SCRIPT:
        started = time.perf_counter()
        async with session.post(url, json=activity(line.format(bg=bg), user, connector_port)) as response:
            await response.read()
            if response.status >= 400:
                raise RuntimeError(f"turn {line!r} got HTTP {response.status}")
        timings.append(time.perf_counter() - started)
    return timings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def run_level(url: str, concurrency: int, boards: int, port: int, numbers: Any) -> dict[str, float]:
    async with ClientSession() as session:
        started = time.perf_counter()
        semaphore = asyncio.Semaphore(concurrency)

        async def one() -> list[float]:
            async with semaphore:
                return await walk(session, url, next(numbers), port)

        results = await asyncio.gather(*(one() for _ in range(boards)))
        elapsed = time.perf_counter() - started
    timings = [t for result in results for t in result]
    return {
        "turns": len(timings),
        "turns_per_s": len(timings) / elapsed,
        "p50": percentile(timings, 0.50) * 1000,
        "p95": percentile(timings, 0.95) * 1000,
        "p99": percentile(timings, 0.99) * 1000,
        "mean": statistics.fmean(timings) * 1000,
    }


def completed_boards(path: Path) -> tuple[int, int]:
    """How many boards the script really walked to the end: a benchmark of errors proves nothing."""
    import json
    import sqlite3

    with sqlite3.connect(path) as db:
        rows = [json.loads(data) for (data,) in db.execute("SELECT data FROM boards")]
    done = sum(all(step["status"] == "done" for step in row["steps"].values()) for row in rows)
    return done, len(rows)


def cold_start(database_url: str) -> float:
    """Seconds from starting `eckbot serve` to the first 200 from /readyz."""
    port = 39000 + os.getpid() % 1000
    env = os.environ | {"ECKBOT_DATABASE_URL": database_url}
    eckbot = Path(sys.executable).parent / "eckbot"
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(eckbot), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        import urllib.request

        while time.perf_counter() - started < 60:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as answer:
                    if answer.status == 200:
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("eckbot serve did not become ready within 60 s")
    finally:
        process.terminate()
        process.wait(timeout=10)


async def main(levels: list[int], boards_per_level: int) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="eckbot-bench-"))
    database_url = f"sqlite:///{workdir / 'bench.db'}"
    connector, connector_port = await fake_connector()
    app = create_app(Settings(_env_file=None, database_url=database_url, log_level="WARNING"))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    bot_port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    url = f"http://127.0.0.1:{bot_port}/api/messages"
    numbers = itertools.count(10000)
    rows = []
    try:
        await run_level(url, 2, 2, connector_port, numbers)  # warm-up: imports, caches, first migration
        for concurrency in levels:
            row = await run_level(url, concurrency, boards_per_level, connector_port, numbers)
            rows.append((concurrency, row))
    finally:
        await runner.cleanup()
        await connector.cleanup()
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    completed, total = completed_boards(workdir / "bench.db")
    start_s = cold_start(f"sqlite:///{workdir / 'cold.db'}")

    levels_text = " ".join(map(str, levels))
    print(f"command: python bench/journey.py --levels {levels_text} --boards {boards_per_level}")
    print(f"journey: {len(SCRIPT)} typed turns per board, SQLite, replies to a fake connector on loopback")
    print()
    print("| concurrency | turns | turns/s | p50 ms | p95 ms | p99 ms |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for concurrency, row in rows:
        print(
            f"| {concurrency} | {row['turns']:.0f} | {row['turns_per_s']:.0f} | "
            f"{row['p50']:.1f} | {row['p95']:.1f} | {row['p99']:.1f} |"
        )
    print()
    print(f"boards that completed all five steps: {completed} of {total}")
    print(f"peak RSS of the benchmark process (bot + client): {peak_rss_mb:.0f} MB")
    print(f"cold start of eckbot serve until /readyz: {start_s:.2f} s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 10, 20])
    parser.add_argument("--boards", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(main(args.levels, args.boards))
