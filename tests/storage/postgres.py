"""A fresh PostgreSQL database per test, on the server that ECKBOT_TEST_POSTGRES_URL names.

When the variable is set, the PostgreSQL tests must run: a server that cannot be reached fails
them (pytest.fail), it never skips them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bot.storage.urls import sync_url

POSTGRES_URL = os.environ.get("ECKBOT_TEST_POSTGRES_URL", "")
BACKENDS = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


def _server() -> sa.Engine:
    return sa.create_engine(sync_url(POSTGRES_URL), isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)


@contextmanager
def fresh_database() -> Iterator[str]:
    """The URL (postgresql://) of a new, empty database, dropped afterwards with its connections."""
    name = f"eckbot_test_{uuid.uuid4().hex[:12]}"
    server = _server()
    try:
        with server.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        server.dispose()
        pytest.fail(f"ECKBOT_TEST_POSTGRES_URL is set, but PostgreSQL cannot be reached: {error}")
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()
