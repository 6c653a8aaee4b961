"""A botbuilder Storage on our database: dialog state survives restarts and honours eTags.

Dialog state holds botbuilder objects (DialogState, DialogInstance). They are written as plain,
tagged JSON and rebuilt on read, never unpickled: a row in the database can only ever become
those two types and plain data. Both directions run in the json module's C code, with a hook
for the two tagged types, because every turn reads and writes its state.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from botbuilder.core import Storage
from botbuilder.dialogs import DialogInstance, DialogState

from bot.storage.protocol import Store, StoredState, VersionConflict

_TYPE = "$eckbot"
# orjson would write dates and dataclasses itself; state holds neither, so they go to _tagged and fail.
_ONLY_PLAIN = (
    orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS
)


def _tagged(value: Any) -> dict[str, Any]:
    if isinstance(value, DialogState):
        return {_TYPE: "DialogState", "stack": value.dialog_stack}
    if isinstance(value, DialogInstance):
        return {_TYPE: "DialogInstance", "id": value.id, "state": value.state}
    raise TypeError(f"cannot store a {type(value).__name__} in dialog state")


def _untagged(value: dict[str, Any]) -> Any:
    kind = value.get(_TYPE)
    if kind == "DialogState":
        return DialogState(value["stack"])
    if kind == "DialogInstance":
        return DialogInstance(value["id"], value["state"])
    return value


def state_to_json(value: Any) -> str:
    """The stored form of a state; TypeError for anything but plain data and dialog objects."""
    return orjson.dumps(value, default=_tagged, option=_ONLY_PLAIN).decode()


def state_from_json(document: str) -> Any:
    return json.loads(document, object_hook=_untagged)  # orjson has no hook to rebuild the tagged types


class DatabaseStorage(Storage):  # type: ignore[misc]
    """botbuilder's Storage contract over bot.storage: read, write with eTag checks, delete."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self._store = store

    async def read(self, keys: list[str]) -> dict[str, Any]:
        found = await self._store.read_states(list(keys))
        return {key: self._item(stored) for key, stored in found.items()}

    async def write(self, changes: dict[str, Any]) -> None:
        if changes is None:
            raise ValueError("changes are required when writing")
        for key, change in changes.items():
            if not isinstance(change, dict):
                raise TypeError("dialog state items must be dicts")
            document = state_to_json({k: v for k, v in change.items() if k != "e_tag"})
            # The caller's cached copy carries the new eTag, so a second save in one turn works.
            change["e_tag"] = await self.write_one(key, document, change.get("e_tag"))

    async def read_one(self, key: str) -> tuple[dict[str, Any] | None, str | None]:
        """One state and the JSON text it was read from (None, None when there is none yet)."""
        stored = (await self._store.read_states([key])).get(key)
        if stored is None:
            return None, None
        return self._item(stored), stored.document

    @staticmethod
    def _item(stored: StoredState) -> dict[str, Any]:
        item: dict[str, Any] = state_from_json(stored.document)
        item["e_tag"] = stored.etag
        return item

    async def write_one(self, key: str, document: str, expected_etag: str | None) -> str:
        """Writes an already serialised state; returns the new eTag. KeyError on a conflict, as write()."""
        try:
            return await self._store.write_state(key, document, expected_etag or None)
        except VersionConflict as conflict:
            raise KeyError(f"Etag conflict for {key}") from conflict

    async def delete(self, keys: list[str]) -> None:
        await self._store.delete_states(list(keys))
