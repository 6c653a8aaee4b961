"""Paces requests: one conversation at most once per interval, each tenant and the whole process
at most at their rate.

A tenant's bucket is kept as "the next moment a request may go" (a token bucket of one token,
or GCRA): requests to one tenant go 1/rate apart, so no second ever holds more than the rate,
not even at the edges of a burst. The process's limit is a row of slots 1/global_rate wide, each
taken by at most one request, filled in any order: a tenant that must wait does not hold up the
others behind it. A slot is reserved without awaiting anything, so concurrent senders in one
event loop never take the same one.
"""

from __future__ import annotations

import math
from collections.abc import Callable

MAX_REMEMBERED = 10_000  # conversations whose next moment is kept; older ones are past anyway


class Pacer:
    def __init__(
        self, tenant_rate: float, global_rate: float, conversation_interval: float, now: Callable[[], float]
    ) -> None:
        self._tenant_gap = 1.0 / tenant_rate
        self._global_rate = global_rate
        self._interval = conversation_interval
        self._now = now
        self._tenants: dict[str, float] = {}
        self._global_taken: set[int] = set()  # slot n: from n / global_rate, one request
        self._conversations: dict[str, float] = {}

    def conversation_wait(self, conversation: str) -> float:
        """Seconds until CONVERSATION may get its next message (0: now)."""
        return max(0.0, self._conversations.get(conversation, 0.0) - self._now())

    def next_message_at(self, conversation: str) -> float:
        """The earliest moment (on this pacer's clock) for a message after the coming one."""
        return max(self._now(), self._conversations.get(conversation, 0.0)) + self._interval

    def reserve(self, tenant: str) -> float:
        """Takes the tenant's and the process's next free slot; returns the seconds to wait for it."""
        now = self._now()
        earliest = max(now, self._tenants.get(tenant, 0.0))
        index = math.ceil(earliest * self._global_rate)
        while index in self._global_taken:
            index += 1
        self._global_taken.add(index)
        slot = max(earliest, index / self._global_rate)
        self._tenants[tenant] = slot + self._tenant_gap
        if len(self._global_taken) > 10 * self._global_rate:
            past = math.floor(now * self._global_rate)
            self._global_taken = {n for n in self._global_taken if n >= past}
        return slot - now

    def sent(self, conversation: str) -> None:
        """A message to CONVERSATION went out just now: the next one waits from here, not from
        when this one was planned, so a slow request never squeezes two messages together."""
        self.defer(conversation, self._interval)

    def defer(self, conversation: str, seconds: float) -> None:
        until = self._now() + seconds
        self._conversations[conversation] = max(until, self._conversations.get(conversation, 0.0))
        if len(self._conversations) > MAX_REMEMBERED:
            self._forget_past()

    def _forget_past(self) -> None:
        now = self._now()
        self._conversations = {k: v for k, v in self._conversations.items() if v > now}
        self._tenants = {k: v for k, v in self._tenants.items() if v > now}
