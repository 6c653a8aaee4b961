"""Benchmark: our bot's journey turns against the stock botbuilder echo bot and a bare aiohttp echo.

In one run, each bot runs as its own process behind the same fake connector (in this process,
on loopback) and gets the same number of turns at each concurrency:
  (a) the stock botbuilder-python echo bot (bench/echo_stock.py),
  (b) a bare aiohttp echo handler with a pooled client session (bench/echo_bare.py),
  (c) `eckbot serve` on SQLite, its conversations walking the five steps with card presses,
      card fields and typed answers, every one of them read and written in the database.
Prints turns/s, latency percentiles and peak RSS per bot and concurrency, the ratios c/a and
c/b, the cold start of `eckbot serve`, and its memory with 10,000 boards in the database.

Run: make bench   (or: .venv/bin/python bench/turns.py --help)
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from bench.load import JOURNEY, FakeConnector, LevelResult, run_level
from bench.seed import seed_boards

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
EckbotEnv = dict[str, str]


def free_port() -> int:
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def eckbot_env(database_url: str) -> EckbotEnv:
    # No app id: local mode, as the echo bots. ECKBOT_LOG_LEVEL as in production.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ECKBOT_", "Microsoft"))}
    # Each simulated conversation sends far more than a person's 30 messages a minute: the limiter
    # still counts every turn (its cost is measured), but lets them all through.
    return env | {
        "ECKBOT_DATABASE_URL": database_url,
        "ECKBOT_LOG_LEVEL": "WARNING",
        "ECKBOT_MESSAGES_PER_MINUTE": "1000000",
    }


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    port: int
    ready_after: float

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/messages"

    def rss_mb(self) -> float:
        return _status_kb(self.process.pid, "VmRSS") / 1024

    def peak_rss_mb(self) -> float:
        return _status_kb(self.process.pid, "VmHWM") / 1024

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _status_kb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return float(line.split()[1])
    return 0.0


def start(name: str, command: list[str], port: int, env: EckbotEnv | None = None) -> Server:
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while time.perf_counter() - started < 60:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as answer:
                if answer.status == 200:
                    return Server(name, process, port, time.perf_counter() - started)
        except OSError:
            time.sleep(0.01)
    process.kill()
    raise RuntimeError(f"{name} did not become ready within 60 s")


def start_eckbot(database_url: str) -> Server:
    port = free_port()
    command = [str(Path(PYTHON).parent / "eckbot"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    return start("eckbot", command, port, eckbot_env(database_url))


@dataclass
class Row:
    bot: str
    concurrency: int
    turns: int
    turns_per_s: float
    p50: float
    p95: float
    p99: float
    peak_rss_mb: float
    errors: int
    lost: int


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0.0


async def sample_rss(server: Server, peak: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], server.rss_mb())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 0.05)


async def measure(
    server: Server, connector: FakeConnector, concurrency: int, conversations: int, journey: bool, first: int
) -> tuple[Row, LevelResult]:
    peak = [server.rss_mb()]
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_rss(server, peak, stop))
    result = await run_level(server.url, connector, concurrency, conversations, journey, first)
    stop.set()
    await sampler
    lost = 0
    if not journey:  # an echo answers every turn exactly once
        counts = connector.calls_per_conversation(result.users)
        lost = sum(n * max(0, len(JOURNEY) - calls) for calls, n in counts.items())
    row = Row(
        bot=server.name,
        concurrency=concurrency,
        turns=len(result.latencies),
        turns_per_s=len(result.latencies) / result.elapsed,
        p50=percentile(result.latencies, 0.50),
        p95=percentile(result.latencies, 0.95),
        p99=percentile(result.latencies, 0.99),
        peak_rss_mb=peak[0],
        errors=len(result.errors),
        lost=lost,
    )
    return row, result


MAX_CONVERSATIONS = 200  # enough for a steady state; the stock echo takes 90 s for them at 100 at once


def conversations_at(concurrency: int, rounds: int) -> int:
    return max(4, min(concurrency * rounds, MAX_CONVERSATIONS))


async def bench_bot(
    server: Server, connector: FakeConnector, levels: list[int], rounds: int, journey: bool
) -> tuple[list[Row], list[str], list[str]]:
    rows: list[Row] = []
    errors: list[str] = []
    users: list[str] = []
    first = 0
    await run_level(server.url, connector, 2, 2, journey, 90_000)  # warm-up: imports, caches, pools
    for concurrency in levels:
        row, result = await measure(
            server, connector, concurrency, conversations_at(concurrency, rounds), journey, first
        )
        first += len(result.users)
        rows.append(row)
        errors += result.errors
        users += result.users
    return rows, errors, users


def completed_boards(path: Path) -> tuple[int, int]:
    """How many boards the journey really walked to the end: a benchmark of errors proves nothing."""
    with closing(sqlite3.connect(path)) as db:
        rows = [json.loads(data) for (data,) in db.execute("SELECT data FROM boards")]
    done = sum(all(step["status"] == "done" for step in row["steps"].values()) for row in rows)
    return done, len(rows)


async def memory_with_boards(workdir: Path, connector: FakeConnector, boards: int) -> tuple[float, float]:
    """Peak RSS of eckbot serving turns with BOARDS boards in its database; and the seeding time."""
    database = workdir / "many.db"
    started = time.perf_counter()
    await seed_boards(f"sqlite:///{database}", boards)
    seeded = time.perf_counter() - started
    server = start_eckbot(f"sqlite:///{database}")
    try:
        await run_level(server.url, connector, 20, 40, True, 500_000)
        return server.peak_rss_mb(), seeded
    finally:
        server.stop()


def print_table(rows: list[Row]) -> None:
    print("| bot | concurrency | turns | turns/s | p50 ms | p95 ms | p99 ms | peak RSS MB | errors | lost |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(
            f"| {r.bot} | {r.concurrency} | {r.turns} | {r.turns_per_s:,.0f} | {r.p50:.1f} | {r.p95:.1f} | "
            f"{r.p99:.1f} | {r.peak_rss_mb:.0f} | {r.errors} | {r.lost} |"
        )


def print_ratios(rows: list[Row], levels: list[int]) -> None:
    by = {(r.bot, r.concurrency): r for r in rows}
    print("| concurrency | (c) turns/s | c/a | c/b |")
    print("| ---: | ---: | ---: | ---: |")
    for level in levels:
        ours, stock, bare = (
            by[("(c) eckbot journey", level)],
            by[("(a) stock echo", level)],
            by[("(b) bare echo", level)],
        )
        print(
            f"| {level} | {ours.turns_per_s:,.0f} | {ours.turns_per_s / stock.turns_per_s:.1f}× | "
            f"{ours.turns_per_s / bare.turns_per_s:.0%} |"
        )


async def main(levels: list[int], rounds: int, boards: int) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="eckbot-bench-"))
    connector = FakeConnector()
    await connector.start()
    rows: list[Row] = []
    problems: list[str] = []
    try:
        for name, script in (("(a) stock echo", "echo_stock.py"), ("(b) bare echo", "echo_bare.py")):
            connector.conversations.clear()
            port = free_port()
            server = start(name, [PYTHON, str(HERE / script), str(port)], port)
            try:
                bot_rows, errors, _ = await bench_bot(server, connector, levels, rounds, journey=False)
            finally:
                server.stop()
            rows += bot_rows
            problems += [f"{name}: {e}" for e in errors[:5]]

        connector.conversations.clear()
        database = workdir / "journey.db"
        server = start_eckbot(f"sqlite:///{database}")
        server.name = "(c) eckbot journey"
        try:
            bot_rows, errors, users = await bench_bot(server, connector, levels, rounds, journey=True)
        finally:
            server.stop()
        rows += bot_rows
        problems += [f"eckbot: {e}" for e in errors[:5]]
        # Every conversation walks the same script, so each must have received the same replies.
        counts = connector.calls_per_conversation(users)
        done, total = completed_boards(database)

        cold = start_eckbot(f"sqlite:///{workdir / 'cold.db'}")
        cold.stop()
        rss_many, seeded = await memory_with_boards(workdir, connector, boards)
    finally:
        await connector.close()

    level_list = " ".join(map(str, levels))
    print(f"command: python -m bench.turns --levels {level_list} --rounds {rounds} --boards {boards}")
    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; each bot in its own process, "
        "the load and the fake connector in this one; loopback only"
    )
    print(f"a turn of (c): one step of the five-step journey ({len(JOURNEY)} turns per board)")
    print()
    print_table(rows)
    print()
    print_ratios(rows, levels)
    print()
    print(f"(c) boards that completed all five steps: {done} of {total}")
    print(f"(c) connector calls per conversation (calls: conversations): {dict(sorted(counts.items()))}")
    print(f"cold start of eckbot serve until /readyz, new database: {cold.ready_after:.2f} s")
    print(f"peak RSS of eckbot serve with {boards:,} boards in the database: {rss_many:.0f} MB")
    print(f"(those boards were seeded in {seeded:.1f} s)")
    for problem in problems:
        print(f"problem: {problem}")
    return 1 if problems or len(counts) != 1 or done != total else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 20, 100], help="concurrencies")
    parser.add_argument(
        "--rounds", type=int, default=4, help="conversations per concurrent client (at most 200 in all)"
    )
    parser.add_argument(
        "--boards", type=int, default=10_000, help="boards in the database for the memory test"
    )
    arguments = parser.parse_args()
    sys.exit(asyncio.run(main(arguments.levels, arguments.rounds, arguments.boards)))
