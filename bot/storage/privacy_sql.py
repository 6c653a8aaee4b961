"""A person's own records, and a board's whole data, on SQLAlchemy Core: read, erase, export, delete.

Every statement is scoped to the tenant: a person key is only ever looked up with the tenant it
was made in, and a board only with its own tenant. Erasing and deleting each run in one
transaction, so a failure half-way leaves everything as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from bot.helpdesk.models import Ticket, TicketStatus
from bot.onboarding.models import Board
from bot.outbox.models import OutboxStatus
from bot.privacy.models import (
    AlertKept,
    BoardDeletion,
    BoardExport,
    Erasure,
    EventsDone,
    PersonRecords,
    ReachKept,
    TicketKept,
)
from bot.privacy.pseudonyms import ERASED_NAME
from bot.storage.nonces import spend_nonce
from bot.storage.protocol import VersionConflict
from bot.storage.runners import Db, Runner
from bot.storage.schema import (
    alert_recipients,
    answer_feedback,
    board_members,
    boards,
    conversation_boards,
    dialog_states,
    events,
    outbox,
    questions_asked,
    recipients,
    tickets,
    welcomes,
)
from bot.storage.times import as_utc, as_utc_or_none

Scrub = Callable[[Board], int]


def _board(row: Any) -> Board:
    board = Board.model_validate_json(row.data)
    board.version = row.version
    return board


def _tenant_boards(tenant_id: str) -> sa.Select[Any]:
    return sa.select(boards.c.id).where(boards.c.tenant_id == tenant_id)


def _own_events(tenant_id: str, person_key: str) -> sa.ColumnElement[bool]:
    return sa.and_(events.c.actor_key == person_key, events.c.board_id.in_(_tenant_boards(tenant_id)))


def _own_tickets(conn: Db, tenant_id: str, person_key: str) -> list[Ticket]:
    # A ticket names its asker only inside its JSON document: narrowed in SQL, confirmed on the model.
    marker = json.dumps({"asker_key": person_key}, separators=(",", ":"))[1:-1]
    query = sa.select(tickets.c.data).where(
        tickets.c.tenant_id == tenant_id, tickets.c.data.contains(marker, autoescape=True)
    )
    found = [Ticket.model_validate_json(data) for data in conn.execute(query).scalars()]
    return [t for t in found if t.asker_key == person_key]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _rows(conn: Db, query: Any, *, json_columns: Collection[str] = ()) -> list[dict[str, Any]]:
    rows = []
    for row in conn.execute(query).mappings():
        item = {k: _plain(v) for k, v in row.items()}
        for column in json_columns:
            item[column] = json.loads(item[column]) if item.get(column) else item.get(column)
        rows.append(item)
    return rows


class SqlPrivacyStore:
    def __init__(self, runner: Runner) -> None:
        self._runner = runner

    # a person's own data

    async def person_records(
        self, tenant_id: str, person_key: str, state_keys: Collection[str]
    ) -> PersonRecords:
        def read(conn: Db) -> PersonRecords:
            linked = conn.execute(
                sa.select(boards.c.data, boards.c.version, board_members.c.linked_at)
                .join(board_members, board_members.c.board_id == boards.c.id)
                .where(
                    board_members.c.tenant_id == tenant_id,
                    board_members.c.person_key == person_key,
                    boards.c.tenant_id == tenant_id,
                )
            ).all()
            own = _own_events(tenant_id, person_key)
            count, latest_at = conn.execute(
                sa.select(sa.func.count(), sa.func.max(events.c.at)).where(own)
            ).one()
            latest = conn.execute(
                sa.select(events.c.kind).where(own).order_by(events.c.id.desc()).limit(1)
            ).scalar_one_or_none()
            names = conn.execute(sa.select(events.c.actor_name).where(own).distinct()).scalars().all()
            created = conn.execute(
                sa.select(events.c.board_id).where(own, events.c.kind == "board.created")
            ).scalars()
            reach = conn.execute(sa.select(recipients).where(recipients.c.key == person_key)).first()
            alerted = conn.execute(
                sa.select(alert_recipients, boards.c.name.label("board_name"))
                .join(boards, boards.c.id == alert_recipients.c.board_id)
                .where(alert_recipients.c.person_key == person_key, boards.c.tenant_id == tenant_id)
                .order_by(alert_recipients.c.told_at)
            ).all()
            has_state = (
                bool(state_keys)
                and conn.execute(
                    sa.select(sa.func.count()).where(dialog_states.c.key.in_(list(state_keys)))
                ).scalar_one()
                > 0
            )
            return PersonRecords(
                memberships=[(_board(r), as_utc(r.linked_at)) for r in linked],
                created_boards=frozenset(created),
                events=EventsDone(int(count), as_utc_or_none(latest_at), latest, tuple(sorted(names))),
                tickets=[
                    TicketKept(t.asked_at, t.question, t.status == TicketStatus.OPEN, t.answered_at)
                    for t in sorted(_own_tickets(conn, tenant_id, person_key), key=lambda t: t.asked_at)
                ],
                reach=ReachKept(reach.reference is not None, bool(reach.reachable), bool(reach.reminders))
                if reach is not None
                else None,
                alerts=[
                    AlertKept(r.board_name, r.name, r.audience, as_utc(r.told_at), as_utc_or_none(r.read_at))
                    for r in alerted
                ],
                has_state=has_state,
            )

        return await self._runner.read(read)

    async def erase_person(
        self,
        tenant_id: str,
        person_key: str,
        erased_key: str,
        scrub: Scrub,
        forget_keys: Collection[str],
        now: datetime,
    ) -> Erasure:
        """One transaction; VersionConflict when a colleague saved one of the boards meanwhile."""

        def erase(conn: Db) -> Erasure:
            own = _own_events(tenant_id, person_key)
            acted_on = set(conn.execute(sa.select(events.c.board_id).where(own).distinct()).scalars())
            acted_on |= set(
                conn.execute(
                    sa.select(board_members.c.board_id).where(
                        board_members.c.tenant_id == tenant_id, board_members.c.person_key == person_key
                    )
                ).scalars()
            )
            changed_boards = _scrub_boards(conn, tenant_id, acted_on, scrub, now)
            erased_events = conn.execute(
                events.update().where(own).values(actor_key=erased_key, actor_name=ERASED_NAME)
            ).rowcount
            memberships = conn.execute(
                board_members.delete().where(
                    board_members.c.tenant_id == tenant_id, board_members.c.person_key == person_key
                )
            ).rowcount
            erased_tickets = _erase_tickets(conn, tenant_id, person_key, erased_key)
            alerts = conn.execute(
                alert_recipients.update()
                .where(
                    alert_recipients.c.person_key == person_key,
                    alert_recipients.c.board_id.in_(_tenant_boards(tenant_id)),
                )
                .values(person_key=erased_key, name=ERASED_NAME)
            ).rowcount
            messages = conn.execute(outbox.delete().where(outbox.c.recipient_key == person_key)).rowcount
            contacts = conn.execute(recipients.delete().where(recipients.c.key == person_key)).rowcount
            keys = list(forget_keys)
            states = conn.execute(dialog_states.delete().where(dialog_states.c.key.in_(keys))).rowcount
            states += conn.execute(welcomes.delete().where(welcomes.c.key.in_(keys))).rowcount
            return Erasure(
                events=int(erased_events),
                boards=changed_boards,
                memberships=int(memberships),
                tickets=erased_tickets,
                alerts=int(alerts),
                messages=int(messages),
                contacts=int(contacts),
                states=int(states),
            )

        return await self._runner.write(erase)

    # a board as a whole

    async def creator_of(self, board_id: str, tenant_id: str) -> str | None:
        """Whose key the event log records as having created the board (None once erased... or never)."""
        query = (
            sa.select(events.c.actor_key)
            .join(boards, boards.c.id == events.c.board_id)
            .where(events.c.board_id == board_id, boards.c.tenant_id == tenant_id)
            .where(events.c.kind == "board.created")
            .order_by(events.c.id)
            .limit(1)
        )
        found: str | None = await self._runner.read(lambda conn: conn.execute(query).scalar_one_or_none())
        return found

    async def member_board(self, tenant_id: str, person_key: str) -> str | None:
        query = sa.select(board_members.c.board_id).where(
            board_members.c.tenant_id == tenant_id, board_members.c.person_key == person_key
        )
        found: str | None = await self._runner.read(lambda conn: conn.execute(query).scalar_one_or_none())
        return found

    async def board_export(self, board_id: str, tenant_id: str, now: datetime) -> BoardExport | None:
        def read(conn: Db) -> BoardExport | None:
            row = conn.execute(
                sa.select(boards.c.data, boards.c.version).where(
                    boards.c.id == board_id, boards.c.tenant_id == tenant_id
                )
            ).first()
            if row is None:
                return None
            own_tickets = conn.execute(
                sa.select(tickets.c.data)
                .where(tickets.c.board_id == board_id, tickets.c.tenant_id == tenant_id)
                .order_by(tickets.c.asked_at)
            ).scalars()
            message_columns = [
                c for c in outbox.c if c.name not in ("reference", "lease_owner", "lease_until")
            ]
            return {
                "exported_at": now.isoformat(),
                "board": json.loads(row.data) | {"version": row.version},
                "events": _rows(
                    conn,
                    sa.select(
                        events.c.at, events.c.actor_key, events.c.actor_name, events.c.kind, events.c.data
                    )
                    .where(events.c.board_id == board_id)
                    .order_by(events.c.id),
                    json_columns=("data",),
                ),
                "members": _rows(
                    conn,
                    sa.select(board_members.c.person_key, board_members.c.linked_at)
                    .where(board_members.c.board_id == board_id, board_members.c.tenant_id == tenant_id)
                    .order_by(board_members.c.linked_at),
                ),
                "conversations": _rows(
                    conn,
                    sa.select(conversation_boards.c.conversation_key, conversation_boards.c.linked_at).where(
                        conversation_boards.c.board_id == board_id,
                        conversation_boards.c.tenant_id == tenant_id,
                    ),
                ),
                "questions": _rows(
                    conn,
                    sa.select(
                        questions_asked.c.at,
                        questions_asked.c.band,
                        questions_asked.c.entry_id,
                        questions_asked.c.confidence,
                        questions_asked.c.text,
                    )
                    .where(questions_asked.c.board_id == board_id, questions_asked.c.tenant_id == tenant_id)
                    .order_by(questions_asked.c.id),
                ),
                "feedback": _rows(
                    conn,
                    sa.select(answer_feedback.c.at, answer_feedback.c.entry_id, answer_feedback.c.helpful)
                    .where(answer_feedback.c.board_id == board_id, answer_feedback.c.tenant_id == tenant_id)
                    .order_by(answer_feedback.c.id),
                ),
                # Where a ticket's answer goes (reply_to) is the bot's routing, not the board's data.
                "tickets": [
                    Ticket.model_validate_json(data).model_dump(mode="json", exclude={"reply_to"})
                    for data in own_tickets
                ],
                "alert_recipients": _rows(
                    conn,
                    sa.select(alert_recipients)
                    .where(alert_recipients.c.board_id == board_id)
                    .order_by(alert_recipients.c.told_at),
                ),
                "messages": _rows(
                    conn,
                    sa.select(*message_columns)
                    .where(outbox.c.board_id == board_id)
                    .order_by(outbox.c.created_at),
                    json_columns=("activities",),
                ),
            }

        return await self._runner.read(read)

    async def delete_board(self, board_id: str, tenant_id: str) -> BoardDeletion | None:
        """Removes the board and everything that hangs off it; None when it is not this tenant's."""

        def delete(conn: Db) -> BoardDeletion | None:
            found = conn.execute(
                sa.select(boards.c.id).where(boards.c.id == board_id, boards.c.tenant_id == tenant_id)
            ).first()
            if found is None:
                return None
            members = list(
                conn.execute(
                    sa.select(board_members.c.person_key).where(board_members.c.board_id == board_id)
                ).scalars()
            )
            # Members' own chats were kept to remind them of this board: without it, no purpose left.
            conn.execute(recipients.delete().where(recipients.c.key.in_(members)))
            conn.execute(
                outbox.delete().where(
                    outbox.c.recipient_key.in_(members), outbox.c.status == OutboxStatus.QUEUED.value
                )
            )
            deletion = BoardDeletion(
                events=int(conn.execute(events.delete().where(events.c.board_id == board_id)).rowcount),
                members=len(members),
                tickets=int(
                    conn.execute(
                        tickets.delete().where(
                            tickets.c.board_id == board_id, tickets.c.tenant_id == tenant_id
                        )
                    ).rowcount
                ),
                questions=int(
                    conn.execute(
                        questions_asked.delete().where(
                            questions_asked.c.board_id == board_id, questions_asked.c.tenant_id == tenant_id
                        )
                    ).rowcount
                ),
                messages=int(conn.execute(outbox.delete().where(outbox.c.board_id == board_id)).rowcount),
            )
            conn.execute(
                answer_feedback.delete().where(
                    answer_feedback.c.board_id == board_id, answer_feedback.c.tenant_id == tenant_id
                )
            )
            for table in (board_members, conversation_boards, alert_recipients):
                conn.execute(table.delete().where(table.c.board_id == board_id))
            conn.execute(boards.delete().where(boards.c.id == board_id))
            return deletion

        return await self._runner.write(delete)

    async def use_link(self, nonce: str, at: datetime) -> bool:
        """True the first time an export link's nonce is used (the dashboard's table of used nonces)."""
        return await spend_nonce(self._runner, nonce, at)


