"""Brings a database to the newest schema with Alembic; runs at start-up and as `eckbot migrate`."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from bot.storage.urls import ensure_sqlite_folder, sync_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def upgrade_to_head(database_url: str) -> None:
    ensure_sqlite_folder(database_url)
    engine = sa.create_engine(sync_url(database_url))
    try:
        with engine.begin() as connection:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        engine.dispose()
