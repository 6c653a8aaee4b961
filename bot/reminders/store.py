"""What the scheduler reads, in a few queries per pass whatever the number of boards.

The boards' overview columns (statuses per step, progress_at) say which boards stall without
reading any board's document; their members and where to reach them come in the same query.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from bot.onboarding.models import StepId, StepStatus
from bot.outbox.models import OutboxStatus
from bot.storage.board_columns import STEP_COLUMNS
from bot.storage.runners import Db, Runner
from bot.storage.schema import board_members, boards, coordinator_contacts, outbox, recipients
from bot.storage.times import as_utc

_STEP_COLUMN = {step: boards.c[column] for step, column in STEP_COLUMNS.items()}
_ALL_DONE = sa.and_(*(column == StepStatus.DONE.value for column in _STEP_COLUMN.values()))
_LAST_CHANGE = sa.func.coalesce(boards.c.progress_at, boards.c.created_at)
_COUNTED = (OutboxStatus.QUEUED.value, OutboxStatus.SENT.value)  # as SqlOutboxStore.sent_since counts


def _reference(text: str | None) -> dict[str, Any] | None:
    return json.loads(text) if text else None


@dataclass(frozen=True)
class IdleMember:
    """One member of a board that has not moved since the cut-off, and where to reach them."""

    board_id: str
    board_name: str
    statuses: dict[StepId, StepStatus]
    last_change: datetime
    person_key: str
    reference: dict[str, Any] | None  # None: never chatted with the bot in person
    reachable: bool
    wants_reminders: bool


@dataclass(frozen=True)
class RecentReminders:
    this_week: int
    last_at: datetime


@dataclass(frozen=True)
class Contact:
    reference: dict[str, Any]
    reachable: bool


class SqlReminderStore:
    def __init__(self, runner: Runner) -> None:
        self._runner = runner

    async def idle_members(self, idle_before: datetime) -> list[IdleMember]:
        """Members of every board not done whose last change is older than IDLE_BEFORE. One query."""
        last_change = _LAST_CHANGE
        query = (
            sa.select(
                boards.c.id,
                boards.c.name,
                *_STEP_COLUMN.values(),
                last_change.label("last_change"),
                board_members.c.person_key,
                recipients.c.reference,
                recipients.c.reachable,
                recipients.c.reminders,
            )
            .join(
                board_members,
                sa.and_(
                    board_members.c.board_id == boards.c.id, board_members.c.tenant_id == boards.c.tenant_id
                ),
            )
            .outerjoin(recipients, recipients.c.key == board_members.c.person_key)
            .where(sa.not_(_ALL_DONE), last_change < idle_before)
        )
        rows = await self._runner.read(lambda conn: conn.execute(query).all())
        return [
            IdleMember(
                board_id=row.id,
                board_name=row.name,
                statuses={step: StepStatus(row._mapping[column]) for step, column in STEP_COLUMNS.items()},
                last_change=as_utc(row.last_change),
                person_key=row.person_key,
                reference=_reference(row.reference),
                reachable=row.reachable is not False,  # no row yet: nobody said otherwise
                wants_reminders=row.reminders is not False,
            )
            for row in rows
        ]

    async def recent_reminders(
        self, kind: str, week_start: datetime, since: datetime
    ) -> dict[str, RecentReminders]:
        """Per person, messages of KIND queued or sent since WEEK_START, and their latest since SINCE."""
        this_week = sa.func.sum(sa.case((outbox.c.created_at >= week_start, 1), else_=0))
        query = (
            sa.select(outbox.c.recipient_key, this_week.label("this_week"), sa.func.max(outbox.c.created_at))
            .where(
                outbox.c.kind == kind,
                outbox.c.status.in_(_COUNTED),
                outbox.c.created_at >= min(week_start, since),
            )
            .group_by(outbox.c.recipient_key)
        )
        rows = await self._runner.read(lambda conn: conn.execute(query).all())
        return {key: RecentReminders(int(count or 0), as_utc(last)) for key, count, last in rows}

    async def coordinator_contacts(self, coordinator_keys: Collection[str]) -> dict[str, Contact]:
        """Each coordinator's personal chat with the bot, by key; those without one are missing."""
        if not coordinator_keys:
            return {}
        query = (
            sa.select(
                coordinator_contacts.c.coordinator_key,
                coordinator_contacts.c.reference,
                recipients.c.reachable,
            )
            .outerjoin(recipients, recipients.c.key == coordinator_contacts.c.coordinator_key)
            .where(coordinator_contacts.c.coordinator_key.in_(list(coordinator_keys)))
        )

        def read(conn: Db) -> list[Any]:
            return list(conn.execute(query).all())

        rows = await self._runner.read(read)
        return {
            row.coordinator_key: Contact(json.loads(row.reference), row.reachable is not False)
            for row in rows
        }

    async def queued_keys(self, idempotency_keys: Collection[str]) -> set[str]:
        """Which of these keys the outbox already holds (in any state)."""
        if not idempotency_keys:
            return set()
        query = sa.select(outbox.c.idempotency_key).where(
            outbox.c.idempotency_key.in_(list(idempotency_keys))
        )
        return set(await self._runner.read(lambda conn: conn.execute(query).scalars().all()))
