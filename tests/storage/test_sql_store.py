"""The SQLite store: boards per tenant, optimistic versions, the event log, and migrations."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.onboarding.clock import FixedClock
from bot.onboarding.models import Board, Event, School, Stamp
from bot.storage.migrate import upgrade_to_head
from bot.storage.protocol import DuplicateBoard, VersionConflict
from bot.storage.sql import SqlStore
from bot.storage.urls import sync_url

NOW = datetime(2026, 11, 23, 9, 15, tzinfo=UTC)


def new_board(board_id: str = "board-a", tenant_id: str = "tenant-a", bg_number: str = "41234") -> Board:
    return Board(id=board_id, tenant_id=tenant_id, bg_number=bg_number, created=Stamp(at=NOW, by="Anne"))


def created_event(board: Board) -> Event:
    return Event(
        board_id=board.id,
        at=NOW,
        actor_key="anne",
        actor_name="Anne de Vries",
        kind="board.created",
        data={"bg_number": board.bg_number, "note": 'één "quote"'},
    )


async def test_a_board_is_stored_and_read_back_whole(store: SqlStore) -> None:
    board = new_board()
    board.name = "Stichting De Linde"
    board.schools.append(School(brin="01AB", name="De Regenboog", las="esis", added=Stamp(at=NOW, by="Anne")))
    inserted = await store.insert_board(board, [created_event(board)])
    assert inserted.version == 1

    read = await store.get_board("board-a", "tenant-a")
    assert read is not None
    assert read == inserted
    assert read.schools[0].name == "De Regenboog"
    assert read.created.at == NOW

    found = await store.find_board_by_bg_number("41234")
    assert found is not None and found.id == "board-a"
    events = await store.list_events("board-a", "tenant-a")
    assert [(e.kind, e.actor_name, e.data) for e in events] == [
        ("board.created", "Anne de Vries", {"bg_number": "41234", "note": 'één "quote"'})
    ]
    assert events[0].at == NOW


async def test_a_board_is_invisible_to_another_tenant(store: SqlStore) -> None:
    board = new_board()
    await store.insert_board(board, [created_event(board)])
    assert await store.get_board("board-a", "tenant-b") is None
    assert await store.list_events("board-a", "tenant-b") == []
    assert await store.get_board("board-a", "tenant-a") is not None
    assert len(await store.list_events("board-a", "tenant-a")) == 1


async def test_a_second_board_with_the_same_number_is_refused(store: SqlStore) -> None:
    await store.insert_board(new_board(), [])
    with pytest.raises(DuplicateBoard):
        await store.insert_board(new_board("board-b", "tenant-b"), [])
    assert await store.get_board("board-b", "tenant-b") is None


async def test_saving_a_stale_board_is_refused_and_keeps_the_newer_change(store: SqlStore) -> None:
    await store.insert_board(new_board(), [])
    anne = await store.get_board("board-a", "tenant-a")
    bram = await store.get_board("board-a", "tenant-a")
    assert anne is not None and bram is not None

    anne.name = "Stichting De Linde"
    saved = await store.save_board(anne, [])
    assert saved.version == 2

    bram.name = "Stichting Het Anker"
    with pytest.raises(VersionConflict):
        await store.save_board(bram, [])
    stored = await store.get_board("board-a", "tenant-a")
    assert stored is not None
    assert (stored.name, stored.version) == ("Stichting De Linde", 2)


async def test_a_board_cannot_be_saved_into_another_tenant(store: SqlStore) -> None:
    await store.insert_board(new_board(), [])
    board = await store.get_board("board-a", "tenant-a")
    assert board is not None
    forged = board.model_copy(update={"tenant_id": "tenant-b", "name": "overgenomen"})
    with pytest.raises(VersionConflict):
        await store.save_board(forged, [])
    stored = await store.get_board("board-a", "tenant-a")
    assert stored is not None and stored.name == ""


async def test_the_event_log_keeps_every_save_in_order(store: SqlStore, clock: FixedClock) -> None:
    board = await store.insert_board(new_board(), [created_event(new_board())])
    for name in ("Eerste naam", "Tweede naam"):
        clock.advance(minutes=1)
        board.name = name
        event = Event(
            board_id=board.id, at=clock(), actor_key="anne", actor_name="Anne", kind="board.named", data={}
        )
        board = await store.save_board(board, [event])
    events = await store.list_events("board-a", "tenant-a")
    assert [e.kind for e in events] == ["board.created", "board.named", "board.named"]
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert [e.kind for e in await store.list_events("board-a", "tenant-a", limit=1)] == ["board.named"]


async def test_people_and_conversations_are_linked_per_tenant(store: SqlStore) -> None:
    await store.insert_board(new_board(), [])
    await store.insert_board(new_board("board-b", "tenant-b", "51234"), [])
    await store.link_person("tenant-a", "person-1", "board-a")
    await store.link_person("tenant-b", "person-1", "board-b")
    await store.link_conversation("tenant-a", "team-1", "board-a")
    assert await store.board_id_for_person("tenant-a", "person-1") == "board-a"
    assert await store.board_id_for_person("tenant-b", "person-1") == "board-b"
    assert await store.board_id_for_conversation("tenant-b", "team-1") is None

    await store.link_person("tenant-a", "person-1", "board-a")  # linking again is harmless
    assert await store.board_id_for_person("tenant-a", "person-1") == "board-a"


async def test_someone_is_welcomed_only_once(store: SqlStore) -> None:
    assert await store.mark_welcomed("person-1") is True
    assert await store.mark_welcomed("person-1") is False
    assert await store.mark_welcomed("person-1") is False
    assert await store.mark_welcomed("team-1") is True


async def test_upgrading_twice_changes_nothing_and_keeps_the_data(database_url: str, store: SqlStore) -> None:
    await store.insert_board(new_board(), [created_event(new_board())])
    engine = sa.create_engine(sync_url(database_url))
    try:
        with engine.connect() as conn:
            before = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
        upgrade_to_head(database_url)
        upgrade_to_head(database_url)
        with engine.connect() as conn:
            after = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
            tables = set(sa.inspect(conn).get_table_names())
    finally:
        engine.dispose()
    assert before == after and len(after) == 1
    assert {"boards", "events", "board_members", "conversation_boards", "welcomes", "dialog_states"} <= tables
    board = await store.get_board("board-a", "tenant-a")
    assert board is not None and board.bg_number == "41234"
    assert len(await store.list_events("board-a", "tenant-a")) == 1


async def test_a_fresh_checkout_gets_its_database_folder(tmp_path: Path, clock: FixedClock) -> None:
    url = f"sqlite:///{tmp_path / 'var' / 'nested' / 'eckbot.db'}"
    upgrade_to_head(url)
    store = SqlStore.from_url(url, clock)
    try:
        await store.ping()
        assert await store.mark_welcomed("x") is True
    finally:
        await store.close()
