"""`eckbot demo-data`: fictional boards at realistic stages, safe to run twice, never beside real boards."""

from __future__ import annotations

import contextlib
import io
import json
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot.cli import main
from bot.composition import step_rules
from bot.content import Content
from bot.coordination.models import BoardFilter
from bot.demo_data import DEMO_TENANT, build_demo_boards
from bot.onboarding.models import Board, Event, StepId
from bot.onboarding.validators import bg_number
from bot.storage.migrate import upgrade_to_head
from bot.storage.overview_sql import SqlOverviewStore
from bot.storage.runners import runner_for
from bot.storage.schema import boards, events
from bot.storage.urls import sync_url

SUPPLIERS = {"esis", "parnassys", "dotcomschool", "unilogic"}


def rows(url: str, table: sa.Table) -> list[Any]:
    engine = sa.create_engine(sync_url(url))
    try:
        with engine.connect() as connection:
            return list(connection.execute(sa.select(table)).all())
    finally:
        engine.dispose()


def add_real_board(url: str) -> None:
    upgrade_to_head(url)
    engine = sa.create_engine(sync_url(url))
    now = datetime.now(UTC)
    data = {
        "id": "real",
        "tenant_id": "tenant-real",
        "bg_number": "41234",
        "created": {"at": now.isoformat(), "by": "x"},
    }
    with engine.begin() as connection:
        connection.execute(
            boards.insert().values(
                id="real",
                tenant_id="tenant-real",
                bg_number="41234",
                name="Stichting Echt",
                data=json.dumps(data),
                version=1,
                created_at=now,
                updated_at=now,
            )
        )
    engine.dispose()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A database with 300 demo boards, and what the command printed."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["demo-data", "--boards", "300", "--database", url]) == 0
    return url, out.getvalue()


def test_it_makes_the_boards_asked_for_and_says_so(demo: tuple[str, str]) -> None:
    url, printed = demo
    assert len(rows(url, boards)) == 300
    assert "300 fictional boards" in printed
    assert f"{len(rows(url, events))} events" in printed


def test_every_board_is_clearly_fictional(demo: tuple[str, str]) -> None:
    url, _ = demo
    for board in rows(url, boards):
        assert board.tenant_id == DEMO_TENANT
        assert board.name.startswith("Stichting Demo ") or board.name == ""
        assert board.bg_number.startswith("0")
        assert bg_number(board.bg_number, date.today()) == board.bg_number
        document = json.loads(board.data)
        assert all(
            school["name"].startswith("Demoschool ") for school in document["schools"] if school["name"]
        )
    assert sum(1 for board in rows(url, boards) if board.name) >= 280
    assert {e.actor_name for e in rows(url, events)} <= {f"Demo-medewerker {i}" for i in (1, 2, 3)}


def test_every_step_has_boards_in_several_statuses(demo: tuple[str, str]) -> None:
    url, _ = demo
    found = rows(url, boards)
    for step in StepId:
        statuses = Counter(getattr(board, f"step_{step.value}") for board in found)
        assert len(statuses) >= 2, (step, statuses)
    assert Counter(board.step_las for board in found)["waiting"] >= 3  # waiting on a supplier
    assert len({board.step_agreements for board in found}) == 3  # open, in progress, done
    all_done = [b for b in found if all(getattr(b, f"step_{s.value}") == "done" for s in StepId)]
    assert 15 <= len(all_done) <= 150


def test_some_boards_stalled_for_weeks_and_the_events_span_months(demo: tuple[str, str]) -> None:
    url, _ = demo
    now = datetime.now(UTC).replace(tzinfo=None)
    found = rows(url, boards)
    not_done = [b for b in found if b.step_more_info != "done" or b.step_agreements != "done"]
    stalled = [b for b in not_done if b.progress_at < now - timedelta(days=14)]
    assert 20 <= len(stalled) < len(not_done)
    assert any(b.progress_at < now - timedelta(days=28) for b in stalled)
    times = [e.at for e in rows(url, events)]
    assert min(times) < now - timedelta(days=90)
    assert max(times) > now - timedelta(days=2)
    assert max(times) <= now


def test_schools_use_every_las_supplier_and_agreements_are_in_every_state(demo: tuple[str, str]) -> None:
    url, _ = demo
    found = rows(url, boards)
    used = {s for board in found for s in board.suppliers.split(",") if s}
    assert used >= SUPPLIERS | {"other"}
    states = Counter(a["state"] for b in found for a in json.loads(b.data)["agreements"])
    assert set(states) == {"not_offered", "offered", "reviewed", "signed", "returned"}
    kinds = Counter(e.kind for e in rows(url, events))
    assert kinds["board.created"] == 300
    assert kinds["step.status"] > 300


def test_running_it_again_replaces_the_demo_boards(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'again.db'}"
    assert main(["demo-data", "--boards", "20", "--database", url]) == 0
    first = {b.bg_number for b in rows(url, boards)}
    assert main(["demo-data", "--boards", "25", "--database", url, "--seed", "7"]) == 0
    assert "20 earlier demo boards replaced" in capsys.readouterr().out
    assert len(rows(url, boards)) == 25
    assert first < {b.bg_number for b in rows(url, boards)}


def test_it_refuses_a_database_with_real_boards_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'real.db'}"
    add_real_board(url)

    assert main(["demo-data", "--boards", "10", "--database", url]) == 1
    assert "boards that are not demo boards (1)" in capsys.readouterr().err
    assert [b.id for b in rows(url, boards)] == ["real"]

    assert main(["demo-data", "--boards", "10", "--database", url, "--force"]) == 0
    found = rows(url, boards)
    assert len(found) == 11
    assert next(b for b in found if b.id == "real").name == "Stichting Echt"
    assert main(["demo-data", "--boards", "10", "--database", url, "--force"]) == 0
    assert len(rows(url, boards)) == 11


@pytest.mark.parametrize("count", ["0", "10000", "many"])
def test_a_board_count_out_of_range_is_refused(count: str, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["demo-data", "--boards", count, "--database", f"sqlite:///{tmp_path / 'x.db'}"])
    assert exit_.value.code == 2
    assert not (tmp_path / "x.db").exists()


async def test_the_overview_reads_the_demo_boards_as_it_reads_the_bots_own(demo: tuple[str, str]) -> None:
    url, printed = demo
    runner = runner_for(url)
    store = SqlOverviewStore(runner)
    try:
        summary = await store.summary(BoardFilter(), datetime.now(UTC) - timedelta(days=14))
        stalled, total = await store.boards(
            BoardFilter(stalled_before=datetime.now(UTC) - timedelta(days=14))
        )
        first = await store.board(stalled[0].id)
    finally:
        await runner.close()
    assert summary.boards == 300
    assert f"all steps done: {summary.done}, stalled 14+ days: {summary.stalled}" in printed
    assert total == summary.stalled
    assert first is not None and first[0].name.startswith("Stichting Demo")


async def test_the_same_seed_gives_the_same_boards_and_another_seed_others(content: Content) -> None:
    now = datetime(2026, 11, 23, 9, 15, tzinfo=UTC)
    rules, names = step_rules(content), content.supplier_names()

    def shape(built: list[tuple[Board, list[Event]]]) -> list[tuple[str, str, list[str], int]]:
        return [(b.bg_number, b.name, [b.step(s).status for s in StepId], len(e)) for b, e in built]

    first = shape(await build_demo_boards(30, 5, rules, names, now))
    assert first == shape(await build_demo_boards(30, 5, rules, names, now))
    assert first != shape(await build_demo_boards(30, 6, rules, names, now))
