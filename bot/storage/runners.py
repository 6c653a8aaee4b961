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

import asyncio
import logging
import sqlite3
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
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
log = logging.getLogger(__name__)


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
    # The WAL is copied back into the database by WalCheckpointer, on a worker thread: done by
    # the commit that fills it (SQLite's default), it stalled the event loop, and every turn in
    # flight, for 5-15 ms with its disk flush.
    cursor.execute("PRAGMA wal_autocheckpoint=0")
    cursor.close()


class WalCheckpointer:
    """Copies the WAL back into the database on a worker thread with its own connection.

    SQLite's own checkpoint ran inside the commit that filled the log, on the event loop's thread:
    copying a thousand pages and flushing the disk stalled every turn in flight for 5-15 ms. Here
    a worker thread copies the log after every COMMITS commits; a PASSIVE checkpoint never waits
    for a lock or holds up a writer, and SQLite releases the GIL while it writes and flushes. The
    log is reused from its start only once all of it is in the database, and turns that go on
    writing meanwhile leave a tail: the first commit after the worker is done copies that tail on
    the loop's thread, a few pages rather than the whole log.
    """

    COMMITS = 500  # about a megabyte of WAL with this bot's rows

    def __init__(self, path: Path) -> None:
        self._path = path
        self._commits = 0
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wal-checkpoint")
        self._running: Future[None] | None = None
        self._conn: sqlite3.Connection | None = None

    def committed(self, driver: Any) -> None:
        self._commits += 1
        if self._running is not None and self._running.done():
            self._running = None
            try:  # the tail written while the worker copied (what it reports is the log as it began)
                _checkpoint(driver)
            except sqlite3.Error as error:  # the turn's own commit is done: it must not fail now
                log.warning("wal_checkpoint_failed error=%s", type(error).__name__)
        if self._commits >= self.COMMITS and self._running is None:
            self._commits = 0
            self._running = self._worker.submit(self._copy)

    def _copy(self) -> None:
        try:
            if self._conn is None:
                self._conn = sqlite3.connect(self._path, check_same_thread=False, timeout=0)
            _checkpoint(self._conn)
        except sqlite3.Error as error:  # busy, or the disk: the next checkpoint tries again
            log.warning("wal_checkpoint_failed error=%s", type(error).__name__)

    async def close(self) -> None:
        if self._running is not None:
            await asyncio.wrap_future(self._running)
        self._worker.shutdown()
        if self._conn is not None:
            self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            self._conn.close()


def _checkpoint(conn: Any) -> None:
    started = time.perf_counter()
    # fetchall: a cursor left open would hold a read snapshot, and the log could never restart
    [(_busy, pages, copied)] = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    log.debug(
        "wal_checkpoint ms=%.1f pages=%s copied=%s", 1000 * (time.perf_counter() - started), pages, copied
    )


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
        database = self.engine.url.database
        self._checkpointer = (
            WalCheckpointer(Path(database).expanduser()) if database not in (None, "", ":memory:") else None
        )

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
        if self._checkpointer is not None:
            self._checkpointer.committed(conn.connection.driver_connection)
        return result

    async def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self.engine.dispose()
        if self._checkpointer is not None:
            await self._checkpointer.close()


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
