"""A limit on how many messages one conversation may send per minute: abuse costs little.

A sliding window per conversation: the times of the turns let through in the last minute. Over
the limit, the person gets one polite message per minute and the rest of their turns are dropped
before the bot sees them, so nothing of them is stored. Button presses (invokes) over the limit
are answered with the same text as a short message, because Teams shows an error for an invoke
that gets no answer.

The limit is per instance: with several instances behind a load balancer a conversation may send
up to `per_minute` messages to each. That is enough to keep one chat from flooding the bot; a
shared limit would need a shared store, and a database write for every message.

Memory is bounded: a conversation is known by a hash of its id (ids are as long as a request
allows), one idle for a minute is forgotten, and no more than `max_tracked` are remembered
(the least recently heard of goes first).
"""

from __future__ import annotations

import logging
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from botbuilder.core import Middleware, TurnContext
from botbuilder.schema import Activity, ActivityTypes

from bot.content import Content
from bot.invoke_responses import message_response
from bot.onboarding.clock import Clock, system_clock
from bot.turns import locale_of, pseudonym, tenant_of

log = logging.getLogger(__name__)

LIMITED_TYPES = frozenset({ActivityTypes.message, ActivityTypes.invoke})
WINDOW = timedelta(minutes=1)
MAX_TRACKED = 10_000
SLOW_DOWN = "abuse.slow_down"


@dataclass
class _Conversation:
    admitted: deque[float] = field(default_factory=deque)  # times of turns let through, oldest first
    warned_at: float | None = None
    last_seen: float = 0.0


class ConversationRateLimit(Middleware):  # type: ignore[misc]
    """botbuilder middleware; add it first (adapter.use), so a dropped turn costs nothing more."""

    def __init__(
        self,
        per_minute: int,
        content: Content,
        clock: Clock = system_clock,
        max_tracked: int = MAX_TRACKED,
    ) -> None:
        if per_minute < 1 or max_tracked < 1:
            raise ValueError("per_minute and max_tracked must be at least 1")
        self._per_window = per_minute
        self._content = content
        self._clock = clock
        self._max_tracked = max_tracked
        self._window = WINDOW.total_seconds()
        self._conversations: OrderedDict[str, _Conversation] = OrderedDict()

    @property
    def tracked(self) -> int:
        """How many conversations are remembered now (for tests and benchmarks)."""
        return len(self._conversations)

    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable[Any]]) -> None:
        activity: Activity = context.activity
        if activity.type not in LIMITED_TYPES:
            await logic()
            return
        verdict = self._admit(_conversation_key(activity))
        if verdict == "admit":
            await logic()
            return
        if verdict == "warn":
            log.warning("rate_limited conversations_tracked=%d", len(self._conversations))
        await self._answer_refused(context, polite=verdict == "warn")

    def _admit(self, key: str) -> str:
        """'admit', 'warn' (the first refusal in a window) or 'drop'."""
        now = self._clock().timestamp()
        self._forget_idle(now)
        conversation = self._conversations.pop(key, None) or _Conversation()
        self._conversations[key] = conversation  # now the most recently heard of
        conversation.last_seen = now
        while len(self._conversations) > self._max_tracked:
            self._conversations.popitem(last=False)
        admitted = conversation.admitted
        while admitted and admitted[0] <= now - self._window:
            admitted.popleft()
        if len(admitted) < self._per_window:
            admitted.append(now)
            return "admit"
        if conversation.warned_at is not None and conversation.warned_at > now - self._window:
            return "drop"
        conversation.warned_at = now
        return "warn"

    def _forget_idle(self, now: float) -> None:
        # Ordered by when each was last heard of: the idle ones are at the front.
        while self._conversations:
            oldest = next(iter(self._conversations.values()))
            if oldest.last_seen > now - self._window:
                return
            self._conversations.popitem(last=False)

    async def _answer_refused(self, context: TurnContext, polite: bool) -> None:
        text = self._content.text(locale_of(context.activity), SLOW_DOWN)
        if context.activity.type == ActivityTypes.invoke:
            # An invoke must be answered; the answer is a short notice, not a message in the chat.
            answer = Activity(type=ActivityTypes.invoke_response, value=message_response(text))
            await context.send_activity(answer)
        elif polite:
            await context.send_activity(text)


def _conversation_key(activity: Activity) -> str:
    conversation_id = getattr(activity.conversation, "id", None) or ""
    return pseudonym(tenant_of(activity), "rate", str(conversation_id))
