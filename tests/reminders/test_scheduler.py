"""The scheduler over a real database: boards made through OnboardingService on a FixedClock."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.content import Content
from bot.onboarding.clock import FixedClock
from bot.onboarding.models import StepId
from bot.onboarding.recorders import Answer
from bot.onboarding.service import OnboardingService
from bot.outbox.models import NewMessage, OutboxMessage
from bot.reminders.policy import AMSTERDAM, Skip
from bot.reminders.scheduler import ReminderScheduler
from bot.storage.helpdesk_sql import SqlHelpdeskStore
from bot.storage.outbox_sql import SqlOutboxStore
from bot.storage.sql import SqlStore
from tests.reminders.conftest import (
    COORDINATOR,
    EPOCH,
    make_scheduler,
    reference,
    save_coordinator_chat,
    set_clock,
    speaker,
    stalled_board,
)

LEASE = timedelta(minutes=5)


def amsterdam(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


async def due_now(outbox: SqlOutboxStore, now: datetime) -> list[OutboxMessage]:
    """What a sender would take from the outbox at NOW."""
    return await outbox.claim("test-sender", now, LEASE, 100)


def card_of(message: OutboxMessage) -> dict[str, Any]:
    [activity] = message.activities
    [attachment] = activity["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card: dict[str, Any] = attachment["content"]
    return card


def texts(card: dict[str, Any]) -> str:
    return "\n".join(block["text"] for block in card["body"] if block["type"] == "TextBlock")


async def test_a_stalled_boards_members_get_one_reminder_however_often_the_scheduler_runs(
    store: SqlStore,
    content: Content,
    clock: FixedClock,
    database_url: str,
    service: OnboardingService,
    outbox: SqlOutboxStore,
    scheduler: ReminderScheduler,
) -> None:
    board = await stalled_board(service, outbox, "41234", "anne", "bob", "carla", chats=("anne", "carla"))
    clock.advance(days=8)  # step 1 reminds after 7 days; Tuesday 1 December, 10:15 in Amsterdam

    first = await scheduler.tick(clock())
    assert (first.boards_stalled, first.reminders_queued, first.reminders_waiting) == (1, 2, 0)
    assert first.skipped[Skip.NO_REFERENCE] == 1  # bob never chatted with the bot in person

    # Ticks every five minutes, and a second server process on the same database.
    other_process = SqlStore.from_url(database_url, clock)
    try:
        for _ in range(3):
            clock.advance(minutes=5)
            again = await scheduler.tick(clock())
            elsewhere = await make_scheduler(other_process, content, clock).tick(clock())
            assert again.reminders_queued == elsewhere.reminders_queued == 0
            assert again.skipped[Skip.RECENTLY_REMINDED] == 2
    finally:
        await other_process.close()

    for person, expected in (("anne", 1), ("carla", 1), ("bob", 0)):
        assert await outbox.sent_since(person, ["reminder"], EPOCH) == expected, person
    messages = await due_now(outbox, clock())
    assert sorted(m.recipient_key for m in messages) == ["anne", "carla"]
    anne = next(m for m in messages if m.recipient_key == "anne")
    assert (anne.kind, anne.board_id, anne.reference) == ("reminder", board.id, reference("a:anne"))
    card = card_of(anne)
    assert "Stap 1, Aanmelden bij Nummervoorziening, staat sinds 23-11-2026 stil." in texts(card)
    assert "Typ **geen herinneringen** om deze berichten niet meer te krijgen." in texts(card)
    [button] = card["actions"]
    assert (button["type"], button["title"], button["verb"]) == ("Action.Execute", "Ga verder", "step.start")
    assert button["data"] == {"step": "nummervoorziening"}
    assert "Naam van" not in json.dumps(anne.activities)  # nobody's name travels in a reminder


async def test_no_reminder_before_the_steps_days_have_passed(
    clock: FixedClock, service: OnboardingService, outbox: SqlOutboxStore, scheduler: ReminderScheduler
) -> None:
    await stalled_board(service, outbox, "41234", "anne", chats=("anne",))
    clock.advance(days=6, hours=23)
    report = await scheduler.tick(clock())
    assert (report.boards_stalled, report.reminders_queued) == (0, 0)
    assert await outbox.sent_since("anne", ["reminder"], EPOCH) == 0


async def test_progress_on_the_board_stops_the_reminders(
    clock: FixedClock, service: OnboardingService, outbox: SqlOutboxStore, scheduler: ReminderScheduler
) -> None:
    board = await stalled_board(service, outbox, "41234", "anne", chats=("anne",))
    clock.advance(days=6)
    await service.record(
        speaker("anne"), board.id, StepId.NUMMERVOORZIENING, "set_registration", Answer("yes")
    )
    clock.advance(days=2)  # 8 days since the board was made, 2 since it moved
    assert (await scheduler.tick(clock())).reminders_queued == 0


async def test_an_opted_out_member_gets_none_until_they_opt_in_again(
    clock: FixedClock, service: OnboardingService, outbox: SqlOutboxStore, scheduler: ReminderScheduler
) -> None:
    await stalled_board(service, outbox, "41234", "anne", chats=("anne",))
    await outbox.set_reminders("anne", False, clock())
    clock.advance(days=8)
    report = await scheduler.tick(clock())
    assert (report.reminders_queued, report.skipped[Skip.OPTED_OUT]) == (0, 1)
    assert await outbox.sent_since("anne", ["reminder"], EPOCH) == 0

    await outbox.set_reminders("anne", True, clock())
    assert (await scheduler.tick(clock())).reminders_queued == 1


async def test_a_member_who_removed_the_bot_gets_none(
    clock: FixedClock, service: OnboardingService, outbox: SqlOutboxStore, scheduler: ReminderScheduler
) -> None:
    await stalled_board(service, outbox, "41234", "anne", chats=("anne",))
    await outbox.mark_unreachable("anne", clock())
    clock.advance(days=8)
    report = await scheduler.tick(clock())
    assert (report.reminders_queued, report.skipped[Skip.UNREACHABLE]) == (0, 1)


async def test_at_eight_on_a_friday_evening_the_reminder_waits_until_monday_morning(
    clock: FixedClock, service: OnboardingService, outbox: SqlOutboxStore, scheduler: ReminderScheduler
) -> None:
    await stalled_board(service, outbox, "41234", "anne", chats=("anne",))
    set_clock(clock, amsterdam(2026, 12, 4, 20, 0))  # Friday

    report = await scheduler.tick(clock())
    assert (report.reminders_queued, report.reminders_waiting) == (1, 1)
    assert await due_now(outbox, clock()) == []

    for moment in (
        amsterdam(2026, 12, 5, 11, 0),
        amsterdam(2026, 12, 6, 23, 0),
        amsterdam(2026, 12, 7, 7, 59),
    ):
        set_clock(clock, moment)
        assert (await scheduler.tick(clock())).reminders_queued == 0
        assert await due_now(outbox, clock()) == [], moment
    set_clock(clock, amsterdam(2026, 12, 7, 8, 0))  # Monday
    [message] = await due_now(outbox, clock())
    assert message.recipient_key == "anne"
    assert message.next_attempt_at == amsterdam(2026, 12, 7, 8, 0)


async def test_the_weekly_digest_goes_once_a_week_to_each_coordinator_with_a_chat(
    clock: FixedClock,
    service: OnboardingService,
    outbox: SqlOutboxStore,
    helpdesk_store: SqlHelpdeskStore,
    scheduler: ReminderScheduler,
) -> None:
    key = await save_coordinator_chat(helpdesk_store, COORDINATOR)
    await stalled_board(service, outbox, "41234", "anne")
    await undeliverable_message(outbox, clock())
    set_clock(clock, amsterdam(2026, 12, 8, 10, 0))  # a Tuesday: the board stalled 15 days ago

    report = await scheduler.tick(clock())
    assert (report.digests_queued, report.coordinators_without_chat) == (1, 1)
    for moment in (
        amsterdam(2026, 12, 8, 10, 5),
        amsterdam(2026, 12, 11, 17, 0),
        amsterdam(2026, 12, 14, 7, 59),
    ):
        set_clock(clock, moment)
        assert (await scheduler.tick(clock())).digests_queued == 0, moment
    assert await outbox.sent_since(key, ["digest"], EPOCH) == 1

    set_clock(clock, amsterdam(2026, 12, 14, 8, 0))  # the next Monday
    assert (await scheduler.tick(clock())).digests_queued == 1
    assert await outbox.sent_since(key, ["digest"], EPOCH) == 2

    digests = [m for m in await due_now(outbox, clock()) if m.kind == "digest"]
    assert len(digests) == 2 and {m.recipient_key for m in digests} == {key}
    shown = texts(card_of(digests[0]))
    assert "Weekoverzicht ECK iD" in shown
    assert "1 bestuur, waarvan 0 met alle vijf stappen klaar" in shown
    assert "1 bestuur zonder voortgang in 14 dagen of langer" in shown
    assert "Stichting De Linde (41234) · stil sinds 23-11-2026 · bij stap 1" in shown
    assert "1 bericht van de bot kon niet worden bezorgd" in shown


async def undeliverable_message(outbox: SqlOutboxStore, now: datetime) -> None:
    message = NewMessage("alert:x", "alert", "someone", reference("a:x"), [{"type": "message"}])
    assert await outbox.enqueue(message, now)
    [claimed] = await outbox.claim("sender", now, LEASE, 1)
    assert await outbox.give_up(claimed.id, "sender", "http_500")


async def test_run_ticks_until_stopped_and_logs_counts_without_names(
    store: SqlStore,
    content: Content,
    clock: FixedClock,
    service: OnboardingService,
    outbox: SqlOutboxStore,
    caplog: pytest.LogCaptureFixture,
) -> None:
    board = await stalled_board(service, outbox, "41234", "anne", chats=("anne",))
    clock.advance(days=8)
    stop = asyncio.Event()

    def stopping_clock() -> datetime:  # the first pass asks the time, and then stops the loop
        stop.set()
        return clock()

    caplog.set_level(logging.DEBUG, logger="bot.reminders")
    await asyncio.wait_for(make_scheduler(store, content, stopping_clock).run(stop, every=60), timeout=5)

    assert await outbox.sent_since("anne", ["reminder"], EPOCH) == 1
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "reminders_queued=1" in logged
    for private in ("anne", "Naam van", "Stichting De Linde", board.id, "herinnering"):
        assert private not in logged, private
