"""The real app for the fuzzing benchmarks: its own process, loopback only, a fake connector beside it.

The server runs as `eckbot serve` runs it (uvloop where installed, the memory settling after
start-up, no access log) on a temporary SQLite database in local mode, so the process's memory
is the server's alone. A few routes under /__bench/ report its memory and the errors it logged;
they exist only in this process. Any attempt to look up a host other than loopback fails, so
a fuzzed serviceUrl can never make the bot reach beyond this machine.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import multiprocessing
import socket
import tempfile
from collections import Counter
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from aiohttp import web

LOOPBACK = {"127.0.0.1", "::1", "localhost"}
COORDINATOR = "c0c0c0c0-0000-4000-8000-00000000f022"


def rss_kb(pid: int | str = "self") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class ErrorCounter(logging.Handler):
    """Counts what the server logs at ERROR: a turn that failed is answered politely, but is a bug."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.seen: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        self.seen[f"{record.name}: {record.getMessage()[:200]}"] += 1


def _guard_loopback() -> None:
    resolve = socket.getaddrinfo

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and name not in LOOPBACK:
            raise OSError(f"fuzz: no network beyond loopback (tried {name!r:.60})")
        return resolve(host, *args, **kwargs)

    socket.getaddrinfo = guarded


def _serve(pipe: Connection, options: dict[str, Any]) -> None:
    _guard_loopback()
    from bot.cli import _event_loop, quiet_noisy_loggers

    quiet_noisy_loggers(logging.WARNING)
    errors = ErrorCounter()
    logging.getLogger().addHandler(errors)  # counted, not printed: the client prints the table
    logging.getLogger().setLevel(logging.WARNING)
    loop = _event_loop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(_run(pipe, options, errors))


async def _run(pipe: Connection, options: dict[str, Any], errors: ErrorCounter) -> None:
    from bench.load import FakeConnector
    from bot.adapter import SERVER_LIMITS
    from bot.app import create_app
    from bot.app_keys import COMPONENTS
    from bot.cli import _settle_memory
    from bot.config import Settings

    demo_boards = int(options.pop("demo_boards", 0))
    connector = FakeConnector()
    await connector.start()
    with tempfile.TemporaryDirectory(prefix="eckbot-fuzz-") as folder:
        settings = Settings(
            _env_file=None,
            database_url=f"sqlite:///{folder}/fuzz.db",
            coordinators_setting=COORDINATOR,
            **options,
        )
        app = create_app(settings)
        app.on_startup.append(_settle_memory)

        async def memory(request: web.Request) -> web.Response:
            if request.query.get("gc"):
                gc.collect()
            return web.json_response({"rss_kb": rss_kb(), "errors": dict(errors.seen)})

        async def api_token(request: web.Request) -> web.Response:
            _, secret = await request.app[COMPONENTS].coordination.create_token("fuzz", by=COORDINATOR)
            return web.json_response({"token": secret})

        app.router.add_get("/__bench/memory", memory)
        app.router.add_post("/__bench/api-token", api_token)
        runner = web.AppRunner(app, access_log=None, **SERVER_LIMITS)
        await runner.setup()  # starts the app: the database is migrated now
        if demo_boards:
            await _write_demo_boards(app[COMPONENTS].content, settings, demo_boards)
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        pipe.send((port, connector.service_url))
        try:
            await asyncio.get_running_loop().run_in_executor(None, pipe.recv)  # until told to stop
        finally:
            await runner.cleanup()
            await connector.close()


async def _write_demo_boards(content: Any, settings: Any, count: int) -> None:
    from bot.composition import step_rules
    from bot.demo_data import build_demo_boards, free_numbers, write_demo_boards

    built = await build_demo_boards(
        count, 1, step_rules(content), content.supplier_names(), numbers=free_numbers(count, set()),
        stalled_days=settings.stalled_days,
    )  # fmt: skip
    await asyncio.to_thread(write_demo_boards, settings.database_url, built, settings.stalled_days)


@dataclass
class Server:
    """The server process, as the fuzzing client sees it."""

    process: multiprocessing.process.BaseProcess
    pipe: Connection
    port: int
    service_url: str

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.pipe.send("stop")
        self.process.join(timeout=30)
        if self.process.is_alive():
            self.process.terminate()


def start_server(**options: Any) -> Server:
    """Starts the server process; OPTIONS are Settings fields (for instance messages_per_minute)."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    process = context.Process(target=_serve, args=(theirs, options), daemon=True)
    process.start()
    if not ours.poll(120):
        process.terminate()
        raise RuntimeError("the server did not start within two minutes")
    port, service_url = ours.recv()
    return Server(process, ours, port, service_url)
