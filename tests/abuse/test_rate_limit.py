"""A conversation over its limit of messages per minute gets one polite message, then silence; never a 5xx."""

from __future__ import annotations

from typing import Any

import pytest

from bot.config import Settings
from bot.content import Content
from bot.onboarding.clock import FixedClock
from tests.http.conftest import StartBot
from tests.http.teams import Answer, Teams, stored_rows

LIMIT = 30
OTHER_CHAT = {
    "conversationType": "personal",
    "tenantId": "72f988bf-0000-0000-0000-0000000000t1",
    "id": "a:other",
}
OTHER_PERSON = {
    "id": "29:other-person",
    "name": "Bram Bakker",
    "aadObjectId": "6b2f1c1e-2222-4a6e-9d1e-000000000002",
}


@pytest.fixture
async def teams(start_bot: StartBot, database_url: str) -> Teams:
    return await start_bot(Settings(_env_file=None, database_url=database_url, messages_per_minute=LIMIT))


def slow_down(content: Content) -> str:
    return content.text("nl", "abuse.slow_down")


async def send_the_limit(teams: Teams) -> None:
    for number in range(LIMIT):
        answer = await teams.say("status")
        assert answer.status == 201, (number, answer.text)
        assert answer.sent.texts() or answer.sent.cards(), f"message {number + 1} got no reply"


async def test_the_first_message_over_the_limit_gets_one_polite_reply(
    teams: Teams, content: Content, database_url: str
) -> None:
    await send_the_limit(teams)
    rows_before = stored_rows(database_url)

    over = await teams.say("status")

    assert over.status == 201
    assert len(over.sent) == 1
    assert over.sent.texts() == [slow_down(content)]
    assert not over.sent.cards()
    assert stored_rows(database_url) == rows_before


async def test_later_messages_in_that_minute_get_nothing_and_store_nothing(
    teams: Teams, clock: FixedClock, database_url: str
) -> None:
    await send_the_limit(teams)
    await teams.say("status")
    rows_before = stored_rows(database_url)

    later: list[Answer] = []
    for _ in range(5):
        clock.advance(seconds=5)
        later.append(await teams.say("stap 1"))

    assert [a.status for a in later] == [201] * 5
    assert [len(a.sent) for a in later] == [0] * 5
    assert stored_rows(database_url) == rows_before


async def test_after_the_minute_the_bot_answers_normally_again(
    teams: Teams, clock: FixedClock, content: Content
) -> None:
    await send_the_limit(teams)
    assert (await teams.say("status")).sent.texts() == [slow_down(content)]

    clock.advance(seconds=61)
    again = await teams.say("status")

    assert again.status == 201
    assert again.sent.cards(), again.sent.transcript()
    assert slow_down(content) not in again.sent.texts()


async def test_over_the_limit_again_later_gets_one_polite_reply_again(
    teams: Teams, clock: FixedClock, content: Content
) -> None:
    await send_the_limit(teams)
    await teams.say("status")
    clock.advance(seconds=61)
    await send_the_limit(teams)

    over = await teams.say("status")

    assert over.sent.texts() == [slow_down(content)]


async def test_another_conversation_is_not_limited(teams: Teams) -> None:
    await send_the_limit(teams)
    await teams.say("status")

    elsewhere: dict[str, Any] = {"conversation": OTHER_CHAT, "from": OTHER_PERSON}
    other = await teams.say("status", **elsewhere)

    assert other.status == 201
    assert other.sent.cards(), other.sent.transcript()


async def test_a_button_pressed_over_the_limit_gets_the_polite_notice_and_does_nothing(
    teams: Teams, content: Content, database_url: str
) -> None:
    await send_the_limit(teams)
    rows_before = stored_rows(database_url)

    pressed = await teams.execute("status", {})
    pressed_again = await teams.execute("status", {})

    assert (pressed.status, pressed_again.status) == (200, 200)
    assert pressed.message() == slow_down(content)
    assert pressed_again.message() == slow_down(content)
    assert len(pressed.sent) == 0 and len(pressed_again.sent) == 0
    assert stored_rows(database_url) == rows_before


async def test_conversation_updates_neither_count_nor_are_limited(teams: Teams) -> None:
    general = teams.payload("conversation-update-bot-added-team.json")["conversation"]
    for _ in range(LIMIT):
        said = await teams.say(
            "<at>ECK iD wegwijzer</at> status", "channel-message-with-mention.json", conversation=general
        )
        assert said.status == 201

    added = await teams.send("conversation-update-bot-added-team.json")
    for _ in range(LIMIT):
        assert (await teams.send("conversation-update-user-added-team.json")).status < 300

    assert added.status < 300
    assert added.sent.cards(), "the team got no welcome"


async def test_a_flood_never_gets_a_server_error(teams: Teams) -> None:
    statuses = {(await teams.say(f"bericht {number}")).status for number in range(LIMIT * 3)}

    assert statuses == {201}
