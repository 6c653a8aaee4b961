"""Turns the configured database URL into the driver URL the store and the migrations use."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL, make_url


class UnsupportedDatabase(ValueError):
    pass


def sync_url(database_url: str) -> URL:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return url.set(drivername="sqlite")
    raise UnsupportedDatabase(f"unsupported database URL scheme: {url.drivername}")


def ensure_sqlite_folder(database_url: str) -> None:
    """A fresh checkout has no var/ folder yet; SQLite will not create it."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
