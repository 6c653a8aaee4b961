"""What several processes on one database do at once, on every backend (PostgreSQL when
configured): each process has a store, engine and connections of its own."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.onboarding.clock import FixedClock
from bot.outbox.models import NewMessage
from bot.storage.outbox_sql import SqlOutboxStore
from bot.storage.protocol import VersionConflict
from bot.storage.sql import SqlStore
from tests.storage.test_sql_store import created_event, new_board


@pytest.fixture
async def other_process(database_url: str, store: SqlStore, clock: FixedClock) -> AsyncIterator[SqlStore]:
    """The same database as STORE, through a runner of its own, as another server would have."""
    opened = SqlStore.from_url(database_url, clock)
    yield opened
    await opened.close()


async def test_two_turns_of_one_conversation_on_two_instances_cannot_both_write(
    store: SqlStore, other_process: SqlStore
) -> None:
    etag = await store.write_state("conversation-1", '{"step": "las"}', None)

    results = await asyncio.gather(
        store.write_state("conversation-1", '{"step": "agreements"}', etag),
        other_process.write_state("conversation-1", '{"step": "alert"}', etag),
        return_exceptions=True,
    )

    assert sorted(type(r).__name__ for r in results) == ["VersionConflict", "str"]
    stored = (await other_process.read_states(["conversation-1"]))["conversation-1"]
    winner = next(r for r in results if isinstance(r, str))
    assert stored.etag == winner


async def test_a_first_state_written_by_two_instances_at_once_is_written_once(
    store: SqlStore, other_process: SqlStore
) -> None:
    results = await asyncio.gather(
        *(
            (store if n % 2 else other_process).write_state("conversation-1", f'{{"n": {n}}}', None)
            for n in range(6)
        ),
        return_exceptions=True,
    )

    assert all(isinstance(r, str | VersionConflict) for r in results), results
    stored = (await store.read_states(["conversation-1"]))["conversation-1"]
    assert stored.etag in results


async def test_a_nul_character_someone_typed_does_not_break_a_save(store: SqlStore) -> None:
    board = new_board().model_copy(update={"name": "De\x00Linde"})
    event = created_event(board).model_copy(update={"actor_name": "Anne\x00"})

    await store.insert_board(board, [event, event])

    found = await store.get_board(board.id, board.tenant_id)
    assert found is not None and found.name.replace("\x00", "") == "DeLinde"
    assert [e.actor_name.replace("\x00", "") for e in await store.list_events(board.id, board.tenant_id)] == [
        "Anne",
        "Anne",
    ]


async def test_two_instances_claiming_at_once_never_take_the_same_message(
    store: SqlStore, other_process: SqlStore, clock: FixedClock
) -> None:
    outboxes = (SqlOutboxStore(store.runner), SqlOutboxStore(other_process.runner))
    for n in range(40):
        reference = {"conversation": {"id": f"a:{n}"}, "serviceUrl": "http://127.0.0.1:1/"}
        await outboxes[0].enqueue(NewMessage(f"k{n}", "reminder", f"p{n}", reference, []), clock())

    claimed = Counter[str]()
    for _ in range(6):
        rounds = await asyncio.gather(
            # two batches of each instance's sender at once: one owner, one clock
            *(
                outboxes[n % 2].claim(f"sender-{n % 2}", clock(), timedelta(minutes=1), limit=5)
                for n in range(4)
            )
        )
        claimed.update(message.idempotency_key for batch in rounds for message in batch)

    assert len(claimed) == 40
    assert set(claimed.values()) == {1}, claimed.most_common(3)
