"""Where the store's SQL runs: for SQLite, in the event loop's own thread.

A SQLite statement in WAL mode takes tens of microseconds; handing it to a worker thread and
back (aiosqlite) costs far more than that, several times per statement. So SQLite work runs
right here, one short transaction at a time, on one connection: nothing else can run between the
statements of a transaction, which also makes each transaction atomic within the process.
The price: while another *process* holds SQLite's write lock, this loop waits (busy_timeout).
Several server processes belong on PostgreSQL, whose async driver gets a runner of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool
from sqlalchemy.sql import Executable

from bot.storage.prepared import PreparedStatements
from bot.storage.urls import ensure_sqlite_folder, sync_url

T = TypeVar("T")


class Db(Protocol):
    """What the store's SQL functions get: a connection that executes statements."""

    def execute(self, statement: Any, parameters: Any = None) -> Any: ...


class Runner(Protocol):
    def prepare(self, statements: Iterable[Executable]) -> None:
        """Statements that run on (nearly) every turn: a runner may make them cheaper."""

    async def read(self, work: Callable[[Db], T]) -> T: ...

    async def write(self, work: Callable[[Db], T]) -> T:
        """Runs WORK in one transaction: committed when it returns, rolled back when it raises."""

    async def close(self) -> None: ...


class _SqliteDb:
    def __init__(self, conn: Connection, prepared: PreparedStatements) -> None:
        self._conn = conn
        self._prepared = prepared

    def execute(self, statement: Any, parameters: Any = None) -> Any:
        return self._prepared.execute(self._conn, statement, parameters)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode, NORMAL syncs at checkpoints instead of at every commit: a crash of the bot loses
    # nothing, a power cut may lose the last answers; FULL costs a disk flush (milliseconds) per turn.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class SqliteRunner:
    def __init__(self, database_url: str) -> None:
        ensure_sqlite_folder(database_url)
        self.engine: Engine = sa.create_engine(
            sync_url(database_url),
            poolclass=StaticPool,  # one connection, used by one thread: the event loop's
            connect_args={"check_same_thread": False},
        )
        event.listen(self.engine, "connect", _configure_sqlite)
        self._prepared = PreparedStatements(self.engine.dialect)
        self._conn: Connection | None = None

    def prepare(self, statements: Iterable[Executable]) -> None:
        self._prepared.register(statements)

    def _connection(self) -> Connection:
        # Kept open for the process: a pool checkout and a Connection per statement cost more than it.
        if self._conn is None or self._conn.closed:
            self._conn = self.engine.connect()
        return self._conn

    def _end(self, conn: Connection, commit: bool) -> None:
        # Prepared statements run on the driver's connection, beside SQLAlchemy's bookkeeping of
        # the transaction: both are ended, so neither leaves one open.
        driver = conn.connection.driver_connection
        assert driver is not None
        if commit:
            conn.commit()
            driver.commit()
        else:
            conn.rollback()
            driver.rollback()

    async def read(self, work: Callable[[Db], T]) -> T:
        conn = self._connection()
        try:
            return work(_SqliteDb(conn, self._prepared))
        finally:
            self._end(conn, commit=False)  # a read holds no snapshot that would hold up WAL checkpoints

    async def write(self, work: Callable[[Db], T]) -> T:
        conn = self._connection()
        try:
            result = work(_SqliteDb(conn, self._prepared))
        except BaseException:
            self._end(conn, commit=False)
            raise
        self._end(conn, commit=True)
        return result

    async def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self.engine.dispose()


def runner_for(database_url: str) -> Runner:
    return SqliteRunner(database_url)
