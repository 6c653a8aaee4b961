"""One ECKBOT_DATABASE_URL for PostgreSQL reaches both drivers: asyncpg for the bot, psycopg for
migrations, whichever way it is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.storage.runners import PostgresRunner, SqliteRunner, runner_for
from bot.storage.urls import UnsupportedDatabase, async_url, sync_url


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+asyncpg", "postgresql+psycopg"])
def test_every_spelling_of_postgresql_gets_asyncpg_and_psycopg(scheme: str) -> None:
    url = f"{scheme}://eckbot:geheim@db.example.org:5432/eckbot"

    assert async_url(url).render_as_string(hide_password=False) == (
        "postgresql+asyncpg://eckbot:geheim@db.example.org:5432/eckbot"
    )
    assert sync_url(url).drivername == "postgresql+psycopg"


@pytest.mark.parametrize("option", ["sslmode", "ssl"])
def test_the_ssl_mode_reaches_each_driver_in_its_own_words(option: str) -> None:
    url = f"postgresql://eckbot@db.example.org/eckbot?{option}=require&application_name=eckbot"

    assert dict(async_url(url).query) == {"ssl": "require", "application_name": "eckbot"}
    assert dict(sync_url(url).query) == {"sslmode": "require", "application_name": "eckbot"}


async def test_the_runner_follows_the_scheme(tmp_path: Path) -> None:
    postgres = runner_for("postgres://eckbot@127.0.0.1:1/eckbot")  # nothing connects until used
    sqlite = runner_for(f"sqlite:///{tmp_path}/eckbot.db")
    assert isinstance(postgres, PostgresRunner) and isinstance(sqlite, SqliteRunner)
    await postgres.close()
    await sqlite.close()


def test_an_unknown_database_is_refused_by_name() -> None:
    with pytest.raises(UnsupportedDatabase, match="mysql"):
        sync_url("mysql://eckbot@db/eckbot")
