"""The helpdesk's tables on SQLAlchemy Core, on the same runner (and so the same database) as boards."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from bot.helpdesk.models import Draft, Feedback, QuestionAsked, Ticket, TicketStatus
from bot.onboarding.clock import Clock, system_clock
from bot.storage.runners import Db, Runner, write_upsert
from bot.storage.schema import answer_feedback, coordinator_contacts, faq_drafts, questions_asked, tickets


class SqlHelpdeskStore:
    """Implements bot.storage.protocol.HelpdeskStore."""

    def __init__(self, runner: Runner, clock: Clock = system_clock) -> None:
        self._runner = runner
        self._clock = clock

    async def log_question(self, asked: QuestionAsked) -> None:
        insert = questions_asked.insert().values(**asked.model_dump())
        await self._runner.write(lambda conn: conn.execute(insert))

    async def add_feedback(self, feedback: Feedback) -> None:
        insert = answer_feedback.insert().values(**feedback.model_dump())
        await self._runner.write(lambda conn: conn.execute(insert))

    # tickets

    async def insert_ticket(self, ticket: Ticket) -> None:
        insert = tickets.insert().values(
            id=ticket.id,
            tenant_id=ticket.tenant_id,
            board_id=ticket.board_id,
            status=ticket.status.value,
            asked_at=ticket.asked_at,
            data=ticket.model_dump_json(),
        )
        await self._runner.write(lambda conn: conn.execute(insert))

    async def get_ticket(self, ticket_id: str) -> Ticket | None:
        query = sa.select(tickets.c.data).where(tickets.c.id == ticket_id)
        data = await self._runner.read(lambda conn: conn.execute(query).scalar_one_or_none())
        return Ticket.model_validate_json(data) if data else None

    async def answer_ticket(
        self, ticket_id: str, answer: str, answered_by: str, at: datetime
    ) -> Ticket | None:
        def close(conn: Db) -> Ticket | None:
            data = conn.execute(
                sa.select(tickets.c.data).where(tickets.c.id == ticket_id, tickets.c.status == "open")
            ).scalar_one_or_none()
            if data is None:
                return None
            ticket = Ticket.model_validate_json(data)
            closed = ticket.model_copy(
                update={
                    "status": TicketStatus.ANSWERED,
                    "answer": answer,
                    "answered_by": answered_by,
                    "answered_at": at,
                }
            )
            update = (
                tickets.update()
                .where(tickets.c.id == ticket_id, tickets.c.status == "open")
                .values(status=TicketStatus.ANSWERED.value, data=closed.model_dump_json())
            )
            # The status in the WHERE makes one coordinator the winner, even across processes.
            return closed if conn.execute(update).rowcount == 1 else None

        return await self._runner.write(close)

    async def reopen_ticket(self, ticket_id: str) -> None:
        def reopen(conn: Db) -> None:
            data = conn.execute(
                sa.select(tickets.c.data).where(tickets.c.id == ticket_id)
            ).scalar_one_or_none()
            if data is None:
                return
            ticket = Ticket.model_validate_json(data)
            opened = ticket.model_copy(
                update={"status": TicketStatus.OPEN, "answer": None, "answered_by": None, "answered_at": None}
            )
            conn.execute(
                tickets.update()
                .where(tickets.c.id == ticket_id)
                .values(status=TicketStatus.OPEN.value, data=opened.model_dump_json())
            )

        await self._runner.write(reopen)

    async def open_tickets(self, limit: int = 20) -> list[Ticket]:
        query = (
            sa.select(tickets.c.data)
            .where(tickets.c.status == TicketStatus.OPEN.value)
            .order_by(tickets.c.asked_at)
            .limit(limit)
        )
        rows = await self._runner.read(lambda conn: conn.execute(query).scalars().all())
        return [Ticket.model_validate_json(data) for data in rows]

    # drafts

    async def insert_draft(self, draft: Draft) -> bool:
        insert = faq_drafts.insert().values(
            id=draft.id, ticket_id=draft.ticket_id, created_at=draft.created_at, data=draft.model_dump_json()
        )
        try:
            await self._runner.write(lambda conn: conn.execute(insert))
        except IntegrityError:
            return False
        return True

    async def draft_for_ticket(self, ticket_id: str) -> Draft | None:
        query = sa.select(faq_drafts.c.data).where(faq_drafts.c.ticket_id == ticket_id)
        data = await self._runner.read(lambda conn: conn.execute(query).scalar_one_or_none())
        return Draft.model_validate_json(data) if data else None

    async def list_drafts(self) -> list[Draft]:
        query = sa.select(faq_drafts.c.data).order_by(faq_drafts.c.created_at)
        rows = await self._runner.read(lambda conn: conn.execute(query).scalars().all())
        return [Draft.model_validate_json(data) for data in rows]

    # reaching coordinators

    async def save_coordinator_contact(self, coordinator_key: str, reference: dict[str, Any]) -> None:
        where = coordinator_contacts.c.coordinator_key == coordinator_key
        values = {"reference": json.dumps(reference), "updated_at": self._clock()}

        def upsert(conn: Db) -> None:
            if conn.execute(coordinator_contacts.update().where(where).values(**values)).rowcount == 0:
                conn.execute(coordinator_contacts.insert().values(coordinator_key=coordinator_key, **values))

        await write_upsert(self._runner, upsert)

    async def coordinator_contacts(self, coordinator_keys: Collection[str]) -> list[dict[str, Any]]:
        if not coordinator_keys:
            return []
        query = sa.select(coordinator_contacts.c.reference).where(
            coordinator_contacts.c.coordinator_key.in_(list(coordinator_keys))
        )
        rows = await self._runner.read(lambda conn: conn.execute(query).scalars().all())
        return [json.loads(reference) for reference in rows]
