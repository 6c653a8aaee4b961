"""Messages the bot sends on its own: the outbox, the people it reaches, who was alerted and read it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("idempotency_key", sa.String(200), nullable=False, unique=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("board_id", sa.String(36), nullable=True),
        sa.Column("recipient_key", sa.String(64), nullable=False),
        sa.Column("reference", sa.Text, nullable=False),
        sa.Column("activities", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_owner", sa.String(64), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("activity_id", sa.String(200), nullable=True),
        sa.Column("last_error", sa.String(64), nullable=True),
    )
    for column in ("board_id", "recipient_key", "status", "next_attempt_at"):
        op.create_index(f"ix_outbox_{column}", "outbox", [column])
    op.create_table(
        "recipients",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("reference", sa.Text, nullable=True),
        sa.Column("reachable", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("reminders", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "alert_recipients",
        sa.Column("board_id", sa.String(36), sa.ForeignKey("boards.id"), primary_key=True),
        sa.Column("person_key", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("audience", sa.String(32), nullable=False),
        sa.Column("via", sa.String(16), nullable=False),
        sa.Column("told_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    for table in ("alert_recipients", "recipients", "outbox"):
        op.drop_table(table)
