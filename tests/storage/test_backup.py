"""`eckbot backup` and `eckbot restore`: everything back as it was, on either backend, or nothing at all."""

from __future__ import annotations

import asyncio
import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
import sqlalchemy as sa

from bot.cli import main
from bot.composition import Components, build
from bot.config import Settings
from bot.content import Content
from bot.onboarding.models import Actor, StepId
from bot.onboarding.recorders import Answer
from bot.onboarding.service import Speaker
from bot.outbox.models import AlertRecipient, NewMessage
from bot.storage.backup import backup_to_file, write_backup
from bot.storage.migrate import HEAD, upgrade_to_head
from bot.storage.schema import metadata
from bot.storage.urls import sync_url
from tests.storage.postgres import BACKENDS, fresh_database

COORDINATOR = "coordinator@example.org"
ANNE = Speaker("tenant-a", Actor(key="anne", name="Anne de Vries"))
CHRIS = Speaker("tenant-b", Actor(key="chris", name="Chris Bakker"), conversation_key="team-b")
STEP1, LAS, AGREEMENTS = StepId.NUMMERVOORZIENING, StepId.LAS, StepId.AGREEMENTS
NOW = datetime(2026, 11, 23, 9, 15, tzinfo=UTC)


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(_env_file=None, database_url=database_url, coordinators_setting=COORDINATOR)


@pytest.fixture(params=BACKENDS)
def target_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database to restore into, of either backend (its SQLite folder not even made yet)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored' / 'eckbot.db'}"
        return
    with fresh_database() as url:
        yield url


async def fill(components: Components) -> None:
    """Two boards as their members leave them, and what the helpdesk, coordinators and outbox keep."""
    service = components.service
    anne = await service.identify_board(ANNE, "41234")
    await service.record(ANNE, anne.id, STEP1, "set_board_name", Answer("Stichting De Linde"))
    await service.record(ANNE, anne.id, STEP1, "set_registration", Answer("yes"))
    for school in ("01AB", "02CD"):
        await service.record(ANNE, anne.id, STEP1, "add_school", Answer(school))
    await service.record(ANNE, anne.id, LAS, "set_school_las", Answer("parnassys", "01AB"))
    await service.record(ANNE, anne.id, LAS, "set_school_las", Answer("other", "02CD"))
    board = await service.board_for(ANNE)
    assert board is not None
    first = board.agreements[0].id
    await service.record(ANNE, anne.id, AGREEMENTS, "set_agreement_state", Answer("signed", first))
    await service.record(ANNE, anne.id, AGREEMENTS, "set_agreement_mandate", Answer("Bea Smit", first))
    chris = await service.identify_board(CHRIS, "51234")
    await service.record(CHRIS, chris.id, STEP1, "add_school", Answer("03EF"))

    helpdesk = components.helpdesk
    await helpdesk.log_question(ANNE, board, "none", None, 0.123, "wat is een ECK iD?")
    await helpdesk.feedback(ANNE, board, "eck-id-wat", helpful=True)
    await helpdesk.feedback(CHRIS, None, "eck-id-wat", helpful=False)
    ticket = await helpdesk.open_ticket(ANNE, board, "Moet elke school apart tekenen?", "nl", {"id": "a"})
    await helpdesk.answer(ticket.id, "Nee, het bestuur tekent.", Actor(key="coord", name="Coördinator"))
    await helpdesk.draft_entry(ticket.id, Actor(key="coord", name="Coördinator"))

    coordination = components.coordination
    await coordination.add_coordinator("helper@example.org", by=COORDINATOR)
    await coordination.create_token("spreadsheet", by=COORDINATOR)

    outbox = components.outbox
    reference = {"conversation": {"id": "a:anne"}, "serviceUrl": "http://127.0.0.1:1/"}
    message = NewMessage("reminder:b:las:anne", "reminder", "anne", reference, [{"text": "hallo"}], anne.id)
    await outbox.enqueue(message, NOW)
    await outbox.save_reference("anne", reference, NOW)
    await outbox.set_reminders("anne", False, NOW)
    told = AlertRecipient(anne.id, "bram", "Bram Jansen", "ict", "teams", NOW, NOW + timedelta(hours=2))
    await outbox.add_alert_recipient(told)
    await components.store.write_state("dialog/anne", '{"open": "step1"}', None)
    await components.store.mark_welcomed("anne")


