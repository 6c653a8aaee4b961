"""The helpdesk: questions asked, feedback on answers, tickets, drafts, coordinators' contacts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "questions_asked",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("board_id", sa.String(36), nullable=True),
        sa.Column("band", sa.String(16), nullable=False),
        sa.Column("entry_id", sa.String(100), nullable=True),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("text", sa.Text, nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_questions_asked_board_id", "questions_asked", ["board_id"])
    op.create_table(
        "answer_feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("entry_id", sa.String(100), nullable=False),
        sa.Column("helpful", sa.Boolean, nullable=False),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("board_id", sa.String(36), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_answer_feedback_entry_id", "answer_feedback", ["entry_id"])
    op.create_table(
        "tickets",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("board_id", sa.String(36), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_tickets_board_id", "tickets", ["board_id"])
    op.create_index("ix_tickets_status", "tickets", ["status"])
    op.create_table(
        "faq_drafts",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("ticket_id", sa.String(36), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_table(
        "coordinator_contacts",
        sa.Column("coordinator_key", sa.String(64), primary_key=True),
        sa.Column("reference", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("coordinator_contacts")
    op.drop_table("faq_drafts")
    op.drop_index("ix_tickets_status", "tickets")
    op.drop_index("ix_tickets_board_id", "tickets")
    op.drop_table("tickets")
    op.drop_index("ix_answer_feedback_entry_id", "answer_feedback")
    op.drop_table("answer_feedback")
    op.drop_index("ix_questions_asked_board_id", "questions_asked")
    op.drop_table("questions_asked")
