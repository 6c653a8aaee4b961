"""Sends what waits in the outbox: each message once, paced, retried when it may help, given up
when it cannot.

Exactly once, as far as the Bot Connector allows: a message is claimed with a lease in the
database, and right before it is sent the sender checks that it is still queued and still its
own (`still_due`); a message another process already sent, or took over after this process's
lease ran out, is never sent again. A message is only started with `send_margin` of its lease
left (longer than a request may take), so no other process can claim it while it is on its way.

The windows left: a process that dies after Teams accepted a message but before `mark_sent`
(a database write right after the answer, with nothing in between) leaves it queued, and after
its lease another process sends it again; so does a request that times out after Teams accepted
it, and a process frozen (a paused VM) for longer than `send_margin` while a request is on its
way. The Bot Connector has no idempotency key, so at the protocol level delivery is at least
once; everything on this side is exactly once. The activities of one message go in order; when
a later one fails, the retry starts again from the first, so a message is best one activity.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import secrets
import socket
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.connector.client import ConnectorError
from bot.connector.pool import ConnectorPool
from bot.onboarding.clock import Clock, system_clock
from bot.outbox.backoff import Verdict, retry_delay, verdict
from bot.outbox.destination import BadReference, Destination, addressed, destination_of
from bot.outbox.limits import SenderLimits
from bot.outbox.models import OutboxMessage
from bot.outbox.pacing import Pacer
from bot.storage.outbox_sql import SqlOutboxStore

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]


def new_owner() -> str:
    """Unique per process: host, pid, and a random part (a pid is reused after a restart)."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{secrets.token_hex(4)}"


