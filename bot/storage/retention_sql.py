"""The SQL of retention on SQLAlchemy Core: find what has aged out, and change it idempotently.

Several server processes may run retention on one PostgreSQL at once. Every change therefore
names in its WHERE what it expects to find (the old key, the board's version, the ticket's old
document), so that a second process changing the same rows finds nothing left to change and
counts nothing; no lock is held between statements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from bot.helpdesk.models import TicketStatus
from bot.outbox.models import OutboxStatus
from bot.privacy.pseudonyms import ERASED_NAME, ERASED_PREFIX
from bot.storage.runners import Db, Runner
from bot.storage.schema import (
    board_members,
    boards,
    dashboard_links,
    dashboard_sessions,
    dialog_states,
    events,
    outbox,
    questions_asked,
    tickets,
)

_DONE_MESSAGES = (OutboxStatus.SENT.value, OutboxStatus.FAILED.value, OutboxStatus.UNREACHABLE.value)


@dataclass(frozen=True)
class EventActor:
    """One person's events on one board, as one group: they get one pseudonym together."""

    board_id: str
    actor_key: str
    events: int


@dataclass(frozen=True)
class StoredDocument:
    id: str
    data: str
    version: int = 0


def _not_erased(column: sa.ColumnElement[str]) -> sa.ColumnElement[bool]:
    return sa.not_(column.startswith(ERASED_PREFIX, autoescape=True))


def _still_bestuurder() -> sa.ColumnElement[bool]:
    """Who created the board is its bestuurder for export and deletion (bot/privacy): while they
    are still linked to the board, that one event keeps their key, though not their name."""
    return sa.and_(
        events.c.kind == "board.created",
        sa.exists().where(
            board_members.c.board_id == events.c.board_id,
            board_members.c.person_key == events.c.actor_key,
        ),
    )


