"""The SQL store on SQLAlchemy Core: every operation is one short function over a connection.

Where the functions run is the backend's business (bot/storage/runners.py): SQLite runs them in
the event loop's own thread, an async driver runs them through `run_sync`. The SQL is the same.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from bot.onboarding.clock import Clock, system_clock
from bot.onboarding.models import Board, Event
from bot.storage.board_columns import STEP_COLUMNS, overview_columns
from bot.storage.protocol import DuplicateBoard, StoredState, VersionConflict
from bot.storage.runners import Db, Runner, runner_for, write_upsert
from bot.storage.schema import (
    board_members,
    boards,
    conversation_boards,
    dialog_states,
    events,
    welcomes,
)
from bot.storage.times import as_utc

T = TypeVar("T")
Work = Callable[[Db], T]


# The statements of every turn, built once: building a statement costs more than running it.
_bp = sa.bindparam
_BOARD = sa.select(boards.c.data, boards.c.version)
_GET_BOARD = _BOARD.where(boards.c.id == _bp("board_id"), boards.c.tenant_id == _bp("tenant_id"))
_BOARD_OF_PERSON = _BOARD.join(board_members, board_members.c.board_id == boards.c.id).where(
    board_members.c.tenant_id == _bp("tenant_id"),
    board_members.c.person_key == _bp("person_key"),
    boards.c.tenant_id == _bp("tenant_id"),
)
_BOARD_OF_CONVERSATION = _BOARD.join(
    conversation_boards, conversation_boards.c.board_id == boards.c.id
).where(
    conversation_boards.c.tenant_id == _bp("tenant_id"),
    conversation_boards.c.conversation_key == _bp("conversation_key"),
    boards.c.tenant_id == _bp("tenant_id"),
)
_SAVE_BOARD = (
    boards.update()
    .where(
        boards.c.id == _bp("b_id"),
        boards.c.tenant_id == _bp("b_tenant_id"),
        boards.c.version == _bp("b_version"),
    )
    .values(
        name=_bp("name"),
        data=_bp("data"),
        updated_at=_bp("updated_at"),
        version=_bp("new_version"),
        **{column: _bp(column) for column in (*STEP_COLUMNS.values(), "progress_at", "suppliers")},
    )
)
_READ_STATE = sa.select(dialog_states.c.key, dialog_states.c.etag, dialog_states.c.data).where(
    dialog_states.c.key == _bp("key")
)
_STATE_VALUES: dict[str, Any] = {"etag": _bp("etag"), "data": _bp("data"), "updated_at": _bp("updated_at")}
_REPLACE_STATE = (
    dialog_states.update()
    .where(dialog_states.c.key == _bp("s_key"), dialog_states.c.etag == _bp("expected"))
    .values(**_STATE_VALUES)
)
_WRITE_STATE = dialog_states.update().where(dialog_states.c.key == _bp("s_key")).values(**_STATE_VALUES)
_INSERT_STATE = dialog_states.insert().values(key=_bp("s_key"), **_STATE_VALUES)
_INSERT_EVENTS = events.insert()
_HOT = (
    _GET_BOARD,
    _BOARD_OF_PERSON,
    _BOARD_OF_CONVERSATION,
    _SAVE_BOARD,
    _READ_STATE,
    _REPLACE_STATE,
    _WRITE_STATE,
    _INSERT_STATE,
    _INSERT_EVENTS,
)


def event_from_row(row: Any) -> Event:
    """A row of the events table as the domain's Event."""
    return Event(
        board_id=row.board_id,
        at=as_utc(row.at),
        actor_key=row.actor_key,
        actor_name=row.actor_name,
        kind=row.kind,
        data=json.loads(row.data),
    )