class OutboxSender:
    def __init__(
        self,
        store: SqlOutboxStore,
        pool: ConnectorPool,
        clock: Clock = system_clock,
        owner: str | None = None,
        limits: SenderLimits | None = None,
        *,
        sleep: Sleep = asyncio.sleep,
        monotonic: Callable[[], float] = time.monotonic,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self._store = store
        self._pool = pool
        self._clock = clock
        self.owner = owner or new_owner()
        self.limits = limits or SenderLimits()
        self._sleep = sleep
        self._jitter = jitter
        self._busy: set[str] = set()  # conversations a batch is sending to
        self._pacer = Pacer(
            self.limits.tenant_rate, self.limits.global_rate, self.limits.conversation_interval, monotonic
        )

    async def run(self, stop: asyncio.Event, idle: float = 1.0) -> None:
        """Drains until STOP is set, resting IDLE seconds whenever nothing was due.

        Several batches are in flight at once (`limits.batches`): a batch lasts as long as its
        busiest tenant's pacing, and meanwhile the others' messages go. What was claimed when
        STOP is set is still sent (or handed back) before this returns."""
        log.info("outbox_sender_started")
        running: set[asyncio.Task[int]] = set()
        while not stop.is_set():
            while len(running) < self.limits.batches:
                running.add(asyncio.create_task(self._drain_safely()))
            done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            if any(task.result() == 0 for task in done):  # nothing was due: rest a moment
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), idle)
        await asyncio.gather(*running)
        log.info("outbox_sender_stopped")

    async def _drain_safely(self) -> int:
        try:
            return await self.drain_once()
        except Exception as error:  # the database may be busy for a moment: try again later
            log.warning("outbox_drain_failed error=%s", type(error).__name__)
            return 0

    async def drain_once(self) -> int:
        """Claims the due messages and handles each; returns how many were claimed."""
        claimed_at = self._clock()
        lease = timedelta(seconds=self.limits.lease)
        messages = await self._store.claim(self.owner, claimed_at, lease, self.limits.batch)
        messages.sort(key=lambda m: (m.next_attempt_at, m.created_at))  # in the order they were queued
        deadline = claimed_at + lease - timedelta(seconds=self.limits.send_margin)
        groups: dict[str, list[tuple[OutboxMessage, Destination]]] = {}
        for message in messages:
            try:
                destination = destination_of(message.reference)
            except BadReference:
                await self._guarded(message, self._give_up(message, "bad_reference"))
                continue
            groups.setdefault(destination.pacing_key, []).append((message, destination))
        await asyncio.gather(*(self._send_group(group, deadline) for group in groups.values()))
        return len(messages)

    async def _guarded(self, message: OutboxMessage, work: Awaitable[object]) -> None:
        """One message's trouble never stops the others: it stays leased and comes back later."""
        try:
            await work
        except Exception as error:
            log.warning("outbox_error id=%s kind=%s error=%s", message.id, message.kind, type(error).__name__)

    async def _send_group(self, group: list[tuple[OutboxMessage, Destination]], deadline: datetime) -> None:
        """One conversation: its first message now (paced), the others handed back for later, spaced
        by the conversation interval, so one busy conversation never holds up the batch."""
        first, destination = group[0]
        key = destination.pacing_key
        if key in self._busy:  # another batch is sending to it right now
            await self._hand_back(group, self.limits.conversation_interval)
            return
        wait = self._pacer.conversation_wait(key)
        if wait > self.limits.conversation_interval:  # throttled by a 429: all of it waits
            await self._hand_back(group, wait)
            return
        self._busy.add(key)
        try:
            if wait > 0:
                await self._sleep(wait)
            await self._guarded(first, self._deliver(first, destination, deadline))
        finally:
            self._busy.discard(key)
        later = self._pacer.conversation_wait(key)
        await self._hand_back(group[1:], later)

    async def _hand_back(self, group: list[tuple[OutboxMessage, Destination]], wait: float) -> None:
        now = self._clock()
        for n, (message, _) in enumerate(group):
            at = now + timedelta(seconds=wait + n * self.limits.conversation_interval)
            await self._guarded(message, self._store.release(message.id, self.owner, at))

    async def _deliver(self, message: OutboxMessage, to: Destination, deadline: datetime) -> None:
        try:
            activities = addressed(message.activities, to)
        except BadReference:
            await self._give_up(message, "bad_activities")
            return
        await self._paced(to.tenant)
        if self._clock() > deadline:  # too little lease left to be sure it stays ours
            await self._store.release(message.id, self.owner, self._clock())
            return
        if not await self._store.still_due(message.id, self.owner):
            log.info("outbox_skipped id=%s kind=%s reason=not_due", message.id, message.kind)
            return
        first_id: str | None = None
        try:
            client = await self._pool.create(to.service_url)
            for n, activity in enumerate(activities):
                if n:
                    await self._paced(to.tenant)
                answer = await client.conversations.send_to_conversation(to.conversation_id, activity)
                first_id = first_id or answer.id
        except ConnectorError as error:
            self._pacer.sent(to.pacing_key)
            await self._failed(message, to, error.status, error.retry_after)
            return
        except Exception as error:  # no token, or no answer at all: as a time-out
            log.warning(
                "outbox_send_error id=%s kind=%s error=%s", message.id, message.kind, type(error).__name__
            )
            self._pacer.sent(to.pacing_key)
            await self._failed(message, to, 0, None)
            return
        # Nothing between Teams' answer and this write: the shorter, the smaller the window above.
        marked = await self._store.mark_sent(message.id, self.owner, self._clock(), first_id)
        self._pacer.sent(to.pacing_key)
        if marked:
            log.info("outbox_sent id=%s kind=%s attempt=%d", message.id, message.kind, message.attempts + 1)
        else:
            log.warning("outbox_sent_unmarked id=%s kind=%s", message.id, message.kind)

    async def _paced(self, tenant: str) -> None:
        wait = self._pacer.reserve(tenant)
        if wait > 0:
            await self._sleep(wait)

    async def _failed(
        self, message: OutboxMessage, to: Destination, status: int, retry_after: float | None
    ) -> None:
        attempt = message.attempts + 1
        outcome = verdict(status)
        if outcome is Verdict.UNREACHABLE:
            stopped = await self._store.mark_unreachable(message.recipient_key, self._clock())
            log.info(
                "outbox_unreachable id=%s kind=%s status=%d stopped=%d",
                message.id,
                message.kind,
                status,
                stopped,
            )
            return
        if outcome is Verdict.GIVE_UP or attempt >= self.limits.max_attempts:
            await self._give_up(message, f"http_{status}")
            return
        delay = retry_delay(status, retry_after, attempt, self.limits, self._jitter)
        if status == 429:
            self._pacer.defer(to.pacing_key, delay)
        next_at = self._clock() + timedelta(seconds=delay)
        await self._store.retry_later(message.id, self.owner, next_at, f"http_{status}")
        log.info(
            "outbox_retry id=%s kind=%s status=%d attempt=%d delay_s=%.1f",
            message.id,
            message.kind,
            status,
            attempt,
            delay,
        )

    async def _give_up(self, message: OutboxMessage, reason: str) -> None:
        await self._store.give_up(message.id, self.owner, reason)
        log.warning(
            "outbox_failed id=%s kind=%s reason=%s attempts=%d",
            message.id,
            message.kind,
            reason,
            message.attempts + 1,
        )
