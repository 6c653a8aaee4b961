"""The bot reaches a board member on its own, end to end: a stalled step is noticed by the
scheduler, the reminder goes out through the outbox to the member's own chat at the connector,
and "geen herinneringen" stops the next ones. As `eckbot serve` runs it, in the background."""

from __future__ import annotations

import asyncio

from bot.config import Settings
from bot.connector.pool import ConnectorPool
from bot.onboarding.clock import FixedClock
from bot.outbox.models import NewMessage, OutboxStatus
from bot.outbox.sender import OutboxSender
from tests.http.conftest import StartBot
from tests.http.fake_connector import card_lines, cards_of
from tests.http.teams import Teams

ANNES_CHAT = "a:1personalconversationid"


async def start_a_board_and_stall(teams: Teams, clock: FixedClock) -> None:
    await teams.say("stap 1")
    await teams.fill("41234")
    await teams.say("status")  # a personal turn of a board member: where to reach her is stored
    clock.advance(days=21)  # a Monday, 10:15 in Amsterdam: inside the send hours


async def deliver(teams: Teams, clock: FixedClock) -> list[str]:
    mark = teams.connector.mark()
    pool = ConnectorPool("", "", "")
    try:
        while await OutboxSender(teams.components.outbox, pool, clock, "test-sender").drain_once():
            pass
    finally:
        await pool.close()
    calls = teams.connector.since(mark).calls
    assert all(call.conversation_id == ANNES_CHAT for call in calls)
    return [line for call in calls for card in cards_of([call.activity]) for line in card_lines(card)]


async def test_a_stalled_board_member_gets_one_reminder_in_her_own_chat(
    teams: Teams, clock: FixedClock
) -> None:
    await start_a_board_and_stall(teams, clock)

    first = await teams.components.reminders.tick(clock())
    again = await teams.components.reminders.tick(clock())  # the scheduler runs every few minutes
    shown = await deliver(teams, clock)

    assert first.reminders_queued == 1 and again.reminders_queued == 0
    assert any("Ga verder" in line for line in shown), shown
    assert any("geen herinneringen" in line for line in shown), shown


async def test_geen_herinneringen_stops_the_next_reminders(teams: Teams, clock: FixedClock) -> None:
    await start_a_board_and_stall(teams, clock)
    answer = await teams.say("geen herinneringen")
    assert answer.sent.texts()

    clock.advance(days=14)
    report = await teams.components.reminders.tick(clock())

    assert report.reminders_queued == 0
    assert await deliver(teams, clock) == []


async def test_eckbot_serve_sends_what_is_queued_without_being_asked(
    start_bot: StartBot, settings: Settings, clock: FixedClock
) -> None:
    teams = await start_bot(settings, background=True)
    reference = {"conversation": {"id": ANNES_CHAT}, "serviceUrl": teams.connector.service_url}
    message = NewMessage("test:1", "alert", "anne", reference, [{"type": "message", "text": "Hallo Anne"}])
    mark = teams.connector.mark()

    assert await teams.components.outbox.enqueue(message, clock())
    sent = None
    for _ in range(100):  # marked sent right after Teams answered: on PostgreSQL a round trip later
        sent = await teams.components.outbox.by_key("test:1")
        if sent is not None and sent.status == OutboxStatus.SENT:
            break
        await asyncio.sleep(0.05)

    assert teams.connector.since(mark).texts() == ["Hallo Anne"]
    assert sent is not None and sent.status == OutboxStatus.SENT
