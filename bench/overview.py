"""Benchmark: what coordinators open, with 2,000 boards and 100,000 events in the database.

Fills a fresh SQLite database with demo boards (`eckbot demo-data`'s own builder; their event
logs topped up with copies of their own events to exactly --events), starts the real app on
loopback, signs in as a coordinator through a signed link, and times each view --rounds times:
the dashboard (all boards, and filtered), one board's page, the questions page, the CSV export,
the API's summary and board list, and the chat's overview card (the service's summary and the
card rendered from it, as the "overzicht" turn does). Prints p50/p95/p99 and how many SQL
statements each view runs: the counting happens in SQL, so that number does not grow with the
number of boards.

Run: make bench-overview   (or: .venv/bin/python -m bench.overview --help)
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, cast

import sqlalchemy as sa
from aiohttp import ClientSession, CookieJar, web

from bot.app import create_app
from bot.app_keys import COMPONENTS
from bot.composition import load_checked_content, step_rules
from bot.config import Settings
from bot.coordination.models import BoardFilter
from bot.demo_data import build_demo_boards, write_demo_boards
from bot.onboarding.clock import system_clock
from bot.storage.migrate import upgrade_to_head
from bot.storage.schema import events
from bot.storage.urls import sync_url
from dialogs.coordination_views import overview_card

COORDINATOR = "00000000-0000-0000-0000-00000000c0de"


def fill(database_url: str, boards: int, wanted_events: int, settings: Settings) -> tuple[int, int]:
    content = load_checked_content(settings)
    upgrade_to_head(database_url)
    built = asyncio.run(build_demo_boards(boards, 7, step_rules(content), content.supplier_names()))
    write_demo_boards(database_url, built)
    engine = sa.create_engine(sync_url(database_url))
    with engine.begin() as connection:
        have = int(connection.execute(sa.select(sa.func.count()).select_from(events)).scalar_one())
        if have < wanted_events:
            rows = connection.execute(sa.select(events).order_by(events.c.id)).mappings().all()
            rng = random.Random(7)
            extra = [dict(rng.choice(rows)) for _ in range(wanted_events - have)]
            for row in extra:
                row.pop("id")
            connection.execute(events.insert(), extra)
        total = int(connection.execute(sa.select(sa.func.count()).select_from(events)).scalar_one())
    engine.dispose()
    return len(built), total


class StatementCounter:
    """Counts the SQL statements SQLite runs, through the driver's own trace hook."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.count = 0
        connection.set_trace_callback(self._seen)

    def _seen(self, statement: str) -> None:
        if not statement.startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            self.count += 1


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


async def measure(settings: Settings, rounds: int) -> list[tuple[str, list[float], int]]:
    app = create_app(settings, system_clock)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    base = f"http://127.0.0.1:{port}"
    components = app[COMPONENTS]
    service = components.coordination
    runner_db: Any = cast(Any, components.store).runner  # SQLite only: its driver connection is traced
    counter = StatementCounter(runner_db._connection().connection.driver_connection)
    results: list[tuple[str, list[float], int]] = []
    try:
        async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as http:  # cookies from 127.0.0.1
            token = await service.dashboard_link_token(COORDINATOR)
            async with http.get(f"{base}/dashboard/login", params={"token": token}) as signed_in:
                assert signed_in.status == 200, signed_in.status
            _, secret = await service.create_token("bench", COORDINATOR)
            bearer = {"Authorization": f"Bearer {secret}"}
            scope = await service.scope_of(COORDINATOR)
            assert scope is not None
            rows, _ = await service.boards(scope, BoardFilter(), 1)
            board_id = rows[0].id

            def get(path: str, headers: dict[str, str] | None = None) -> Callable[[], Awaitable[None]]:
                async def once() -> None:
                    async with http.get(base + path, headers=headers) as response:
                        await response.read()
                        assert response.status == 200, (path, response.status)

                return once

            async def chat_overview() -> None:
                overview = await service.overview(scope, None)
                listed, _ = await service.boards(scope, BoardFilter(), 50)
                overview_card(components.content, "nl", overview, None, listed)

            views: list[tuple[str, Callable[[], Awaitable[None]]]] = [
                ("dashboard, all boards", get("/dashboard")),
                (
                    "dashboard, filtered (step 2 waiting, ParnasSys)",
                    get("/dashboard?step=las&status=waiting&supplier=parnassys"),
                ),
                ("dashboard, stalled only", get("/dashboard?stalled=1")),
                ("one board's page (checklist, timeline)", get(f"/dashboard/boards/{board_id}")),
                ("questions page", get("/dashboard/questions")),
                ("CSV export, all boards", get("/dashboard/export.csv")),
                ("API summary", get("/api/v1/summary", bearer)),
                ("API boards, 100", get("/api/v1/boards?limit=100", bearer)),
                ("chat overview card (summary + render)", chat_overview),
            ]
            for name, view in views:
                await view()  # warm
                counter.count = 0
                await view()
                statements = counter.count
                timings = []
                for _ in range(rounds):
                    started = time.perf_counter()
                    await view()
                    timings.append(time.perf_counter() - started)
                results.append((name, timings, statements))
    finally:
        await runner.cleanup()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--boards", type=int, default=2000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=40, help="times each view is timed")
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="eckbot-bench-overview-"))
    database_url = f"sqlite:///{folder / 'eckbot.db'}"
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        coordinators_setting=COORDINATOR,
        log_level="WARNING",
        messages_per_minute=1_000_000,  # one coordinator asks for the card --rounds times in a row
    )
    started = time.perf_counter()
    boards, total_events = fill(database_url, arguments.boards, arguments.events, settings)
    filled = time.perf_counter() - started
    results = asyncio.run(measure(settings, arguments.rounds))
    shown = f"--boards {arguments.boards} --events {arguments.events} --rounds {arguments.rounds}"
    print(f"$ python -m bench.overview {shown}")
    print(f"database: {boards} boards, {total_events} events (filled in {filled:.1f} s), SQLite")
    print()
    print("| view | p50 | p95 | p99 | SQL statements | target |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, timings, statements in results:
        target = "p95 < 150 ms" if name.startswith(("dashboard, all", "chat overview")) else ""
        print(
            f"| {name} | {percentile(timings, 0.5):.1f} ms | {percentile(timings, 0.95):.1f} ms | "
            f"{percentile(timings, 0.99):.1f} ms | {statements} | {target} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
