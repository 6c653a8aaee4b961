"""The SQL store (SQLite now, PostgreSQL through the same code later), on SQLAlchemy Core."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from bot.onboarding.clock import Clock, system_clock
from bot.onboarding.models import Board, Event
from bot.storage.protocol import DuplicateBoard, StoredState, VersionConflict
from bot.storage.schema import (
    board_members,
    boards,
    conversation_boards,
    dialog_states,
    events,
    welcomes,
)
from bot.storage.urls import async_url


def _utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _enable_sqlite_concurrency(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_engine(database_url: str) -> AsyncEngine:
    engine = create_async_engine(async_url(database_url))
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _enable_sqlite_concurrency)
    return engine


class SqlStore:
    """Implements bot.storage.protocol.Store."""

    def __init__(self, engine: AsyncEngine, clock: Clock = system_clock) -> None:
        self._engine = engine
        self._clock = clock

    @classmethod
    def from_url(cls, database_url: str, clock: Clock = system_clock) -> SqlStore:
        return cls(create_engine(database_url), clock)

    async def ping(self) -> None:
        async with self._engine.connect() as conn:
            await conn.execute(sa.select(sa.literal(1)))

    async def close(self) -> None:
        await self._engine.dispose()

    # boards

    @staticmethod
    def _board_from_row(row: Any) -> Board:
        board = Board.model_validate_json(row.data)
        board.version = row.version
        return board

    async def get_board(self, board_id: str, tenant_id: str) -> Board | None:
        query = sa.select(boards.c.data, boards.c.version).where(
            boards.c.id == board_id, boards.c.tenant_id == tenant_id
        )
        async with self._engine.connect() as conn:
            row = (await conn.execute(query)).first()
        return self._board_from_row(row) if row else None

    async def find_board_by_bg_number(self, bg_number: str) -> Board | None:
        query = sa.select(boards.c.data, boards.c.version).where(boards.c.bg_number == bg_number)
        async with self._engine.connect() as conn:
            row = (await conn.execute(query)).first()
        return self._board_from_row(row) if row else None

    @staticmethod
    def _board_values(board: Board, now: datetime) -> dict[str, Any]:
        return {
            "name": board.name,
            "data": board.model_dump_json(exclude={"version"}),
            "updated_at": now,
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
        try:
            async with self._engine.begin() as conn:
                await conn.execute(boards.insert().values(**values))
                await self._append_events(conn, new_events)
        except IntegrityError as error:
            raise DuplicateBoard(board.bg_number) from error
        return board.model_copy(update={"version": 1})

    async def save_board(self, board: Board, new_events: list[Event]) -> Board:
        new_version = board.version + 1
        update = (
            boards.update()
            .where(
                boards.c.id == board.id,
                boards.c.tenant_id == board.tenant_id,
                boards.c.version == board.version,
            )
            .values(**self._board_values(board, self._clock()), version=new_version)
        )
        async with self._engine.begin() as conn:
            result = await conn.execute(update)
            if result.rowcount != 1:
                raise VersionConflict(board.id)
            await self._append_events(conn, new_events)
        return board.model_copy(update={"version": new_version})

    @staticmethod
    async def _append_events(conn: AsyncConnection, new_events: list[Event]) -> None:
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
        await conn.execute(events.insert(), rows)

    async def list_events(self, board_id: str, tenant_id: str, limit: int = 50) -> list[Event]:
        query = (
            sa.select(events)
            .join(boards, boards.c.id == events.c.board_id)
            .where(events.c.board_id == board_id, boards.c.tenant_id == tenant_id)
            .order_by(events.c.id.desc())
            .limit(limit)
        )
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return [
            Event(
                board_id=r.board_id,
                at=_utc(r.at),
                actor_key=r.actor_key,
                actor_name=r.actor_name,
                kind=r.kind,
                data=json.loads(r.data),
            )
            for r in reversed(rows)
        ]

    # who speaks for which board

    async def _upsert_link(
        self, table: sa.Table, key_column: str, tenant_id: str, key: str, board_id: str
    ) -> None:
        async with self._engine.begin() as conn:
            where = sa.and_(table.c.tenant_id == tenant_id, table.c[key_column] == key)
            await conn.execute(table.delete().where(where))
            await conn.execute(
                table.insert().values(
                    tenant_id=tenant_id,
                    **{key_column: key},
                    board_id=board_id,
                    linked_at=self._clock(),
                )
            )

    async def _linked_board(self, table: sa.Table, key_column: str, tenant_id: str, key: str) -> str | None:
        query = sa.select(table.c.board_id).where(table.c.tenant_id == tenant_id, table.c[key_column] == key)
        async with self._engine.connect() as conn:
            return (await conn.execute(query)).scalar_one_or_none()

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
        try:
            async with self._engine.begin() as conn:
                await conn.execute(welcomes.insert().values(key=key, at=self._clock()))
        except IntegrityError:
            return False
        return True

    # dialog state

    async def read_states(self, keys: list[str]) -> dict[str, StoredState]:
        if not keys:
            return {}
        query = sa.select(dialog_states.c.key, dialog_states.c.etag, dialog_states.c.data).where(
            dialog_states.c.key.in_(keys)
        )
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).all()
        return {r.key: StoredState(etag=r.etag, data=json.loads(r.data)) for r in rows}

    async def write_state(self, key: str, data: dict[str, Any], expected_etag: str | None) -> str:
        new_etag = uuid.uuid4().hex
        payload = json.dumps(data, ensure_ascii=False)
        now = self._clock()
        async with self._engine.begin() as conn:
            if expected_etag not in (None, "*"):
                result = await conn.execute(
                    dialog_states.update()
                    .where(dialog_states.c.key == key, dialog_states.c.etag == expected_etag)
                    .values(etag=new_etag, data=payload, updated_at=now)
                )
                if result.rowcount != 1:
                    raise VersionConflict(key)
                return new_etag
            result = await conn.execute(
                dialog_states.update()
                .where(dialog_states.c.key == key)
                .values(etag=new_etag, data=payload, updated_at=now)
            )
            if result.rowcount == 0:
                try:
                    await conn.execute(
                        dialog_states.insert().values(key=key, etag=new_etag, data=payload, updated_at=now)
                    )
                except IntegrityError as error:  # another turn created this state a moment ago
                    raise VersionConflict(key) from error
        return new_etag

    async def delete_states(self, keys: list[str]) -> None:
        if keys:
            async with self._engine.begin() as conn:
                await conn.execute(dialog_states.delete().where(dialog_states.c.key.in_(keys)))
