"""eckbot serve | chat | ask | faq-drafts | check-content | migrate | demo-data | backup | restore |
retention | teams-package | review-dpa"""

from __future__ import annotations

import argparse
import asyncio
import gc
import getpass
import logging
import sys
import time

from aiohttp import web

from bot import teams_package
from bot.composition import build, load_checked_content
from bot.config import Settings
from bot.content import ContentError
from bot.coordination.programs import ProgramsError
from bot.storage.migrate import upgrade_to_head

log = logging.getLogger("eckbot")


def _configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    quiet_noisy_loggers(logging.getLogger().level)


def quiet_noisy_loggers(level: int) -> None:
    """Libraries that may log whole activities (with what people typed) speak only from WARNING."""
    for noisy in ("botbuilder", "botframework", "msrest", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, level))


def _serve(settings: Settings, host: str, port: int) -> None:
    from bot.adapter import SERVER_LIMITS
    from bot.app import create_app

    app = create_app(settings, background=True)
    app.on_startup.append(_settle_memory)
    log.info("serving url=http://%s:%s/api/messages database=%s", host, port, _safe_url(settings))
    try:
        web.run_app(
            app, host=host, port=port, print=None, access_log=None, loop=_event_loop(), **SERVER_LIMITS
        )
    except OSError as error:
        raise PortUnavailable(
            f"cannot listen on {host}:{port} ({error.strerror}); choose another port"
        ) from error


async def _settle_memory(app: web.Application) -> None:
    """After start-up, the cyclic garbage collector stops re-examining what lives as long as the process.

    Content, templates, SQLAlchemy and botbuilder make about 190,000 long-lived objects; every
    full collection walked them all again, about 8% of a turn. They are frozen as they are, and
    the collector, held back during start-up (bot/entry.py), starts. Start-up leaves about 3,000
    objects of garbage (under 1 MB): frozen with the rest rather than found by a collection that
    would cost 0.2 s of the start. Young objects are collected less often: 5,000 rather than 700
    allocations (measured with bench/turns.py: +6% turns/s, +30 MB peak at 100 concurrent turns;
    20,000 cost 150 MB more).
    """
    gc.freeze()
    gc.set_threshold(5_000, 10, 10)
    gc.enable()


def _event_loop() -> asyncio.AbstractEventLoop:
    """uvloop where it is installed (Linux, macOS): its sockets and callbacks cost a fraction of asyncio's."""
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    loop: asyncio.AbstractEventLoop = uvloop.new_event_loop()
    return loop


class PortUnavailable(Exception):
    pass


def _safe_url(settings: Settings) -> str:
    from sqlalchemy.engine import make_url

    return make_url(settings.database_url).render_as_string(hide_password=True)


async def _chat(settings: Settings, name: str, locale: str) -> None:
    from bot.chat import run_chat

    components = await build(settings)
    try:
        await run_chat(components, name, locale)
    finally:
        await components.close()


async def _drafts(settings: Settings) -> str:
    from bot.faq_cli import drafts_as_yaml

    components = await build(settings)
    try:
        return drafts_as_yaml(await components.helpdesk.drafts())
    finally:
        await components.close()


def _write_drafts(text: str, out: str | None) -> None:
    if out is None:
        print(text, end="")
        return
    with open(out, "w", encoding="utf-8") as file:
        file.write(text)
    print(f"written: {out}")


