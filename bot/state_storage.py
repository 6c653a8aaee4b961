"""A botbuilder Storage on our database: dialog state survives restarts and honours eTags.

Dialog state holds botbuilder objects (DialogState, DialogInstance). They are written as plain,
tagged JSON and rebuilt on read, never unpickled: a row in the database can only ever become
those two types and plain data.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import Storage
from botbuilder.dialogs import DialogInstance, DialogState

from bot.storage.protocol import Store, VersionConflict

_TYPE = "$eckbot"


def to_plain(value: Any) -> Any:
    if isinstance(value, DialogState):
        return {_TYPE: "DialogState", "stack": [to_plain(i) for i in value.dialog_stack]}
    if isinstance(value, DialogInstance):
        return {_TYPE: "DialogInstance", "id": value.id, "state": to_plain(value.state)}
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot store a {type(value).__name__} in dialog state")


def from_plain(value: Any) -> Any:
    if isinstance(value, dict):
        kind = value.get(_TYPE)
        if kind == "DialogState":
            return DialogState([from_plain(i) for i in value["stack"]])
        if kind == "DialogInstance":
            return DialogInstance(value["id"], from_plain(value["state"]))
        return {k: from_plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_plain(v) for v in value]
    return value


class DatabaseStorage(Storage):  # type: ignore[misc]
    """botbuilder's Storage contract over bot.storage: read, write with eTag checks, delete."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self._store = store

    async def read(self, keys: list[str]) -> dict[str, Any]:
        found = await self._store.read_states(list(keys))
        result = {}
        for key, stored in found.items():
            item = from_plain(stored.data)
            item["e_tag"] = stored.etag
            result[key] = item
        return result

    async def write(self, changes: dict[str, Any]) -> None:
        if changes is None:
            raise ValueError("changes are required when writing")
        for key, change in changes.items():
            if not isinstance(change, dict):
                raise TypeError("dialog state items must be dicts")
            expected = change.get("e_tag")
            data = to_plain({k: v for k, v in change.items() if k != "e_tag"})
            try:
                new_etag = await self._store.write_state(key, data, expected or None)
            except VersionConflict as conflict:
                raise KeyError(f"Etag conflict for {key}") from conflict
            # The caller's cached copy carries the new eTag, so a second save in one turn works.
            change["e_tag"] = new_etag

    async def delete(self, keys: list[str]) -> None:
        await self._store.delete_states(list(keys))