class SqlStore:
    """Implements bot.storage.protocol.Store."""

    def __init__(self, runner: Runner, clock: Clock = system_clock) -> None:
        self._runner = runner
        self._runner.prepare(_HOT)
        self._clock = clock

    @property
    def runner(self) -> Runner:
        """Shared with the helpdesk's store: one database, one connection."""
        return self._runner

    @classmethod
    def from_url(cls, database_url: str, clock: Clock = system_clock) -> SqlStore:
        return cls(runner_for(database_url), clock)

    async def ping(self) -> None:
        await self._runner.read(lambda conn: conn.execute(sa.select(sa.literal(1))).scalar())

    async def close(self) -> None:
        await self._runner.close()

    # boards

    @staticmethod
    def _board_from_row(row: Any) -> Board:
        board = Board.model_validate_json(row.data)
        board.version = row.version
        return board

    async def get_board(self, board_id: str, tenant_id: str) -> Board | None:
        parameters = {"board_id": board_id, "tenant_id": tenant_id}
        row = await self._runner.read(lambda conn: conn.execute(_GET_BOARD, parameters).first())
        return self._board_from_row(row) if row else None

    async def board_for(self, tenant_id: str, person_key: str, conversation_key: str | None) -> Board | None:
        """The board of a shared conversation when it has one, else the person's: one round trip."""

        def find(conn: Db) -> Any:
            if conversation_key:
                shared = {"tenant_id": tenant_id, "conversation_key": conversation_key}
                row = conn.execute(_BOARD_OF_CONVERSATION, shared).first()
                if row is not None:
                    return row
            return conn.execute(_BOARD_OF_PERSON, {"tenant_id": tenant_id, "person_key": person_key}).first()

        row = await self._runner.read(find)
        return self._board_from_row(row) if row else None

    async def find_board_by_bg_number(self, bg_number: str) -> Board | None:
        query = sa.select(boards.c.data, boards.c.version).where(boards.c.bg_number == bg_number)
        row = await self._runner.read(lambda conn: conn.execute(query).first())
        return self._board_from_row(row) if row else None

    @staticmethod
    def _board_values(board: Board, now: datetime) -> dict[str, Any]:
        return {
            "name": board.name,
            "data": board.model_dump_json(exclude={"version"}),
            "updated_at": now,
            **overview_columns(board),
        }

    async def insert_board(self, board: Board, new_events: list[Event]) -> Board:
        now = self._clock()
        values = self._board_values(board, now) | {
            "id": board.id,
            "tenant_id": board.tenant_id,
            "bg_number": board.bg_number,
            "version": 1,
            "created_at": now,
        }

        def insert(conn: Db) -> None:
            conn.execute(boards.insert().values(**values))
            self._append_events(conn, new_events)

        try:
            await self._runner.write(insert)
        except IntegrityError as error:
            raise DuplicateBoard(board.bg_number) from error
        return board.model_copy(update={"version": 1})

    async def save_board(self, board: Board, new_events: list[Event]) -> Board:
        new_version = board.version + 1
        parameters = self._board_values(board, self._clock()) | {
            "b_id": board.id,
            "b_tenant_id": board.tenant_id,
            "b_version": board.version,
            "new_version": new_version,
        }

        def save(conn: Db) -> None:
            if conn.execute(_SAVE_BOARD, parameters).rowcount != 1:
                raise VersionConflict(board.id)
            self._append_events(conn, new_events)

        await self._runner.write(save)
        return board.model_copy(update={"version": new_version})

    @staticmethod
    def _append_events(conn: Db, new_events: list[Event]) -> None:
        if not new_events:
            return
        rows = [
            {
                "board_id": e.board_id,
                "at": e.at,
                "actor_key": e.actor_key,
                "actor_name": e.actor_name,
                "kind": e.kind,
                "data": json.dumps(e.data, ensure_ascii=False),
            }
            for e in new_events
        ]
        conn.execute(_INSERT_EVENTS, rows)

    async def list_events(self, board_id: str, tenant_id: str, limit: int = 50) -> list[Event]:
        query = (
            sa.select(events)
            .join(boards, boards.c.id == events.c.board_id)
            .where(events.c.board_id == board_id, boards.c.tenant_id == tenant_id)
            .order_by(events.c.id.desc())
            .limit(limit)
        )
        rows = await self._runner.read(lambda conn: conn.execute(query).all())
        return [event_from_row(r) for r in reversed(rows)]

    # who speaks for which board

    async def _upsert_link(
        self, table: sa.Table, key_column: str, tenant_id: str, key: str, board_id: str
    ) -> None:
        where = sa.and_(table.c.tenant_id == tenant_id, table.c[key_column] == key)
        insert = table.insert().values(
            tenant_id=tenant_id, **{key_column: key}, board_id=board_id, linked_at=self._clock()
        )

        def upsert(conn: Db) -> None:
            conn.execute(table.delete().where(where))
            conn.execute(insert)

        await write_upsert(self._runner, upsert)

    async def _linked_board(self, table: sa.Table, key_column: str, tenant_id: str, key: str) -> str | None:
        query = sa.select(table.c.board_id).where(table.c.tenant_id == tenant_id, table.c[key_column] == key)
        found: str | None = await self._runner.read(lambda conn: conn.execute(query).scalar_one_or_none())
        return found

    async def link_person(self, tenant_id: str, person_key: str, board_id: str) -> None:
        await self._upsert_link(board_members, "person_key", tenant_id, person_key, board_id)

    async def board_id_for_person(self, tenant_id: str, person_key: str) -> str | None:
        return await self._linked_board(board_members, "person_key", tenant_id, person_key)

    async def link_conversation(self, tenant_id: str, conversation_key: str, board_id: str) -> None:
        await self._upsert_link(
            conversation_boards, "conversation_key", tenant_id, conversation_key, board_id
        )

    async def board_id_for_conversation(self, tenant_id: str, conversation_key: str) -> str | None:
        return await self._linked_board(conversation_boards, "conversation_key", tenant_id, conversation_key)

    async def mark_welcomed(self, key: str) -> bool:
        insert = welcomes.insert().values(key=key, at=self._clock())
        try:
            await self._runner.write(lambda conn: conn.execute(insert))
        except IntegrityError:
            return False
        return True

    # dialog state

    async def read_states(self, keys: list[str]) -> dict[str, StoredState]:
        if not keys:
            return {}
        if len(keys) == 1:  # every turn: its conversation's state
            parameters = {"key": keys[0]}
            rows = await self._runner.read(lambda conn: conn.execute(_READ_STATE, parameters).all())
        else:
            query = sa.select(dialog_states.c.key, dialog_states.c.etag, dialog_states.c.data).where(
                dialog_states.c.key.in_(keys)
            )
            rows = await self._runner.read(lambda conn: conn.execute(query).all())
        return {r.key: StoredState(etag=r.etag, document=r.data) for r in rows}

    async def write_state(self, key: str, document: str, expected_etag: str | None) -> str:
        new_etag = uuid.uuid4().hex
        payload = document
        now = self._clock()
        values = {"s_key": key, "etag": new_etag, "data": payload, "updated_at": now}

        def write(conn: Db) -> None:
            if expected_etag not in (None, "*"):
                if conn.execute(_REPLACE_STATE, values | {"expected": expected_etag}).rowcount != 1:
                    raise VersionConflict(key)
                return
            if conn.execute(_WRITE_STATE, values).rowcount == 0:
                try:
                    conn.execute(_INSERT_STATE, values)
                except IntegrityError as error:  # another turn created this state a moment ago
                    raise VersionConflict(key) from error

        await self._runner.write(write)
        return new_etag

    async def delete_states(self, keys: list[str]) -> None:
        if keys:
            statement = dialog_states.delete().where(dialog_states.c.key.in_(keys))
            await self._runner.write(lambda conn: conn.execute(statement))