def contents(database_url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, in a form both backends give alike (times in UTC, with their offset)."""
    engine = sa.create_engine(sync_url(database_url))
    try:
        with engine.connect() as connection:
            return {
                table.name: sorted(
                    (tuple(_alike(value) for value in row) for row in connection.execute(sa.select(table))),
                    key=repr,
                )
                for table in metadata.sorted_tables
            }
    finally:
        engine.dispose()


def _alike(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    return value


def lines(path: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def restore(file: Path, target: str, *more: str) -> int:
    return main(["restore", str(file), "--database", target, *more])


async def test_a_restored_database_holds_every_row_of_the_original(
    components: Components, database_url: str, target_url: str, tmp_path: Path
) -> None:
    await fill(components)
    file = tmp_path / "eckbot.backup"
    assert main(["backup", "--database", database_url, "--out", str(file)]) == 0

    assert restore(file, target_url) == 0

    original = contents(database_url)
    assert contents(target_url) == original
    assert all(original[name] for name in ("boards", "events", "outbox", "api_tokens", "alert_recipients"))


async def test_the_restored_database_goes_on_numbering_after_the_restored_rows(
    components: Components, database_url: str, target_url: str, tmp_path: Path, content: Content
) -> None:
    await fill(components)
    file = tmp_path / "eckbot.backup"
    backup_to_file(database_url, file, NOW)
    assert restore(file, target_url) == 0

    restored = await build(Settings(_env_file=None, database_url=target_url), content=content)
    try:
        board = await restored.service.board_for(ANNE)
        assert board is not None and board.name == "Stichting De Linde"
        await restored.service.record(ANNE, board.id, STEP1, "add_school", Answer("04GH"))
        await restored.helpdesk.log_question(ANNE, board, "none", None, 0.2, "nog een vraag")
        await restored.helpdesk.feedback(ANNE, board, "eck-id-wat", helpful=True)
    finally:
        await restored.close()
    after = contents(target_url)
    assert len(after["events"]) == len(contents(database_url)["events"]) + 1
    assert len(after["questions_asked"]) == 2 and len(after["answer_feedback"]) == 3


async def test_the_backup_is_private_and_says_what_it_holds(
    components: Components, database_url: str, tmp_path: Path
) -> None:
    await fill(components)
    file = tmp_path / "eckbot.backup"
    assert main(["backup", "--database", database_url, "--out", str(file)]) == 0

    assert stat.S_IMODE(os.stat(file).st_mode) == 0o600
    header, *rows, trailer = lines(file)
    assert header["format"] == "eckbot-backup" and header["version"] == 1 and header["schema"] == HEAD
    assert trailer == {"rows": {name: len(held) for name, held in contents(database_url).items()}}
    tables = [row["table"] for row in rows]
    assert tables.index("boards") < tables.index("events")  # parents before children
    told = next(r["row"] for r in rows if r["table"] == "alert_recipients")
    assert told["name"] == "Bram Jansen" and told["told_at"] == "2026-11-23T09:15:00+00:00"
    anne = next(r["row"] for r in rows if r["table"] == "recipients")
    assert anne["reachable"] is True and anne["reminders"] is False


async def test_a_backup_goes_to_standard_output_by_default(
    components: Components, database_url: str, target_url: str, tmp_path: Path, capfdbinary: Any
) -> None:
    await fill(components)
    assert main(["backup", "--database", database_url]) == 0
    written, told = capfdbinary.readouterr()
    assert b"personal data" in told
    file = tmp_path / "from-stdout.backup"
    file.write_bytes(written)

    assert restore(file, target_url) == 0
    assert contents(target_url) == contents(database_url)


async def test_a_truncated_backup_is_refused_with_its_line_and_nothing_is_written(
    components: Components, database_url: str, target_url: str, tmp_path: Path, capsys: Any
) -> None:
    await fill(components)
    whole = tmp_path / "eckbot.backup"
    backup_to_file(database_url, whole, NOW)
    kept = whole.read_bytes().splitlines(keepends=True)[:-3]
    cut = tmp_path / "cut.backup"
    cut.write_bytes(b"".join(kept))
    half = tmp_path / "half.backup"
    half.write_bytes(b"".join(kept) + b'{"table": "events", "row": {"id": 1')

    assert restore(cut, target_url) == 2
    assert f"line {len(kept)}: the file ends here" in capsys.readouterr().err
    assert restore(half, target_url) == 2
    assert f"line {len(kept) + 1}: not a JSON line" in capsys.readouterr().err
    assert contents_or_nothing(target_url) == {}


def contents_or_nothing(database_url: str) -> dict[str, list[tuple[Any, ...]]]:
    """What the database holds; {} when it was not even created or migrated."""
    url = sa.engine.make_url(database_url)
    if url.get_backend_name() == "sqlite" and not Path(str(url.database)).exists():
        return {}
    engine = sa.create_engine(sync_url(database_url))
    try:
        with engine.connect() as connection:
            if not sa.inspect(connection).get_table_names():
                return {}
    finally:
        engine.dispose()
    return contents(database_url)


def _edited(lines_: list[bytes], number: int, edit: Any) -> list[bytes]:
    record = orjson.loads(lines_[number - 1])
    edit(record)
    return [*lines_[: number - 1], orjson.dumps(record) + b"\n", *lines_[number:]]


BAD_FILES = {
    "an unknown table": (2, lambda r: r.update(table="pupils"), "unknown table 'pupils'"),
    "an unknown column": (
        2,
        lambda r: r["row"].update(bsn="123456782"),
        "unknown columns of answer_feedback: bsn",
    ),
    "another schema": (1, lambda r: r.update(schema="0002"), "schema revision '0002'"),
    "not a backup": (1, lambda r: r.update(format="something-else"), "not an eckbot backup"),
    "a time without offset": (2, lambda r: r["row"].update(at="2026-11-23 09:15"), "UTC offset"),
    "a count that does not add up": (-1, lambda r: r["rows"].update(events=1), "closing line counts"),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
async def test_a_bad_backup_is_refused_with_its_line_and_the_database_left_alone(
    case: str, components: Components, database_url: str, tmp_path: Path, capsys: Any
) -> None:
    await fill(components)
    good = tmp_path / "eckbot.backup"
    backup_to_file(database_url, good, NOW)
    original = good.read_bytes().splitlines(keepends=True)
    number, edit, problem = BAD_FILES[case]
    number = len(original) if number == -1 else number
    bad = tmp_path / "bad.backup"
    bad.write_bytes(b"".join(_edited(original, number, edit)))
    before = contents(database_url)

    assert restore(bad, database_url, "--force") == 2
    err = capsys.readouterr().err
    assert f"line {number}: " in err and problem in err and "the database was not changed" in err
    assert contents(database_url) == before


async def test_a_missing_file_or_another_kind_of_file_is_refused(
    database_url: str, tmp_path: Path, capsys: Any
) -> None:
    upgrade_to_head(database_url)
    assert restore(tmp_path / "missing.backup", database_url) == 2
    assert "cannot read" in capsys.readouterr().err
    other = tmp_path / "notes.yaml"
    other.write_text("boards: 3\n", encoding="utf-8")
    assert restore(other, database_url) == 2
    assert "line 1: not an eckbot backup" in capsys.readouterr().err


async def test_a_database_with_data_is_kept_unless_forced(
    components: Components, database_url: str, tmp_path: Path, capsys: Any
) -> None:
    await fill(components)
    file = tmp_path / "eckbot.backup"
    backup_to_file(database_url, file, NOW)
    backed_up = contents(database_url)
    later = await components.service.identify_board(
        Speaker("tenant-c", Actor(key="dirk", name="Dirk")), "61234"
    )
    await components.helpdesk.log_question(ANNE, later, "none", None, 0.1, "later gevraagd")
    grown = contents(database_url)

    assert restore(file, database_url) == 1
    assert "already holds data" in capsys.readouterr().err
    assert contents(database_url) == grown

    assert restore(file, database_url, "--force") == 0
    assert contents(database_url) == backed_up


class WritesMeanwhile:
    """A backup file that, while being written, has the bot record answers in another connection:
    after the header (the snapshot has begun), and after the first board (before the events)."""

    def __init__(self, components: Components, loop: asyncio.AbstractEventLoop) -> None:
        self.components = components
        self.loop = loop
        self.written: list[bytes] = []
        self.answers = 0

    def write(self, data: bytes) -> int:
        self.written.append(data)
        if self.answers == 0 or (self.answers == 1 and data.startswith(b'{"table":"boards"')):
            self.answers += 1
            asyncio.run_coroutine_threadsafe(self._record(), self.loop).result(timeout=10)
        return len(data)

    async def _record(self) -> None:
        board = await self.components.service.board_for(ANNE)
        assert board is not None
        await self.components.service.record(
            ANNE, board.id, STEP1, "add_school", Answer(f"9{self.answers}ZZ")
        )


async def test_a_backup_taken_while_the_bot_writes_shows_one_moment(
    components: Components, database_url: str, tmp_path: Path
) -> None:
    await fill(components)
    before = contents(database_url)
    out = WritesMeanwhile(components, asyncio.get_running_loop())

    await asyncio.to_thread(write_backup, database_url, out, NOW)  # type: ignore[arg-type]

    assert len(contents(database_url)["events"]) == len(before["events"]) + 2  # the bot did write
    file = tmp_path / "eckbot.backup"
    file.write_bytes(b"".join(out.written))
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    assert restore(file, target) == 0
    assert contents(target) == before
