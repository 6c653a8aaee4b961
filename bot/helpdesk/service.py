"""Use cases of the helpdesk: log a question, take feedback, open a ticket, answer it, draft an entry."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Collection
from typing import Any

from bot.helpdesk.errors import EmptyAnswer, TicketAlreadyAnswered, UnknownTicket
from bot.helpdesk.models import ANSWER_LIMIT, QUESTION_LIMIT, Draft, Feedback, QuestionAsked, Ticket
from bot.onboarding.clock import Clock, system_clock
from bot.onboarding.models import Actor, Board
from bot.onboarding.service import Speaker
from bot.storage.protocol import HelpdeskStore

log = logging.getLogger(__name__)


def board_label(board: Board | None) -> str | None:
    if board is None:
        return None
    return f"{board.name} ({board.bg_number})" if board.name else board.bg_number


class HelpdeskService:
    def __init__(self, store: HelpdeskStore, clock: Clock = system_clock) -> None:
        self._store = store
        self._clock = clock

    async def log_question(
        self,
        speaker: Speaker,
        board: Board | None,
        band: str,
        entry_id: str | None,
        confidence: float,
        text: str,
    ) -> None:
        """Answered questions are kept as their entry only; the others with their text, for editors."""
        await self._store.log_question(
            QuestionAsked(
                tenant_id=speaker.tenant_id,
                board_id=board.id if board else None,
                band=band,
                entry_id=entry_id,
                confidence=round(confidence, 3),
                text=None if band == "answer" else text[:QUESTION_LIMIT],
                at=self._clock(),
            )
        )

    async def feedback(self, speaker: Speaker, board: Board | None, entry_id: str, helpful: bool) -> None:
        await self._store.add_feedback(
            Feedback(
                entry_id=entry_id,
                helpful=helpful,
                tenant_id=speaker.tenant_id,
                board_id=board.id if board else None,
                at=self._clock(),
            )
        )
        log.info("answer_feedback entry=%s helpful=%s", entry_id, helpful)

    async def open_ticket(
        self, speaker: Speaker, board: Board | None, question: str, locale: str, reply_to: dict[str, Any]
    ) -> Ticket:
        ticket = Ticket(
            id=uuid.uuid4().hex,
            tenant_id=speaker.tenant_id,
            board_id=board.id if board else None,
            board_label=board_label(board),
            asker_key=speaker.actor.key,
            asker_name=speaker.actor.name,
            question=question.strip()[:QUESTION_LIMIT],
            locale=locale,
            asked_at=self._clock(),
            reply_to=reply_to,
        )
        await self._store.insert_ticket(ticket)
        log.info("ticket_opened ticket=%s", ticket.id)
        return ticket

    async def ticket(self, ticket_id: str) -> Ticket:
        ticket = await self._store.get_ticket(ticket_id)
        if ticket is None:
            raise UnknownTicket(ticket_id)
        return ticket

    async def answer(self, ticket_id: str, answer: str, coordinator: Actor) -> Ticket:
        """Closes the ticket with the answer; the first coordinator to answer wins."""
        text = answer.strip()[:ANSWER_LIMIT]
        if not text:
            raise EmptyAnswer()
        closed = await self._store.answer_ticket(ticket_id, text, coordinator.name, self._clock())
        if closed is None:
            await self.ticket(ticket_id)  # raises UnknownTicket if there is no such ticket at all
            raise TicketAlreadyAnswered()
        log.info("ticket_answered ticket=%s", ticket_id)
        return closed

    async def reopen(self, ticket_id: str) -> None:
        """The answer did not reach the asker: the ticket waits for an answer again."""
        await self._store.reopen_ticket(ticket_id)
        log.warning("ticket_reopened ticket=%s reason=undelivered", ticket_id)

    async def draft_entry(self, ticket_id: str, coordinator: Actor) -> Draft:
        """A draft knowledge base entry from an answered ticket; asking twice gives the same draft."""
        ticket = await self.ticket(ticket_id)
        if ticket.answer is None:
            raise UnknownTicket(ticket_id)
        draft = Draft(
            id=uuid.uuid4().hex,
            ticket_id=ticket.id,
            question=ticket.question,
            answer=ticket.answer,
            locale=ticket.locale,
            created_at=self._clock(),
            created_by=coordinator.name,
        )
        if not await self._store.insert_draft(draft):
            existing = await self._store.draft_for_ticket(ticket.id)
            assert existing is not None
            return existing
        log.info("draft_created ticket=%s", ticket.id)
        return draft

    async def open_tickets(self, limit: int = 20) -> list[Ticket]:
        return await self._store.open_tickets(limit)

    async def drafts(self) -> list[Draft]:
        return await self._store.list_drafts()

    async def remember_coordinator(self, coordinator_key: str, reference: dict[str, Any]) -> None:
        await self._store.save_coordinator_contact(coordinator_key, reference)

    async def coordinator_contacts(self, coordinator_keys: Collection[str]) -> list[dict[str, Any]]:
        return await self._store.coordinator_contacts(coordinator_keys)
