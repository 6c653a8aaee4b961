"""The storage contract every backend implements (in memory for tests, SQLite, later PostgreSQL)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from bot.helpdesk.models import Draft, Feedback, QuestionAsked, Ticket
from bot.onboarding.models import Board, Event


class StorageError(Exception):
    """The database failed; never shown to a user as is."""


class VersionConflict(StorageError):
    """The board or state was changed by someone else since it was read."""


class DuplicateBoard(StorageError):
    """A board with this bevoegd-gezagnummer already exists."""


@dataclass(frozen=True)
class StoredState:
    etag: str
    document: str  # JSON text


class Store(Protocol):
    async def ping(self) -> None: ...

    async def close(self) -> None: ...

    async def get_board(self, board_id: str, tenant_id: str) -> Board | None:
        """A board, only when it belongs to the tenant asking."""

    async def board_for(self, tenant_id: str, person_key: str, conversation_key: str | None) -> Board | None:
        """The board linked to the shared conversation if any, else the one linked to the person."""

    async def find_board_by_bg_number(self, bg_number: str) -> Board | None:
        """Any tenant's board with this number: only to decide whether a number is already claimed."""

    async def insert_board(self, board: Board, events: list[Event]) -> Board: ...

    async def save_board(self, board: Board, events: list[Event]) -> Board:
        """Writes the board if its version is still the stored one, with its events; else VersionConflict."""

    async def list_events(self, board_id: str, tenant_id: str, limit: int = 50) -> list[Event]: ...

    async def link_person(self, tenant_id: str, person_key: str, board_id: str) -> None: ...

    async def board_id_for_person(self, tenant_id: str, person_key: str) -> str | None: ...

    async def link_conversation(self, tenant_id: str, conversation_key: str, board_id: str) -> None: ...

    async def board_id_for_conversation(self, tenant_id: str, conversation_key: str) -> str | None: ...

    async def mark_welcomed(self, key: str) -> bool:
        """True the first time a key is welcomed, False ever after."""

    async def read_states(self, keys: list[str]) -> dict[str, StoredState]: ...

    async def write_state(self, key: str, document: str, expected_etag: str | None) -> str:
        """Writes when expected_etag is None, '*' or the stored etag; returns the new etag."""

    async def delete_states(self, keys: list[str]) -> None: ...


class HelpdeskStore(Protocol):
    """Tickets, drafts, feedback, the question log, and how to reach coordinators."""

    async def log_question(self, asked: QuestionAsked) -> None: ...

    async def add_feedback(self, feedback: Feedback) -> None: ...

    async def insert_ticket(self, ticket: Ticket) -> None: ...

    async def get_ticket(self, ticket_id: str) -> Ticket | None: ...

    async def answer_ticket(
        self, ticket_id: str, answer: str, answered_by: str, at: datetime
    ) -> Ticket | None:
        """Closes an open ticket with its answer; None when it was not open (someone was first)."""

    async def reopen_ticket(self, ticket_id: str) -> None:
        """An answer that could not be delivered: the ticket is open again, its answer cleared."""

    async def open_tickets(self, limit: int = 20) -> list[Ticket]: ...

    async def insert_draft(self, draft: Draft) -> bool:
        """False when the ticket already has a draft."""

    async def draft_for_ticket(self, ticket_id: str) -> Draft | None: ...

    async def list_drafts(self) -> list[Draft]: ...

    async def save_coordinator_contact(self, coordinator_key: str, reference: dict[str, Any]) -> None: ...

    async def coordinator_contacts(self, coordinator_keys: Collection[str]) -> list[dict[str, Any]]: ...
