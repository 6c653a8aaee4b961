"""`eckbot backup` and `eckbot restore`: every table as JSON lines, from one snapshot, into either backend.

A backup is a header line, one line per row (tables parents first, as metadata.sorted_tables
orders them) and a trailer with the number of rows per table, so that a truncated file is
noticed. It holds personal data (names in events, alert recipients): files are written 0600.

A restore reads the whole file once to check it before it touches the database, then migrates
the database and inserts everything in one transaction: a bad file or a refused row leaves the
database as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url

from bot.storage.migrate import HEAD, current_revision, upgrade_to_head
from bot.storage.schema import metadata
from bot.storage.urls import sync_url

FORMAT = "eckbot-backup"
VERSION = 1
BATCH = 500  # rows per INSERT, and per fetch from the server while backing up
TABLES: dict[str, sa.Table] = {str(table.name): table for table in metadata.sorted_tables}
ORDER = {name: position for position, name in enumerate(TABLES)}


class BackupError(Exception):
    """What went wrong, in words for the operator; nothing was written."""


class RestoreRefused(BackupError):
    """The target database holds data, and --force was not given."""


class BadBackup(BackupError):
    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"line {line}: {problem}")
        self.line = line


# Backing up


def backup_to_file(database_url: str, path: Path, now: datetime) -> dict[str, int]:
    """Written beside PATH first and renamed at the end: a failed backup leaves no half file."""
    folder = path.resolve().parent
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)  # mode 0600
    try:
        with os.fdopen(handle, "wb") as out:
            counts = write_backup(database_url, out, now)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return counts


def write_backup(database_url: str, out: IO[bytes], now: datetime) -> dict[str, int]:
    engine = _source_engine(database_url)
    try:
        with engine.connect() as connection:
            _begin_snapshot(connection)
            revision = current_revision(connection)
            if revision != HEAD:
                raise BackupError(_revision_problem(revision))
            header = {"format": FORMAT, "version": VERSION, "schema": revision, "created_at": _iso(now)}
            out.write(_line(header))
            counts = {name: _write_table(connection, table, out) for name, table in TABLES.items()}
            out.write(_line({"rows": counts}))
            connection.rollback()
        return counts
    finally:
        engine.dispose()


def _source_engine(database_url: str) -> Engine:
    file = _sqlite_file(database_url)
    if file is not None and not file.is_file():
        raise BackupError(f"there is no database file at {file}")
    return sa.create_engine(sync_url(database_url))


def _sqlite_file(database_url: str) -> Path | None:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(url.database).expanduser()
    return None


def _begin_snapshot(connection: Connection) -> None:
    """Every SELECT that follows sees the database as it was at the first one."""
    if connection.dialect.name == "sqlite":
        # Python's sqlite3 starts a transaction only before a write; without one, each SELECT
        # would see the database as it is at that moment.
        connection.exec_driver_sql("BEGIN")
    else:
        connection.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)


def _write_table(connection: Connection, table: sa.Table, out: IO[bytes]) -> int:
    # A server-side cursor where the driver has one: rows arrive BATCH at a time, not all at once.
    query = sa.select(table).order_by(*table.primary_key.columns).execution_options(yield_per=BATCH)
    rows = connection.execute(query)
    count = 0
    for row in rows:
        out.write(_line({"table": str(table.name), "row": _exported_row(row)}))
        count += 1
    return count


def _exported_row(row: Any) -> dict[str, Any]:
    # str(): SQLAlchemy's names are a str subclass, which orjson does not take as a key
    return {str(name): _exported(value) for name, value in zip(row._fields, row, strict=True)}


def _exported(value: Any) -> Any:
    if isinstance(value, datetime):
        return _iso(value)
    return value


def _iso(value: datetime) -> str:
    # SQLite gives back what was stored, UTC, without its offset.
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat()


def _line(record: dict[str, Any]) -> bytes:
    return orjson.dumps(record) + b"\n"


def _revision_problem(revision: str | None) -> str:
    if revision is None:
        return "the database has no eckbot tables (no schema revision); nothing to back up"
    return (
        f"the database is at schema revision {revision}, this eckbot writes {HEAD}: "
        "run `eckbot migrate` first"
    )


# Checking a backup file


@dataclass
class _Rows:
    table: sa.Table
    first_line: int
    rows: list[dict[str, Any]] = field(default_factory=list)


def check_file(path: Path) -> dict[str, int]:
    """Reads the whole file and returns the rows per table, or raises BadBackup naming the line."""
    counts: dict[str, int] = {}
    for batch in _batches(path):
        counts[batch.table.name] = counts.get(batch.table.name, 0) + len(batch.rows)
    return {name: counts.get(name, 0) for name in TABLES}


def _batches(path: Path) -> Iterator[_Rows]:
    """The file's rows, converted to the column types, BATCH at a time; the file checked to its end."""
    counts = dict.fromkeys(TABLES, 0)
    batch: _Rows | None = None
    previous: sa.Table | None = None
    last = 0
    trailer_at: int | None = None
    for number, record in _records(path):
        last = number
        if number == 1:
            _check_header(record)
        elif trailer_at is not None:
            raise BadBackup(number, f"more lines after the closing line of row counts (line {trailer_at})")
        elif set(record) == {"rows"}:
            _check_trailer(number, record["rows"], counts)
            trailer_at = number
        else:
            table, values = _row(number, record)
            if previous is not None and ORDER[table.name] < ORDER[previous.name]:
                raise BadBackup(number, f"a row of {table.name} after rows of {previous.name}")
            if batch is not None and (batch.table is not table or len(batch.rows) >= BATCH):
                yield batch
                batch = None
            if batch is None:
                batch = _Rows(table, number)
            batch.rows.append(values)
            counts[table.name] += 1
            previous = table
    if last == 0:
        raise BadBackup(1, "the file is empty: not an eckbot backup")
    if trailer_at is None:
        raise BadBackup(last, "the file ends here without its closing line of row counts: it was cut off")
    if batch is not None:
        yield batch


