"""Turns the configured database URL into the driver URL the store and the migrations use.

`ECKBOT_DATABASE_URL` names a database, not a driver: `sqlite:///var/eckbot.db`, or
`postgresql://user:password@host:5432/eckbot` (`postgres://` too, as some hosts write it). The
running bot talks to PostgreSQL through asyncpg; migrations and tools, which are synchronous,
through psycopg. SQLite needs no async driver: its runner works in the event loop's thread.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL, make_url


class UnsupportedDatabase(ValueError):
    pass


_POSTGRES_SCHEMES = ("postgresql", "postgres")


def is_postgres(database_url: str) -> bool:
    return make_url(database_url).drivername.split("+")[0] in _POSTGRES_SCHEMES


def sync_url(database_url: str) -> URL:
    """The URL for a synchronous engine: migrations, backups, tests' own checks."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return url.set(drivername="sqlite")
    if is_postgres(database_url):
        return _renamed(url, "ssl", "sslmode").set(drivername="postgresql+psycopg")
    raise UnsupportedDatabase(f"unsupported database URL scheme: {url.drivername}")


def async_url(database_url: str) -> URL:
    """The URL for the running bot's pooled async engine (PostgreSQL only)."""
    url = make_url(database_url)
    if is_postgres(database_url):
        return _renamed(url, "sslmode", "ssl").set(drivername="postgresql+asyncpg")
    raise UnsupportedDatabase(f"no async driver for database URL scheme: {url.drivername}")


def _renamed(url: URL, old: str, new: str) -> URL:
    # libpq (and psycopg) say `sslmode=require`, asyncpg says `ssl=require`, with the same values:
    # either spelling in the configured URL reaches both drivers.
    if old not in url.query:
        return url
    query = {key: value for key, value in url.query.items() if key != old}
    return url.set(query=query | {new: url.query[old]})


def ensure_sqlite_folder(database_url: str) -> None:
    """A fresh checkout has no var/ folder yet; SQLite will not create it."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
