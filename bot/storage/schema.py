"""Table definitions, portable across SQLite and PostgreSQL. Migrations create them; code reads them."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

boards = sa.Table(
    "boards",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("tenant_id", sa.String(64), nullable=False, index=True),
    sa.Column("bg_number", sa.String(5), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False, server_default=""),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("board_id", sa.String(36), sa.ForeignKey("boards.id"), nullable=False, index=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor_key", sa.String(64), nullable=False),
    sa.Column("actor_name", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(64), nullable=False),
    sa.Column("data", sa.Text, nullable=False),
)

board_members = sa.Table(
    "board_members",
    metadata,
    sa.Column("tenant_id", sa.String(64), primary_key=True),
    sa.Column("person_key", sa.String(64), primary_key=True),
    sa.Column("board_id", sa.String(36), sa.ForeignKey("boards.id"), nullable=False),
    sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
)

conversation_boards = sa.Table(
    "conversation_boards",
    metadata,
    sa.Column("tenant_id", sa.String(64), primary_key=True),
    sa.Column("conversation_key", sa.String(64), primary_key=True),
    sa.Column("board_id", sa.String(36), sa.ForeignKey("boards.id"), nullable=False),
    sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
)

welcomes = sa.Table(
    "welcomes",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

dialog_states = sa.Table(
    "dialog_states",
    metadata,
    sa.Column("key", sa.String(512), primary_key=True),
    sa.Column("etag", sa.String(32), nullable=False),
    sa.Column("data", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

# The helpdesk: questions staff asked, what they thought of the answers, tickets for a person.

questions_asked = sa.Table(
    "questions_asked",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("tenant_id", sa.String(64), nullable=False),
    sa.Column("board_id", sa.String(36), nullable=True, index=True),
    sa.Column("band", sa.String(16), nullable=False),
    sa.Column("entry_id", sa.String(100), nullable=True),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("text", sa.Text, nullable=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

answer_feedback = sa.Table(
    "answer_feedback",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("entry_id", sa.String(100), nullable=False, index=True),
    sa.Column("helpful", sa.Boolean, nullable=False),
    sa.Column("tenant_id", sa.String(64), nullable=False),
    sa.Column("board_id", sa.String(36), nullable=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

tickets = sa.Table(
    "tickets",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("tenant_id", sa.String(64), nullable=False),
    sa.Column("board_id", sa.String(36), nullable=True, index=True),
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("data", sa.Text, nullable=False),
)

faq_drafts = sa.Table(
    "faq_drafts",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("ticket_id", sa.String(36), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("data", sa.Text, nullable=False),
)

coordinator_contacts = sa.Table(
    "coordinator_contacts",
    metadata,
    sa.Column("coordinator_key", sa.String(64), primary_key=True),
    sa.Column("reference", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)