class SqlRetentionStore:
    def __init__(self, runner: Runner) -> None:
        self._runner = runner

    # the event log

    async def event_actors_before(self, before: datetime) -> list[EventActor]:
        """Per board, each person not yet pseudonymised who has events from before BEFORE."""
        query = (
            sa.select(events.c.board_id, events.c.actor_key, sa.func.count().label("n"))
            .where(
                events.c.at < before,
                _not_erased(events.c.actor_key),
                sa.not_(sa.and_(_still_bestuurder(), events.c.actor_name == ERASED_NAME)),
            )
            .group_by(events.c.board_id, events.c.actor_key)
            .order_by(events.c.board_id, events.c.actor_key)
        )
        rows = await self._runner.read(lambda conn: conn.execute(query).all())
        return [EventActor(r.board_id, r.actor_key, r.n) for r in rows]

    async def pseudonymise_events(self, actor: EventActor, before: datetime, erased_key: str) -> int:
        """The person's events on that board from before BEFORE get ERASED_KEY and no name."""
        theirs = sa.and_(
            events.c.board_id == actor.board_id,
            events.c.actor_key == actor.actor_key,
            events.c.at < before,
        )
        still_bestuurder = _still_bestuurder()
        pseudonymise = (
            events.update()
            .where(theirs, sa.not_(still_bestuurder))
            .values(actor_key=erased_key, actor_name=ERASED_NAME)
        )
        unname = (
            events.update()
            .where(theirs, still_bestuurder, events.c.actor_name != ERASED_NAME)
            .values(actor_name=ERASED_NAME)
        )

        def both(conn: Db) -> int:
            return int(conn.execute(pseudonymise).rowcount) + int(conn.execute(unname).rowcount)

        changed: int = await self._runner.write(both)
        return changed

    # the board documents (their stamps)

    async def board_ids_created_before(self, before: datetime) -> list[str]:
        """Only a board that existed before BEFORE can hold a stamp from before it."""
        query = sa.select(boards.c.id).where(boards.c.created_at < before).order_by(boards.c.id)
        found: list[str] = await self._runner.read(lambda conn: list(conn.execute(query).scalars().all()))
        return found

    async def board_document(self, board_id: str) -> StoredDocument | None:
        query = sa.select(boards.c.data, boards.c.version).where(boards.c.id == board_id)
        row = await self._runner.read(lambda conn: conn.execute(query).first())
        return StoredDocument(board_id, row.data, row.version) if row else None

    async def replace_board_document(self, document: StoredDocument) -> bool:
        """Writes the board's document if its version is still DOCUMENT's, bumping the version so
        that a turn holding the old one retries; False when someone saved the board in between.

        updated_at and the overview's columns stay: retention is not activity on the board.
        """
        update = (
            boards.update()
            .where(boards.c.id == document.id, boards.c.version == document.version)
            .values(data=document.data, version=document.version + 1)
        )
        replaced: bool = await self._runner.write(lambda conn: conn.execute(update).rowcount == 1)
        return replaced

    # dialog state

    async def count_dialog_states_before(self, before: datetime) -> int:
        query = (
            sa.select(sa.func.count()).select_from(dialog_states).where(dialog_states.c.updated_at < before)
        )
        counted: int = await self._runner.read(lambda conn: conn.execute(query).scalar_one())
        return counted

    async def delete_dialog_states_before(self, before: datetime) -> int:
        delete = dialog_states.delete().where(dialog_states.c.updated_at < before)
        deleted: int = await self._runner.write(lambda conn: conn.execute(delete).rowcount)
        return deleted

    # the helpdesk

    def _question_texts(self, before: datetime) -> sa.ColumnElement[bool]:
        return sa.and_(questions_asked.c.at < before, questions_asked.c.text.is_not(None))

    async def count_question_texts_before(self, before: datetime) -> int:
        query = sa.select(sa.func.count()).select_from(questions_asked).where(self._question_texts(before))
        counted: int = await self._runner.read(lambda conn: conn.execute(query).scalar_one())
        return counted

    async def clear_question_texts_before(self, before: datetime) -> int:
        """The question's text goes; its band, entry, confidence and time stay for the figures."""
        update = questions_asked.update().where(self._question_texts(before)).values(text=None)
        cleared: int = await self._runner.write(lambda conn: conn.execute(update).rowcount)
        return cleared

    # what only served a delivery or a sign-in: the message as sent, a session, a spent link

    def _done_messages(self, before: datetime) -> sa.ColumnElement[bool]:
        return sa.and_(outbox.c.status.in_(_DONE_MESSAGES), outbox.c.created_at < before)

    async def count_done_messages_before(self, before: datetime) -> int:
        query = sa.select(sa.func.count()).select_from(outbox).where(self._done_messages(before))
        counted: int = await self._runner.read(lambda conn: conn.execute(query).scalar_one())
        return counted

    async def delete_done_messages_before(self, before: datetime) -> int:
        """Messages sent, given up or unreachable (their text and the recipient's chat) go."""
        delete = outbox.delete().where(self._done_messages(before))
        deleted: int = await self._runner.write(lambda conn: conn.execute(delete).rowcount)
        return deleted

    async def delete_expired_sign_ins(self, now: datetime, spent_before: datetime) -> int:
        """Expired dashboard sessions (they name the coordinator) and link nonces spent long ago."""

        def delete(conn: Db) -> int:
            sessions = conn.execute(dashboard_sessions.delete().where(dashboard_sessions.c.expires_at <= now))
            links = conn.execute(dashboard_links.delete().where(dashboard_links.c.used_at < spent_before))
            return int(sessions.rowcount) + int(links.rowcount)

        deleted: int = await self._runner.write(delete)
        return deleted

    async def answered_tickets_asked_before(self, before: datetime) -> list[StoredDocument]:
        """Answered tickets asked before BEFORE (a ticket is answered after it is asked)."""
        query = (
            sa.select(tickets.c.id, tickets.c.data)
            .where(tickets.c.status == TicketStatus.ANSWERED.value, tickets.c.asked_at < before)
            .order_by(tickets.c.asked_at)
        )
        rows = await self._runner.read(lambda conn: conn.execute(query).all())
        return [StoredDocument(r.id, r.data) for r in rows]

    async def replace_ticket(self, old: StoredDocument, new_data: str) -> bool:
        """False when the ticket changed in between (reopened, say): the next run looks again."""

        def replace(conn: Db) -> bool:
            update = (
                tickets.update()
                .where(
                    tickets.c.id == old.id,
                    tickets.c.status == TicketStatus.ANSWERED.value,
                    tickets.c.data == old.data,
                )
                .values(data=new_data)
            )
            return bool(conn.execute(update).rowcount == 1)

        replaced: bool = await self._runner.write(replace)
        return replaced