def _records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        file = path.open("rb")
    except OSError as error:
        raise BackupError(f"cannot read {path}: {error.strerror}") from error
    with file:
        for number, text in enumerate(file, start=1):
            try:
                record = orjson.loads(text)
            except orjson.JSONDecodeError:
                problem = "not a JSON line" if number > 1 else "not an eckbot backup (not JSON)"
                raise BadBackup(number, problem) from None
            if not isinstance(record, dict):
                raise BadBackup(number, "not a JSON object" if number > 1 else "not an eckbot backup")
            yield number, record


def _check_header(record: dict[str, Any]) -> None:
    if record.get("format") != FORMAT:
        raise BadBackup(1, f"not an eckbot backup (no format {FORMAT!r})")
    if record.get("version") != VERSION:
        raise BadBackup(1, f"backup format version {record.get('version')!r}; this eckbot reads {VERSION}")
    schema = record.get("schema")
    if schema != HEAD:
        raise BadBackup(
            1,
            f"the backup has schema revision {schema!r}, this eckbot {HEAD}: restore it with the "
            "eckbot version that wrote it, migrate, and back up again",
        )


def _check_trailer(number: int, written: Any, counts: dict[str, int]) -> None:
    if written != counts:
        raise BadBackup(number, f"the closing line counts {written!r} rows, but the file holds {counts!r}")


def _row(number: int, record: dict[str, Any]) -> tuple[sa.Table, dict[str, Any]]:
    if set(record) != {"table", "row"} or not isinstance(record["row"], dict):
        raise BadBackup(number, "neither a row nor the closing line")
    table = TABLES.get(record["table"]) if isinstance(record["table"], str) else None
    if table is None:
        raise BadBackup(number, f"unknown table {record['table']!r}")
    row: dict[str, Any] = record["row"]
    unknown = sorted(set(row) - set(table.columns.keys()))
    if unknown:
        raise BadBackup(number, f"unknown columns of {table.name}: {', '.join(unknown)}")
    missing = sorted(set(table.columns.keys()) - set(row))
    if missing:
        raise BadBackup(number, f"missing columns of {table.name}: {', '.join(missing)}")
    return table, {name: _imported(number, table.columns[name], value) for name, value in row.items()}


