"""Boards, their event log, who speaks for them, welcomes and dialog state.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "boards",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("bg_number", sa.String(5), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False, server_default=""),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_boards_tenant_id", "boards", ["tenant_id"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("board_id", sa.String(36), sa.ForeignKey("boards.id"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_key", sa.String(64), nullable=False),
        sa.Column("actor_name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_events_board_id", "events", ["board_id"])
    op.create_table(
        "board_members",
        sa.Column("tenant_id", sa.String(64), primary_key=True),
        sa.Column("person_key", sa.String(64), primary_key=True),
        sa.Column("board_id", sa.String(36), sa.ForeignKey("boards.id"), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "conversation_boards",
        sa.Column("tenant_id", sa.String(64), primary_key=True),
        sa.Column("conversation_key", sa.String(64), primary_key=True),
        sa.Column("board_id", sa.String(36), sa.ForeignKey("boards.id"), nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "welcomes",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "dialog_states",
        sa.Column("key", sa.String(512), primary_key=True),
        sa.Column("etag", sa.String(32), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    for table in ("dialog_states", "welcomes", "conversation_boards", "board_members", "events"):
        op.drop_table(table)
    op.drop_index("ix_boards_tenant_id", "boards")
    op.drop_table("boards")
