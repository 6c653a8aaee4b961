"""Coordinators' overview: each board's step statuses, last progress and suppliers as columns;
coordinators added in chat, dashboard sign-in links and sessions, API tokens.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from bot.onboarding.models import Board
from bot.storage.board_columns import STEP_COLUMNS, overview_columns

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for column in STEP_COLUMNS.values():
        op.add_column("boards", sa.Column(column, sa.String(16), nullable=False, server_default="open"))
    op.add_column("boards", sa.Column("progress_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("boards", sa.Column("suppliers", sa.String(400), nullable=False, server_default=""))
    op.create_index("ix_boards_progress_at", "boards", ["progress_at"])
    _fill_overview_columns()
    op.create_table(
        "coordinators",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("added_by", sa.String(200), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "dashboard_links",
        sa.Column("nonce", sa.String(64), primary_key=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "dashboard_sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("coordinator_key", sa.String(200), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("label", sa.String(100), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )


def _fill_overview_columns() -> None:
    connection = op.get_bind()
    boards = sa.table(
        "boards",
        sa.column("id", sa.String),
        sa.column("data", sa.Text),
        *(sa.column(c, sa.String) for c in STEP_COLUMNS.values()),
        sa.column("progress_at", sa.DateTime(timezone=True)),
        sa.column("suppliers", sa.String),
    )
    for row in connection.execute(sa.select(boards.c.id, boards.c.data)).all():
        values = overview_columns(Board.model_validate_json(row.data))
        connection.execute(boards.update().where(boards.c.id == row.id).values(**values))


def downgrade() -> None:
    for table in ("api_tokens", "dashboard_sessions", "dashboard_links", "coordinators"):
        op.drop_table(table)
    op.drop_index("ix_boards_progress_at", "boards")
    with op.batch_alter_table("boards") as batch:
        for column in (*STEP_COLUMNS.values(), "progress_at", "suppliers"):
            batch.drop_column(column)
