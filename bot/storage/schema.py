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
    # Copies of what the coordinators' overview counts, kept with every save, so that it is counted
    # in SQL across all boards instead of by reading each board's document.
    *(
        sa.Column(f"step_{step}", sa.String(16), nullable=False, server_default="open")
        for step in ("nummervoorziening", "las", "agreements", "alert", "more_info")
    ),
    sa.Column("progress_at", sa.DateTime(timezone=True), nullable=True, index=True),
    sa.Column("suppliers", sa.String(400), nullable=False, server_default=""),
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

# Coordinators: who sees every board, how they sign in to the dashboard, and their API tokens.

coordinators = sa.Table(
    "coordinators",
    metadata,
    sa.Column("key", sa.String(200), primary_key=True),  # an Entra object id or a UPN, lower case
    sa.Column("added_by", sa.String(200), nullable=False),
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    # The program whose boards they see; "" (added before programs): the default program.
    sa.Column("program", sa.String(64), nullable=False, server_default=""),
)

dashboard_links = sa.Table(
    "dashboard_links",
    metadata,
    sa.Column("nonce", sa.String(64), primary_key=True),
    sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
)

dashboard_sessions = sa.Table(
    "dashboard_sessions",
    metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),
    sa.Column("coordinator_key", sa.String(200), nullable=False),
    sa.Column("csrf_token", sa.String(64), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("label", sa.String(100), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("program", sa.String(64), nullable=False, server_default=""),  # its maker's program
)

# Messages the bot sends on its own (alerts, reminders, digests), and the people it sends them to.

outbox = sa.Table(
    "outbox",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("idempotency_key", sa.String(200), nullable=False, unique=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("board_id", sa.String(36), nullable=True, index=True),
    sa.Column("recipient_key", sa.String(64), nullable=False, index=True),
    sa.Column("reference", sa.Text, nullable=False),  # the conversation reference, JSON
    sa.Column("activities", sa.Text, nullable=False),  # what to send, JSON list of activities
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("lease_owner", sa.String(64), nullable=True),
    sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("activity_id", sa.String(200), nullable=True),  # the delivered message, for updates
    sa.Column("last_error", sa.String(64), nullable=True),
)

recipients = sa.Table(
    "recipients",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),  # a person's pseudonymous key
    sa.Column("reference", sa.Text, nullable=True),  # their one-to-one conversation with the bot
    sa.Column("reachable", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("reminders", sa.Boolean, nullable=False, server_default=sa.true()),  # False: opted out
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

alert_recipients = sa.Table(
    "alert_recipients",
    metadata,
    sa.Column("board_id", sa.String(36), sa.ForeignKey("boards.id"), primary_key=True),
    sa.Column("person_key", sa.String(64), primary_key=True),  # a colleague in Teams, or an e-mail's hash
    sa.Column("name", sa.String(200), nullable=False),  # shown to the board: who was told, who read it
    sa.Column("audience", sa.String(32), nullable=False),  # administration or ict
    sa.Column("via", sa.String(16), nullable=False),  # teams or email
    sa.Column("told_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
)