def _imported(number: int, column: sa.Column[Any], value: Any) -> Any:
    where = f"{column.table.name}.{column.name}"
    if value is None:
        if not column.nullable:
            raise BadBackup(number, f"{where} may not be empty")
        return None
    kind = column.type
    if isinstance(kind, sa.DateTime):
        return _moment(number, where, value)
    if isinstance(kind, sa.Boolean):
        if not isinstance(value, bool):
            raise BadBackup(number, f"{where} should be true or false, not {value!r}")
        return value
    if isinstance(kind, sa.Integer):
        if not isinstance(value, int) or isinstance(value, bool):
            raise BadBackup(number, f"{where} should be a whole number")
        return value
    if isinstance(kind, sa.Float):
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise BadBackup(number, f"{where} should be a number")
        return float(value)
    if isinstance(kind, sa.String):
        if not isinstance(value, str):
            raise BadBackup(number, f"{where} should be text")
        if kind.length is not None and len(value) > kind.length:
            raise BadBackup(number, f"{where} is longer than {kind.length} characters")
        return value
    raise TypeError(f"backup does not know the column type of {where}: {kind!r}")


def _moment(number: int, where: str, value: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise BadBackup(number, f"{where} should be a time with its UTC offset (ISO 8601)")
    return moment.astimezone(UTC)


# Restoring


def restore(database_url: str, path: Path, force: bool) -> dict[str, int]:
    """Every row of the backup at PATH into the database, in one transaction; returns rows per table."""
    counts = check_file(path)
    if not force:
        _refuse_data(database_url)
    upgrade_to_head(database_url)
    engine = sa.create_engine(sync_url(database_url))
    try:
        with engine.begin() as connection:
            if force:
                for table in reversed(metadata.sorted_tables):  # children before parents
                    connection.execute(table.delete())
            elif _holds_data(connection):
                raise RestoreRefused(_refusal(database_url))
            for batch in _batches(path):
                _insert(connection, batch)
            if connection.dialect.name == "postgresql":
                _reset_sequences(connection)
    finally:
        engine.dispose()
    return counts


def _refuse_data(database_url: str) -> None:
    file = _sqlite_file(database_url)
    if file is not None and not file.exists():
        return  # its folder may not exist yet either: nothing to refuse
    engine = sa.create_engine(sync_url(database_url))
    try:
        with engine.connect() as connection:
            if _holds_data(connection):
                raise RestoreRefused(_refusal(database_url))
    finally:
        engine.dispose()


def _refusal(database_url: str) -> str:
    shown = make_url(database_url).render_as_string(hide_password=True)
    return f"{shown} already holds data; restore into an empty database, or use --force to replace it all"


def _holds_data(connection: Connection) -> bool:
    present = set(sa.inspect(connection).get_table_names())
    return any(
        connection.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first() is not None
        for table in metadata.sorted_tables
        if table.name in present
    )


def _insert(connection: Connection, batch: _Rows) -> None:
    try:
        connection.execute(batch.table.insert(), batch.rows)
    except sa.exc.DBAPIError as error:
        last = batch.first_line + len(batch.rows) - 1
        reason = str(error.orig).splitlines()[0] if str(error.orig) else type(error.orig).__name__
        raise BadBackup(
            batch.first_line, f"(to line {last}) the database refused rows of {batch.table.name}: {reason}"
        ) from error


def _reset_sequences(connection: Connection) -> None:
    """Rows were inserted with their ids: the next id a sequence hands out must come after them."""
    for table in metadata.sorted_tables:
        column = table.autoincrement_column
        if column is None:
            continue
        sequence = sa.func.pg_get_serial_sequence(table.name, column.name)
        following = sa.func.coalesce(sa.func.max(column), 0) + 1
        connection.execute(sa.select(sa.func.setval(sequence, following, False)).select_from(table))