def _demo_data(settings: Settings, boards: int, seed: int, database: str | None, force: bool) -> int:
    from bot.composition import step_rules
    from bot.demo_data import (
        DemoRefused,
        build_demo_boards,
        free_numbers,
        real_board_numbers,
        write_demo_boards,
    )
    from bot.onboarding.models import StepStatus

    url = database or settings.database_url
    shown = _safe_url(settings.model_copy(update={"database_url": url}))
    try:
        taken = real_board_numbers(url, force)
    except DemoRefused as refused:
        print(
            f"eckbot demo-data: {shown} holds boards that are not demo boards ({refused.real_boards}); "
            "nothing was written. Use another --database, or --force to add demo boards beside them.",
            file=sys.stderr,
        )
        return 1
    started = time.perf_counter()
    content = load_checked_content(settings)
    built = asyncio.run(
        build_demo_boards(
            boards,
            seed,
            step_rules(content),
            content.supplier_names(),
            numbers=free_numbers(boards, taken),
            stalled_days=settings.stalled_days,
        )
    )
    report = write_demo_boards(url, built, settings.stalled_days)
    print(
        f"demo data in {shown}: {report.boards} fictional boards, {report.events} events "
        f"({report.replaced} earlier demo boards replaced), {time.perf_counter() - started:.1f} s"
    )
    print(f"  all steps done: {report.done}, stalled {settings.stalled_days}+ days: {report.stalled}")
    for step, counts in report.statuses.items():
        print(f"  {step.value:<18} " + ", ".join(f"{s.value} {counts[s]}" for s in StepStatus))
    return 0


def _backup(settings: Settings, out: str, database: str | None) -> int:
    from datetime import UTC, datetime
    from pathlib import Path

    from sqlalchemy.exc import OperationalError

    from bot.storage.backup import BackupError, backup_to_file, write_backup

    url = database or settings.database_url
    shown = _safe_url(settings.model_copy(update={"database_url": url}))
    to_stdout = out == "-"
    try:
        if to_stdout:
            counts = write_backup(url, sys.stdout.buffer, datetime.now(UTC))
            sys.stdout.buffer.flush()
        else:
            counts = backup_to_file(url, Path(out), datetime.now(UTC))
    except (BackupError, OSError, OperationalError) as error:
        outcome = "" if to_stdout else "; nothing was written"
        print(f"eckbot backup: {shown}: {error}{outcome}", file=sys.stderr)
        return 2
    where = "standard output" if to_stdout else out
    print(
        f"backup of {shown}: {sum(counts.values())} rows of {len(counts)} tables in {where} "
        "(it holds personal data: keep it safe)",
        file=sys.stderr,
    )
    return 0


def _restore(settings: Settings, file: str, force: bool, database: str | None) -> int:
    from pathlib import Path

    from sqlalchemy.exc import OperationalError

    from bot.storage.backup import BackupError, RestoreRefused, restore

    url = database or settings.database_url
    shown = _safe_url(settings.model_copy(update={"database_url": url}))
    try:
        counts = restore(url, Path(file), force)
    except RestoreRefused as refused:
        print(f"eckbot restore: {refused}; nothing was written", file=sys.stderr)
        return 1
    except (BackupError, OSError, OperationalError) as error:
        print(f"eckbot restore: {file}: {error}; the database was not changed", file=sys.stderr)
        return 2
    print(f"restored into {shown}: {sum(counts.values())} rows of {len(counts)} tables")
    return 0


def _board_count(text: str) -> int:
    from bot.demo_data import MAX_BOARDS

    value = int(text)
    if not 1 <= value <= MAX_BOARDS:
        raise argparse.ArgumentTypeError(f"between 1 and {MAX_BOARDS}")
    return value


