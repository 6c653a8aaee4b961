"""A message the bot sends on its own, as it waits in the outbox, and the people it goes to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class OutboxStatus(StrEnum):
    QUEUED = "queued"  # waiting for its next attempt (a sender may hold a lease on it)
    SENT = "sent"
    FAILED = "failed"  # gave up after the last attempt; coordinators see it
    UNREACHABLE = "unreachable"  # the person removed the bot: never retried


@dataclass(frozen=True)
class NewMessage:
    """What a feature hands to the outbox. The idempotency key makes a second enqueue a no-op:
    "reminder:{board}:{step}:{person}:{week}" is sent once, however often the scheduler runs."""

    idempotency_key: str
    kind: str  # alert, reminder, digest, ...
    recipient_key: str
    reference: dict[str, Any]  # where to deliver: a conversation reference (bot/proactive.py)
    activities: list[dict[str, Any]]  # Bot Framework activities as JSON, in order
    board_id: str | None = None
    not_before: datetime | None = None  # e.g. the next weekday morning, for quiet hours


@dataclass(frozen=True)
class OutboxMessage:
    id: str
    idempotency_key: str
    kind: str
    board_id: str | None
    recipient_key: str
    reference: dict[str, Any]
    activities: list[dict[str, Any]]
    status: OutboxStatus
    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    sent_at: datetime | None
    activity_id: str | None
    last_error: str | None


@dataclass(frozen=True)
class Recipient:
    key: str
    reference: dict[str, Any] | None
    reachable: bool
    reminders: bool  # False: opted out ("geen herinneringen")


@dataclass(frozen=True)
class AlertRecipient:
    """A colleague the board chose to alert in step 4, and whether they pressed "Gelezen"."""

    board_id: str
    person_key: str
    name: str
    audience: str  # administration or ict
    via: str  # teams or email
    told_at: datetime
    read_at: datetime | None
