"""Brings a database to the newest schema; runs at start-up and as `eckbot migrate`.

A database that is already at the newest revision is left alone, and an empty one gets the
tables of bot/storage/schema.py at once, stamped with that revision: neither needs Alembic, whose
import and migration run would cost a fresh start a fifth of a second. Any other database is
upgraded by Alembic, migration by migration. tests/storage/test_migrations.py proves that both
ways give the same schema and that HEAD is Alembic's head, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bot.storage.schema import metadata
from bot.storage.urls import ensure_sqlite_folder, sync_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0005"  # the newest revision in migrations/versions

_versions = sa.MetaData()
_alembic_version = sa.Table(  # as Alembic creates it
    "alembic_version",
    _versions,
    sa.Column("version_num", sa.String(32), nullable=False),
    sa.PrimaryKeyConstraint("version_num", name="alembic_version_pkc"),
)


def current_revision(connection: Connection) -> str | None:
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    revision: str | None = connection.execute(sa.select(_alembic_version.c.version_num)).scalar()
    return revision


def upgrade_to_head(database_url: str) -> None:
    ensure_sqlite_folder(database_url)
    engine = sa.create_engine(sync_url(database_url))
    try:
        with engine.begin() as connection:
            _one_at_a_time(connection)
            revision = current_revision(connection)
            if revision == HEAD:
                return
            if revision is None and not sa.inspect(connection).get_table_names():
                metadata.create_all(connection)
                _versions.create_all(connection)
                connection.execute(_alembic_version.insert().values(version_num=HEAD))
                return
            alembic_upgrade(connection)
    finally:
        engine.dispose()


def _one_at_a_time(connection: Connection) -> None:
    """Several starts at once on one database: the first migrates, the others wait for its commit
    and then find the newest revision. PostgreSQL: an advisory lock. SQLite: the write lock, taken
    before the schema is looked at (its DDL is transactional too)."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


_MIGRATION_LOCK = 0x45434B  # "ECK": any number, the same in every instance


def alembic_upgrade(connection: Connection) -> None:
    """Every migration from the database's revision to the newest, in order."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