def _scrub_boards(conn: Db, tenant_id: str, board_ids: Collection[str], scrub: Scrub, now: datetime) -> int:
    changed = 0
    if not board_ids:
        return 0
    rows = conn.execute(
        sa.select(boards.c.id, boards.c.data, boards.c.version).where(
            boards.c.id.in_(sorted(board_ids)), boards.c.tenant_id == tenant_id
        )
    ).all()
    for row in rows:
        board = _board(row)
        if scrub(board) == 0:
            continue
        saved = conn.execute(
            boards.update()
            .where(boards.c.id == row.id, boards.c.version == row.version)
            .values(data=board.model_dump_json(exclude={"version"}), version=row.version + 1, updated_at=now)
        )
        if saved.rowcount != 1:
            raise VersionConflict(row.id)
        changed += 1
    return changed


def _erase_tickets(conn: Db, tenant_id: str, person_key: str, erased_key: str) -> int:
    """An open ticket goes (nobody left to answer); an answered one keeps when, not who or what."""
    erased = 0
    for ticket in _own_tickets(conn, tenant_id, person_key):
        if ticket.status == TicketStatus.OPEN:
            conn.execute(tickets.delete().where(tickets.c.id == ticket.id))
        else:
            kept = ticket.model_copy(
                update={
                    "asker_key": erased_key,
                    "asker_name": ERASED_NAME,
                    "question": "",
                    "answer": None,
                    "reply_to": {},
                }
            )
            conn.execute(
                tickets.update().where(tickets.c.id == ticket.id).values(data=kept.model_dump_json())
            )
        erased += 1
    return erased
