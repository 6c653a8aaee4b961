"""Where the store's SQL runs: for SQLite, in the event loop's own thread; for PostgreSQL, on a
pool of asyncpg connections.

A SQLite statement in WAL mode takes tens of microseconds; handing it to a worker thread and
back (aiosqlite) costs far more than that, several times per statement. So SQLite work runs
right here, one short transaction at a time, on one connection: nothing else can run between the
statements of a transaction, which also makes each transaction atomic within the process.
The price: while another *process* holds SQLite's write lock, this loop waits (busy_timeout).
Several server processes belong on PostgreSQL, whose async driver gets a runner of its own: the
same functions run there through `run_sync`, each in a transaction on a pooled connection, so
turns of other conversations go on while one waits for the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import StaticPool
from sqlalchemy.sql import Executable

from bot.storage.prepared import PreparedStatements
from bot.storage.urls import async_url, ensure_sqlite_folder, is_postgres, sync_url

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


def _clean(value: Any) -> Any:
    return value.replace("\x00", "") if isinstance(value, str) and "\x00" in value else value


def _without_nul(
    _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, executemany: bool
) -> tuple[str, Any]:
    # PostgreSQL's text cannot hold a NUL character (SQLite's can): one typed or sent in a query
    # string would fail the statement, and the request with a 500. It carries no meaning: dropped.
    if executemany:
        return statement, [tuple(map(_clean, row)) for row in parameters]
    if isinstance(parameters, dict):
        return statement, {key: _clean(value) for key, value in parameters.items()}
    return statement, tuple(map(_clean, parameters or ()))


class PostgresRunner:
    def __init__(self, database_url: str, pool_size: int = 10) -> None:
        self.engine: AsyncEngine = create_async_engine(
            async_url(database_url),
            pool_size=pool_size,
            max_overflow=pool_size,
            # A managed PostgreSQL drops idle connections and restarts for maintenance: a dead
            # pooled connection is found before a turn uses it, not by the turn.
            pool_pre_ping=True,
            pool_recycle=1800,
        )
        event.listen(self.engine.sync_engine, "before_cursor_execute", _without_nul, retval=True)

    def prepare(self, statements: Iterable[Executable]) -> None:
        """Nothing to do: asyncpg prepares every statement once per connection and keeps it."""

    async def read(self, work: Callable[[Db], T]) -> T:
        async with self.engine.connect() as conn:  # its transaction is rolled back on leaving
            return await conn.run_sync(work)

    async def write(self, work: Callable[[Db], T]) -> T:
        async with self.engine.begin() as conn:
            return await conn.run_sync(work)

    async def close(self) -> None:
        await self.engine.dispose()


async def write_upsert(runner: Runner, work: Callable[[Db], T]) -> T:
    """Runs an upsert written as UPDATE-else-INSERT or DELETE-then-INSERT. With several processes
    on PostgreSQL another may insert the same key between the two statements: the INSERT then
    fails as a duplicate, and the second try finds the row."""
    try:
        return await runner.write(work)
    except IntegrityError:
        return await runner.write(work)


def runner_for(database_url: str) -> Runner:
    if is_postgres(database_url):
        return PostgresRunner(database_url)
    return SqliteRunner(database_url)
