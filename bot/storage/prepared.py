"""The statements of every turn, compiled once and run straight on the database driver.

SQLAlchemy's execution path (execution context, parameter processing, result objects) costs
about 20 microseconds per statement; SQLite itself answers these in three. The statements stay
SQLAlchemy Core objects, so their SQL is the same for every backend: for the few registered as
hot, the SQL text, the order of parameters and the type conversions (dates) come from
SQLAlchemy's own compiler and type system, once; every other statement runs the normal way.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exc
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql import Executable
from sqlalchemy.sql.elements import ClauseElement

Processor = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]
    processors: tuple[Processor, ...]
    row: Callable[..., Any] | None  # a named tuple of the selected columns
    results: tuple[Processor, ...]


class Rows:
    """The part of SQLAlchemy's Result the store uses."""

    def __init__(self, rows: list[Any], rowcount: int) -> None:
        self._rows = rows
        self.rowcount = rowcount

    def first(self) -> Any:
        return self._rows[0] if self._rows else None

    def all(self) -> list[Any]:
        return self._rows

    def scalar_one_or_none(self) -> Any:
        if len(self._rows) > 1:
            raise exc.MultipleResultsFound("more than one row")
        return self._rows[0][0] if self._rows else None


def _compile(statement: ClauseElement, dialect: Dialect, keys: Sequence[str] | None) -> _Compiled:
    compiled: Any = statement.compile(dialect=dialect, column_keys=list(keys) if keys else None)
    names = tuple(compiled.positiontup or ())
    processors = tuple(
        compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    )
    columns = list(getattr(statement, "selected_columns", []))
    row = collections.namedtuple("Row", [c.key for c in columns], rename=True) if columns else None
    results = tuple(c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns)
    return _Compiled(compiled.string, names, processors, row, results)


class PreparedStatements:
    """Runs registered statements on the DBAPI connection under a SQLAlchemy Connection."""

    def __init__(self, dialect: Dialect) -> None:
        self._dialect = dialect
        self._hot: set[int] = set()
        self._compiled: dict[tuple[int, tuple[str, ...] | None], _Compiled] = {}

    def register(self, statements: Iterable[Executable]) -> None:
        self._hot.update(id(s) for s in statements)

    def execute(self, conn: Connection, statement: Any, parameters: Any = None) -> Any:
        if id(statement) not in self._hot:
            return conn.execute(statement, parameters)
        many = isinstance(parameters, list)
        first: Mapping[str, Any] = (parameters[0] if many else parameters) or {}
        keys = tuple(first) if statement.is_insert else None
        compiled = self._compiled.get((id(statement), keys))
        if compiled is None:
            compiled = _compile(statement, self._dialect, keys)
            self._compiled[(id(statement), keys)] = compiled
        driver = conn.connection.driver_connection
        assert driver is not None
        try:
            if many:
                cursor = driver.executemany(compiled.sql, [self._bind(compiled, p) for p in parameters])
                return Rows([], cursor.rowcount)
            cursor = driver.execute(compiled.sql, self._bind(compiled, first))
            rows = cursor.fetchall() if compiled.row is not None else []
        except self._dialect.loaded_dbapi.Error as error:
            raise exc.DBAPIError.instance(
                compiled.sql, parameters, error, self._dialect.loaded_dbapi.Error
            ) from error
        return Rows([self._row(compiled, r) for r in rows], cursor.rowcount)

    @staticmethod
    def _bind(compiled: _Compiled, parameters: Mapping[str, Any]) -> tuple[Any, ...]:
        return tuple(
            process(parameters[name]) if process else parameters[name]
            for name, process in zip(compiled.names, compiled.processors, strict=True)
        )

    @staticmethod
    def _row(compiled: _Compiled, raw: tuple[Any, ...]) -> Any:
        assert compiled.row is not None
        values = (process(v) if process else v for v, process in zip(raw, compiled.results, strict=True))
        return compiled.row(*values)
