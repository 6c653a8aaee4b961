"""What the bot keeps about one person, and what a board's export and deletion touch: plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.onboarding.models import Board


@dataclass(frozen=True)
class Membership:
    """A board the person speaks for, and how the board records them."""

    board_id: str
    bg_number: str
    board_name: str
    linked_at: datetime
    bestuurder: bool
    stamps: int  # places in the board's progress that name them as who recorded it


@dataclass(frozen=True)
class EventsDone:
    count: int
    latest_at: datetime | None
    latest_kind: str | None
    names: tuple[str, ...]  # the names the event log recorded for them


@dataclass(frozen=True)
class TicketKept:
    asked_at: datetime
    question: str
    open: bool
    answered_at: datetime | None


@dataclass(frozen=True)
class ReachKept:
    """Where the bot may reach them on its own (reminders), and their choice about reminders."""

    has_reference: bool
    reachable: bool
    reminders: bool


@dataclass(frozen=True)
class AlertKept:
    """A board told them about the ECK iD in step 4 (they are the colleague who was told)."""

    board_name: str
    name: str
    audience: str
    told_at: datetime
    read_at: datetime | None


@dataclass(frozen=True)
class PersonalData:
    memberships: list[Membership] = field(default_factory=list)
    events: EventsDone = EventsDone(0, None, None, ())
    tickets: list[TicketKept] = field(default_factory=list)
    reach: ReachKept | None = None
    alerts: list[AlertKept] = field(default_factory=list)
    conversation_state: bool = False  # a bookmark of an open step in their personal chat

    @property
    def empty(self) -> bool:
        return not (
            self.memberships
            or self.events.count
            or self.tickets
            or self.reach
            or self.alerts
            or self.conversation_state
        )


@dataclass(frozen=True)
class PersonRecords:
    """The rows that name one person, as the store reads them (the service makes PersonalData)."""

    memberships: list[tuple[Board, datetime]]
    created_boards: frozenset[str]
    events: EventsDone
    tickets: list[TicketKept]
    reach: ReachKept | None
    alerts: list[AlertKept]
    has_state: bool


@dataclass(frozen=True)
class Erasure:
    """How many records an erasure changed; all zero the second time."""

    events: int = 0
    boards: int = 0
    memberships: int = 0
    tickets: int = 0
    alerts: int = 0
    messages: int = 0
    contacts: int = 0
    states: int = 0

    @property
    def total(self) -> int:
        return sum(vars(self).values())


@dataclass(frozen=True)
class BoardDeletion:
    events: int
    members: int
    tickets: int
    questions: int
    messages: int


BoardExport = dict[str, Any]  # JSON-ready: the board document and every row that hangs off it
