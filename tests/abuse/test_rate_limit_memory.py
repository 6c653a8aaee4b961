"""The limiter remembers a bounded number of conversations, whatever ids a flood makes up."""

from __future__ import annotations

from datetime import UTC, datetime

from botbuilder.core import TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ActivityTypes, ConversationAccount

from bot.content import Content
from bot.onboarding.clock import FixedClock
from bot.rate_limit import ConversationRateLimit


def message(conversation_id: str) -> TurnContext:
    activity = Activity(
        type=ActivityTypes.message, text="hoi", conversation=ConversationAccount(id=conversation_id)
    )
    return TurnContext(TestAdapter(), activity)


async def let_through(limit: ConversationRateLimit, conversation_id: str) -> bool:
    reached: list[bool] = []

    async def logic() -> None:
        reached.append(True)

    await limit.on_turn(message(conversation_id), logic)
    return bool(reached)


async def test_no_more_conversations_are_remembered_than_the_cap(content: Content) -> None:
    limit = ConversationRateLimit(2, content, FixedClock(datetime(2026, 11, 23, tzinfo=UTC)), max_tracked=100)

    for number in range(1_000):
        assert await let_through(limit, "x" * 10_000 + str(number))

    assert limit.tracked == 100


async def test_idle_conversations_are_forgotten_after_a_minute(content: Content) -> None:
    clock = FixedClock(datetime(2026, 11, 23, tzinfo=UTC))
    limit = ConversationRateLimit(2, content, clock)
    for number in range(50):
        await let_through(limit, f"chat-{number}")

    clock.advance(seconds=61)
    await let_through(limit, "one more")

    assert limit.tracked == 1


async def test_a_limited_conversation_stays_limited_while_others_come_and_go(content: Content) -> None:
    limit = ConversationRateLimit(2, content, FixedClock(datetime(2026, 11, 23, tzinfo=UTC)), max_tracked=3)
    assert await let_through(limit, "busy") and await let_through(limit, "busy")

    for number in range(2):  # two others, fewer than the cap: busy is still remembered
        await let_through(limit, f"other-{number}")

    assert not await let_through(limit, "busy")