def _default_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "local user"


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="eckbot", description="ECK iD wegwijzer: the Teams bot.")
    commands = root.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="start the bot's web server (POST /api/messages)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=3978)
    chat = commands.add_parser("chat", help="talk to the bot in this terminal (same dialogs and database)")
    chat.add_argument("--name", default=None, help="the name the bot records you under")
    chat.add_argument("--locale", choices=["nl", "en"], default="nl")
    ask = commands.add_parser(
        "ask", help="ask the knowledge base a question: the answer, its entry id and score"
    )
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="machine-readable output")
    ask.add_argument("--locale", choices=["nl", "en"], default="nl")
    drafts = commands.add_parser("faq-drafts", help="print the draft entries coordinators made from answers")
    drafts.add_argument("--out", default=None, help="write the YAML to this file instead")
    commands.add_parser("check-content", help="validate content/ and exit")
    commands.add_parser("migrate", help="bring the database to the newest schema")
    demo = commands.add_parser(
        "demo-data", help="fill the database with fictional boards at realistic stages"
    )
    demo.add_argument("--boards", type=_board_count, default=300, help="how many boards (1-9999)")
    demo.add_argument("--seed", type=int, default=1, help="the same seed gives the same boards")
    demo.add_argument("--database", default=None, help="a database URL (default: ECKBOT_DATABASE_URL)")
    demo.add_argument("--force", action="store_true", help="write even beside boards that are not demo ones")
    teams_package.add_command(commands)
    backup = commands.add_parser(
        "backup",
        help="write all data as JSON lines, from one consistent snapshot "
        "(personal data: names of people; the file is made readable by you only)",
    )
    backup.add_argument("--out", default="-", help="the backup file (default, or -: standard output)")
    backup.add_argument("--database", default=None, help="a database URL (default: ECKBOT_DATABASE_URL)")
    restore = commands.add_parser(
        "restore",
        help="load a backup into an empty database, SQLite or PostgreSQL, all or nothing "
        "(migrates the database first)",
    )
    restore.add_argument("file", help="a file written by eckbot backup (it holds personal data)")
    restore.add_argument("--force", action="store_true", help="replace all data the database holds")
    restore.add_argument("--database", default=None, help="a database URL (default: ECKBOT_DATABASE_URL)")
    retention = commands.add_parser(
        "retention",
        help="pseudonymise and delete personal data that has aged out, now "
        "(eckbot serve also does this at start and every 6 hours)",
    )
    retention.add_argument("--dry-run", action="store_true", help="count what would change; change nothing")
    review = commands.add_parser(
        "review-dpa",
        help="compare a supplier's verwerkersovereenkomst (PDF, DOCX, TXT, MD) with the model agreement "
        "(exit 2 when the file cannot be read)",
    )
    review.add_argument("file", help="the agreement; it is read, never stored")
    review.add_argument("--json", action="store_true", help="machine-readable output")
    review.add_argument("--lang", choices=["nl", "en"], default="nl", help="the language of the text output")
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command != "serve":
        gc.enable()  # bot/entry.py held it back for start-up; only `serve` settles its memory first
    settings = Settings()
    _configure_logging(settings)
    try:
        if args.command == "check-content":
            from bot.dashboard.texts import load_dashboard_texts

            content = load_checked_content(settings)
            load_dashboard_texts(settings.content_dir)
            print(f"content OK: {content.root}")
        elif args.command == "migrate":
            upgrade_to_head(settings.database_url)
            print(f"database is up to date: {_safe_url(settings)}")
        elif args.command == "serve":
            _serve(settings, args.host, args.port)
        elif args.command == "chat":
            asyncio.run(_chat(settings, args.name or _default_name(), args.locale))
        elif args.command == "ask":
            from bot.faq_cli import ask

            print(ask(load_checked_content(settings), args.question, args.locale, args.json))
        elif args.command == "faq-drafts":
            _write_drafts(asyncio.run(_drafts(settings)), args.out)
        elif args.command == "demo-data":
            return _demo_data(settings, args.boards, args.seed, args.database, args.force)
        elif args.command == "backup":
            return _backup(settings, args.out, args.database)
        elif args.command == "restore":
            return _restore(settings, args.file, args.force, args.database)
        elif args.command == "retention":
            from bot.retention.cli import run_retention

            return run_retention(settings, args.dry_run)
        elif args.command == "review-dpa":
            from bot.dpa.cli import run_review

            content = load_checked_content(settings)
            return run_review(content, args.file, args.json, args.lang, sys.stdout, sys.stderr)
        elif args.command == "teams-package":
            return teams_package.run(args, sys.stdout, sys.stderr)
    except ContentError as error:
        print("content/ has problems; fix them and start again:", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    except ProgramsError as error:
        print(f"eckbot: {error}", file=sys.stderr)
        return 2
    except PortUnavailable as error:
        print(f"eckbot: {error}, for example: make run PORT=3979", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
