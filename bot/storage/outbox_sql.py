"""The outbox and its recipients on SQLAlchemy Core.

A sender claims due messages with a lease (owner and expiry, in the database), so that with
several server processes on one database only one sends a given message; a lease that runs out
(its process died) frees the message for another. Every state change checks the lease, so a
sender whose lease was taken over cannot mark or resend what is no longer its own. The claim
is safe on PostgreSQL's READ COMMITTED too: the candidates are locked (FOR UPDATE SKIP LOCKED)
until the claim commits, and the UPDATE checks again that each is still free.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from bot.outbox.models import AlertRecipient, NewMessage, OutboxMessage, OutboxStatus, Recipient
from bot.storage.runners import Db, Runner, write_upsert
from bot.storage.schema import alert_recipients, outbox, recipients
from bot.storage.times import as_utc, as_utc_or_none


def _message(row: Any) -> OutboxMessage:
    return OutboxMessage(
        id=row.id,
        idempotency_key=row.idempotency_key,
        kind=row.kind,
        board_id=row.board_id,
        recipient_key=row.recipient_key,
        reference=json.loads(row.reference),
        activities=json.loads(row.activities),
        status=OutboxStatus(row.status),
        attempts=row.attempts,
        next_attempt_at=as_utc(row.next_attempt_at),
        created_at=as_utc(row.created_at),
        sent_at=as_utc_or_none(row.sent_at),
        activity_id=row.activity_id,
        last_error=row.last_error,
    )


def _held(message_id: str, owner: str) -> sa.ColumnElement[bool]:
    return sa.and_(
        outbox.c.id == message_id,
        outbox.c.lease_owner == owner,
        outbox.c.status == OutboxStatus.QUEUED.value,
    )


class SqlOutboxStore:
    def __init__(self, runner: Runner) -> None:
        self._runner = runner

    # enqueueing

    async def enqueue(self, message: NewMessage, now: datetime) -> bool:
        """Queues MESSAGE; False (and nothing changed) when its idempotency key was queued before."""
        insert = outbox.insert().values(
            id=str(uuid.uuid4()),
            idempotency_key=message.idempotency_key,
            kind=message.kind,
            board_id=message.board_id,
            recipient_key=message.recipient_key,
            reference=json.dumps(message.reference),
            activities=json.dumps(message.activities, ensure_ascii=False),
            status=OutboxStatus.QUEUED.value,
            attempts=0,
            next_attempt_at=max(now, message.not_before or now),
            created_at=now,
        )
        try:
            await self._runner.write(lambda conn: conn.execute(insert))
        except IntegrityError:
            return False
        return True

    # sending: claim with a lease, then mark

    async def claim(self, owner: str, now: datetime, lease: timedelta, limit: int) -> list[OutboxMessage]:
        """Up to LIMIT due messages, leased to OWNER until now + LEASE, oldest due first."""
        until = now + lease
        free = sa.or_(outbox.c.lease_until.is_(None), outbox.c.lease_until < now)
        due = sa.and_(outbox.c.status == OutboxStatus.QUEUED.value, outbox.c.next_attempt_at <= now, free)
        # On PostgreSQL, rows another claim is taking right now are skipped rather than waited for
        # (SQLite has one writer at a time and leaves FOR UPDATE out).
        candidates = (
            sa.select(outbox.c.id)
            .where(due)
            .order_by(outbox.c.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )

        def take(conn: Db) -> list[Any]:
            ids = [row.id for row in conn.execute(candidates).all()]
            if not ids:
                return []
            # The UPDATE re-checks `due`, and RETURNING gives exactly the rows this claim took: not
            # those another batch of the same owner took at the same moment.
            update = (
                outbox.update()
                .where(outbox.c.id.in_(ids), due)
                .values(lease_owner=owner, lease_until=until)
                .returning(*outbox.c)
            )
            return list(conn.execute(update).all())

        return [_message(row) for row in await self._runner.write(take)]

    async def still_due(self, message_id: str, owner: str) -> bool:
        """Right before sending: the message is still queued and still leased to OWNER."""
        query = sa.select(outbox.c.id).where(_held(message_id, owner))
        return await self._runner.read(lambda conn: conn.execute(query).first()) is not None

    async def mark_sent(self, message_id: str, owner: str, now: datetime, activity_id: str | None) -> bool:
        update = (
            outbox.update()
            .where(_held(message_id, owner))
            .values(
                status=OutboxStatus.SENT.value,
                sent_at=now,
                activity_id=activity_id,
                attempts=outbox.c.attempts + 1,
                lease_owner=None,
                lease_until=None,
                last_error=None,
            )
        )
        return bool(await self._runner.write(lambda conn: conn.execute(update).rowcount))

    async def retry_later(self, message_id: str, owner: str, next_attempt_at: datetime, error: str) -> bool:
        update = (
            outbox.update()
            .where(_held(message_id, owner))
            .values(
                attempts=outbox.c.attempts + 1,
                next_attempt_at=next_attempt_at,
                lease_owner=None,
                lease_until=None,
                last_error=error[:64],
            )
        )
        return bool(await self._runner.write(lambda conn: conn.execute(update).rowcount))

    async def release(self, message_id: str, owner: str, next_attempt_at: datetime) -> bool:
        """Hands a message back unsent and uncounted (paced to a later moment): no attempt was made."""
        update = (
            outbox.update()
            .where(_held(message_id, owner))
            .values(next_attempt_at=next_attempt_at, lease_owner=None, lease_until=None)
        )
        return bool(await self._runner.write(lambda conn: conn.execute(update).rowcount))

    async def give_up(self, message_id: str, owner: str, error: str) -> bool:
        update = (
            outbox.update()
            .where(_held(message_id, owner))
            .values(
                status=OutboxStatus.FAILED.value,
                attempts=outbox.c.attempts + 1,
                lease_owner=None,
                lease_until=None,
                last_error=error[:64],
            )
        )
        return bool(await self._runner.write(lambda conn: conn.execute(update).rowcount))

    async def mark_unreachable(self, recipient_key: str, now: datetime) -> int:
        """The person removed the bot: never tried again; returns how many queued messages stop."""

        def mark(conn: Db) -> int:
            _upsert_recipient(conn, recipient_key, now, reachable=False)
            stopped = conn.execute(
                outbox.update()
                .where(
                    outbox.c.recipient_key == recipient_key,
                    outbox.c.status == OutboxStatus.QUEUED.value,
                )
                .values(status=OutboxStatus.UNREACHABLE.value, lease_owner=None, lease_until=None)
            )
            return int(stopped.rowcount)

        return await write_upsert(self._runner, mark)

    # reading

    async def message(self, message_id: str) -> OutboxMessage | None:
        query = sa.select(outbox).where(outbox.c.id == message_id)
        row = await self._runner.read(lambda conn: conn.execute(query).first())
        return _message(row) if row else None

    async def by_key(self, idempotency_key: str) -> OutboxMessage | None:
        query = sa.select(outbox).where(outbox.c.idempotency_key == idempotency_key)
        row = await self._runner.read(lambda conn: conn.execute(query).first())
        return _message(row) if row else None

    async def failed(self, limit: int = 50) -> list[OutboxMessage]:
        """Messages given up on, newest first: for coordinators to see."""
        query = (
            sa.select(outbox)
            .where(outbox.c.status == OutboxStatus.FAILED.value)
            .order_by(outbox.c.created_at.desc())
            .limit(limit)
        )
        return [_message(row) for row in await self._runner.read(lambda conn: conn.execute(query).all())]

    async def counts(self) -> dict[OutboxStatus, int]:
        query = sa.select(outbox.c.status, sa.func.count()).group_by(outbox.c.status)
        rows = await self._runner.read(lambda conn: conn.execute(query).all())
        return {OutboxStatus(status): int(n) for status, n in rows}

    async def sent_since(self, recipient_key: str, kinds: Sequence[str], since: datetime) -> int:
        """How many messages of KINDS went (or wait to go) to the person since SINCE: for caps."""
        query = (
            sa.select(sa.func.count())
            .select_from(outbox)
            .where(
                outbox.c.recipient_key == recipient_key,
                outbox.c.kind.in_(list(kinds)),
                outbox.c.created_at >= since,
                outbox.c.status.in_([OutboxStatus.QUEUED.value, OutboxStatus.SENT.value]),
            )
        )
        return int(await self._runner.read(lambda conn: conn.execute(query).scalar_one()))

    # recipients

    async def save_reference(self, recipient_key: str, reference: dict[str, Any], now: datetime) -> None:
        """Where to reach the person: their one-to-one conversation. They are reachable again."""
        await write_upsert(
            self._runner,
            lambda conn: _upsert_recipient(conn, recipient_key, now, reachable=True, reference=reference),
        )

    async def set_reminders(self, recipient_key: str, wanted: bool, now: datetime) -> None:
        await write_upsert(
            self._runner, lambda conn: _upsert_recipient(conn, recipient_key, now, reminders=wanted)
        )

    async def recipient(self, recipient_key: str) -> Recipient | None:
        query = sa.select(recipients).where(recipients.c.key == recipient_key)
        row = await self._runner.read(lambda conn: conn.execute(query).first())
        if row is None:
            return None
        reference = json.loads(row.reference) if row.reference else None
        return Recipient(row.key, reference, bool(row.reachable), bool(row.reminders))

    # step 4: who was alerted, who read it

    async def add_alert_recipient(self, alerted: AlertRecipient) -> None:
        values = {
            "board_id": alerted.board_id,
            "person_key": alerted.person_key,
            "name": alerted.name,
            "audience": alerted.audience,
            "via": alerted.via,
            "told_at": alerted.told_at,
            "read_at": alerted.read_at,
        }
        where = sa.and_(
            alert_recipients.c.board_id == alerted.board_id,
            alert_recipients.c.person_key == alerted.person_key,
        )

        def upsert(conn: Db) -> None:
            conn.execute(alert_recipients.delete().where(where))
            conn.execute(alert_recipients.insert().values(**values))

        await write_upsert(self._runner, upsert)

    async def mark_alert_read(self, board_id: str, person_key: str, now: datetime) -> bool:
        """False when the person was not alerted for this board, or had already read it."""
        update = (
            alert_recipients.update()
            .where(
                alert_recipients.c.board_id == board_id,
                alert_recipients.c.person_key == person_key,
                alert_recipients.c.read_at.is_(None),
            )
            .values(read_at=now)
        )
        return bool(await self._runner.write(lambda conn: conn.execute(update).rowcount))

    async def alert_recipients(self, board_id: str) -> list[AlertRecipient]:
        query = (
            sa.select(alert_recipients)
            .where(alert_recipients.c.board_id == board_id)
            .order_by(alert_recipients.c.told_at, alert_recipients.c.name)
        )
        rows = await self._runner.read(lambda conn: conn.execute(query).all())
        return [
            AlertRecipient(
                r.board_id,
                r.person_key,
                r.name,
                r.audience,
                r.via,
                as_utc(r.told_at),
                as_utc_or_none(r.read_at),
            )
            for r in rows
        ]


def _upsert_recipient(
    conn: Db,
    key: str,
    now: datetime,
    *,
    reachable: bool | None = None,
    reminders: bool | None = None,
    reference: dict[str, Any] | None = None,
) -> None:
    changes: dict[str, Any] = {"updated_at": now}
    if reachable is not None:
        changes["reachable"] = reachable
    if reminders is not None:
        changes["reminders"] = reminders
    if reference is not None:
        changes["reference"] = json.dumps(reference)
    updated = conn.execute(recipients.update().where(recipients.c.key == key).values(**changes))
    if updated.rowcount == 0:
        conn.execute(recipients.insert().values(key=key, **changes))
