"""Dialog state in the database honours botbuilder's Storage contract, and survives a restart."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from botbuilder.dialogs import DialogInstance, DialogState

from bot.onboarding.clock import FixedClock
from bot.state_storage import DatabaseStorage
from bot.storage.migrate import upgrade_to_head
from bot.storage.sql import SqlStore

KEY = "msteams/conversations/personal-anne/"


@pytest.fixture
async def sql_store(database_url: str, clock: FixedClock) -> AsyncIterator[SqlStore]:
    upgrade_to_head(database_url)
    opened = SqlStore.from_url(database_url, clock)
    yield opened
    await opened.close()


@pytest.fixture
def storage(sql_store: SqlStore) -> DatabaseStorage:
    return DatabaseStorage(sql_store)


async def test_a_write_without_etag_reads_back_with_one(storage: DatabaseStorage) -> None:
    assert await storage.read([KEY]) == {}
    await storage.write({KEY: {"answered_cards": {"p1": {"answer": "Ja, gedaan"}}}})
    found = await storage.read([KEY, "someone-else"])
    assert set(found) == {KEY}
    assert found[KEY]["answered_cards"] == {"p1": {"answer": "Ja, gedaan"}}
    assert isinstance(found[KEY]["e_tag"], str) and found[KEY]["e_tag"]


async def test_a_write_with_a_stale_etag_is_refused(storage: DatabaseStorage) -> None:
    await storage.write({KEY: {"count": 1}})
    first = (await storage.read([KEY]))[KEY]
    second = (await storage.read([KEY]))[KEY]

    first["count"] = 2
    await storage.write({KEY: first})
    second["count"] = 3
    with pytest.raises(KeyError, match="Etag conflict"):
        await storage.write({KEY: second})
    assert (await storage.read([KEY]))[KEY]["count"] == 2


async def test_a_star_etag_overwrites_whatever_is_stored(storage: DatabaseStorage) -> None:
    await storage.write({KEY: {"count": 1}})
    await storage.write({KEY: {"count": 2, "e_tag": "*"}})
    assert (await storage.read([KEY]))[KEY]["count"] == 2
    await storage.write({"new-key": {"count": 7, "e_tag": "*"}})
    assert (await storage.read(["new-key"]))["new-key"]["count"] == 7


async def test_a_second_save_in_one_turn_uses_the_new_etag(storage: DatabaseStorage) -> None:
    item = {"count": 1}
    await storage.write({KEY: item})
    state = (await storage.read([KEY]))[KEY]
    etag = state["e_tag"]
    state["count"] = 2
    await storage.write({KEY: state})
    assert state["e_tag"] != etag
    state["count"] = 3
    await storage.write({KEY: state})
    assert (await storage.read([KEY]))[KEY]["count"] == 3


async def test_a_dialog_stack_survives_a_restart(
    storage: DatabaseStorage, database_url: str, clock: FixedClock
) -> None:
    position = {"section": "las", "question": "school_las", "item": "01AB"}
    stack = DialogState(
        [DialogInstance("journey", {"step": "las", "at": position, "trail": [position], "prompt": "abc"})]
    )
    await storage.write({KEY: {"dialog_state": stack, "answered_cards": {}}})

    restarted = SqlStore.from_url(database_url, clock)
    try:
        found = (await DatabaseStorage(restarted).read([KEY]))[KEY]
    finally:
        await restarted.close()
    state = found["dialog_state"]
    assert isinstance(state, DialogState)
    [instance] = state.dialog_stack
    assert isinstance(instance, DialogInstance)
    assert instance.id == "journey"
    assert instance.state == {"step": "las", "at": position, "trail": [position], "prompt": "abc"}


async def test_only_plain_data_and_dialog_objects_are_stored(storage: DatabaseStorage) -> None:
    with pytest.raises(TypeError):
        await storage.write({KEY: {"when": datetime(2026, 1, 1, tzinfo=UTC)}})
    assert await storage.read([KEY]) == {}


async def test_deleted_state_is_gone(storage: DatabaseStorage) -> None:
    await storage.write({KEY: {"count": 1}, "other": {"count": 2}})
    await storage.delete([KEY])
    assert set(await storage.read([KEY, "other"])) == {"other"}
