"""The reminder scheduler: every few minutes, queues the reminders and digests that are due.

It only enqueues; the outbox's sender delivers. Each message has an idempotency key per calendar
week, so that running the scheduler often, in several processes at once, queues it once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.content import Content
from bot.coordination.models import Scope
from bot.coordination.service import CoordinatorService, Overview
from bot.onboarding.clock import Clock, system_clock
from bot.outbox.models import NewMessage, OutboxStatus
from bot.reminders.messages import card_message, digest_card, locale_of_reference, reminder_card
from bot.reminders.policy import (
    DIGEST,
    REMINDER,
    WEEK,
    PersonState,
    Skip,
    Stall,
    days_left,
    digest_due,
    digest_key,
    next_send_time,
    reminder_key,
    repeat_after_days,
    shortest_stall,
    skip_reason,
    stalled_step,
)
from bot.reminders.settings import ReminderSettings
from bot.reminders.store import IdleMember, RecentReminders, SqlReminderStore
from bot.storage.outbox_sql import SqlOutboxStore
from bot.turns import coordinator_key

log = logging.getLogger(__name__)
_YIELD_EVERY = 50  # enqueues between chances for the event loop to serve a turn


@dataclass
class TickReport:
    """What one pass did: counts only, never who."""

    boards_stalled: int = 0
    reminders_queued: int = 0
    reminders_waiting: int = 0  # of those queued: held back until the send hours start
    reminders_already_queued: int = 0  # this week's reminder was queued before (maybe elsewhere)
    skipped: Counter[Skip] = field(default_factory=Counter)
    digests_queued: int = 0
    digests_waiting: int = 0
    digests_already_queued: int = 0
    coordinators_without_chat: int = 0  # never chatted with the bot: nowhere to send the digest
    coordinators_unreachable: int = 0

    def log_fields(self) -> str:
        counts = {name: value for name, value in vars(self).items() if isinstance(value, int)}
        counts |= {f"skipped_{reason.value}": self.skipped[reason] for reason in Skip}
        return " ".join(f"{name}={value}" for name, value in counts.items())


@dataclass(frozen=True)
class _Due:
    member: IdleMember
    stall: Stall
    key: str


class ReminderScheduler:
    def __init__(
        self,
        content: Content,
        settings: ReminderSettings,
        store: SqlReminderStore,
        outbox: SqlOutboxStore,
        coordination: CoordinatorService,
        clock: Clock = system_clock,
    ) -> None:
        self._content = content
        self._settings = settings
        self._store = store
        self._outbox = outbox
        self._coordination = coordination
        self._clock = clock

    async def run(self, stop: asyncio.Event, every: float = 300.0) -> None:
        """Ticks every EVERY seconds until STOP is set; a failed pass is logged and the next one runs."""
        while not stop.is_set():
            try:
                report = await self.tick(self._clock())
                log.info("reminders_tick %s", report.log_fields())
            except Exception as error:
                # The exception's text may quote a message's content: its type only, at error level.
                log.error("reminders_tick_failed error=%s", type(error).__name__)
                log.debug("reminders_tick_failed", exc_info=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=every)

    async def tick(self, now: datetime) -> TickReport:
        """One pass: queues the reminders and the digests due at NOW."""
        report = TickReport()
        target = self._coordination.target()
        deliver_at = next_send_time(now, self._settings.send_hours)
        await self._queue_reminders(now, target, deliver_at, report)
        if digest_due(now, self._settings.digest):
            await self._queue_digests(now, deliver_at, report)
        return report

    # reminders to board members

    async def _queue_reminders(
        self, now: datetime, target: date, deliver_at: datetime, report: TickReport
    ) -> None:
        repeat_days = repeat_after_days(now, target, self._settings.schedule)
        members = await self._store.idle_members(now - shortest_stall(self._settings))
        recent = await self._store.recent_reminders(REMINDER, now - WEEK, now - timedelta(days=repeat_days))
        due: list[_Due] = []
        stalled_boards: set[str] = set()
        for member in members:
            stall = stalled_step(member.statuses, member.last_change, now, self._settings)
            if stall is None:
                continue
            stalled_boards.add(member.board_id)
            skip = skip_reason(self._person(member, recent), now, repeat_days, self._settings.cap_per_week)
            if skip is not None:
                report.skipped[skip] += 1
                continue
            # Counted at once, so that a person on two boards is not reminded twice in one pass.
            seen = recent.get(member.person_key)
            recent[member.person_key] = RecentReminders((seen.this_week if seen else 0) + 1, now)
            due.append(
                _Due(member, stall, reminder_key(member.board_id, stall.step, member.person_key, deliver_at))
            )
        report.boards_stalled = len(stalled_boards)
        queued_before = await self._store.queued_keys([d.key for d in due])
        left = days_left(now, target)
        for number, item in enumerate(due, start=1):
            if number % _YIELD_EVERY == 0:
                await asyncio.sleep(0)  # SQLite writes run in the loop's own thread: let turns in
            if item.key in queued_before or not await self._outbox.enqueue(
                self._reminder(item, deliver_at, now, left, target), now
            ):
                report.reminders_already_queued += 1
                continue
            report.reminders_queued += 1
            report.reminders_waiting += deliver_at > now

    @staticmethod
    def _person(member: IdleMember, recent: dict[str, RecentReminders]) -> PersonState:
        seen = recent.get(member.person_key)
        return PersonState(
            reference=member.reference,
            reachable=member.reachable,
            wants_reminders=member.wants_reminders,
            reminders_this_week=seen.this_week if seen else 0,
            last_reminder_at=seen.last_at if seen else None,
        )

    def _reminder(
        self, item: _Due, deliver_at: datetime, now: datetime, left: int, target: date
    ) -> NewMessage:
        member = item.member
        assert member.reference is not None  # skip_reason let through only people with a reference
        locale = locale_of_reference(member.reference)
        card = reminder_card(
            self._content, locale, member.board_name, item.stall.step, item.stall.since, left, target
        )
        return NewMessage(
            idempotency_key=item.key,
            kind=REMINDER,
            recipient_key=member.person_key,
            reference=member.reference,
            activities=[card_message(card)],
            board_id=member.board_id,
            not_before=deliver_at if deliver_at > now else None,
        )

    # the coordinators' weekly digest

    async def _queue_digests(self, now: datetime, deliver_at: datetime, report: TickReport) -> None:
        identities = {
            coordinator_key(identity): identity for identity in await self._coordination.identities()
        }
        keys = set(identities)
        contacts = await self._store.coordinator_contacts(keys)
        report.coordinators_without_chat = len(keys - contacts.keys())
        reachable = {key: contact for key, contact in contacts.items() if contact.reachable}
        report.coordinators_unreachable = len(contacts) - len(reachable)
        wanted = {digest_key(key, now): key for key in reachable}
        queued_before = await self._store.queued_keys(wanted)
        report.digests_already_queued = len(queued_before)
        missing = {
            idempotency: key for idempotency, key in wanted.items() if idempotency not in queued_before
        }
        if not missing:
            return  # the usual case: read nothing more
        failed = (await self._outbox.counts()).get(OutboxStatus.FAILED, 0)
        overviews: dict[Scope, Overview] = {}  # one per program: each coordinator sees only theirs
        for idempotency, key in sorted(missing.items()):
            scope = await self._coordination.scope_of(identities[key])
            if scope is None:
                continue  # removed a moment ago
            if scope not in overviews:
                overviews[scope] = await self._coordination.overview(
                    scope, stalled_shown=self._settings.digest.stalled_shown
                )
            overview = overviews[scope]
            reference = reachable[key].reference
            card = digest_card(self._content, locale_of_reference(reference), overview, failed)
            message = NewMessage(
                idempotency_key=idempotency,
                kind=DIGEST,
                recipient_key=key,
                reference=reference,
                activities=[card_message(card)],
                not_before=deliver_at if deliver_at > now else None,
            )
            if await self._outbox.enqueue(message, now):
                report.digests_queued += 1
                report.digests_waiting += deliver_at > now
            else:
                report.digests_already_queued += 1
