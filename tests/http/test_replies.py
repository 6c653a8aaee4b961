"""Replies go out over one pooled connection, and with an app id they carry the bot's token.

With an app id set, Teams only accepts replies that carry a token for the bot's app, fetched
from Microsoft Entra with the client secret. The bot fetches it once, reuses it until shortly
before it expires, and fetches it once for turns that find it expired at the same moment. These
tests run the login endpoint on loopback. The inbound JWT check (bot/auth, tested in tests/auth)
is out of their scope: they hand the adapter an already authenticated request, as the adapter
does itself after it validated the channel's token.
"""

from __future__ import annotations

import asyncio
import logging

import pytest
from botbuilder.core import TurnContext
from botbuilder.schema import Activity
from botframework.connector.auth import AuthenticateRequestResult, ClaimsIdentity

from bot.app_keys import ADAPTER
from bot.config import Settings
from bot.connector.wire import from_wire
from tests.http.conftest import StartBot
from tests.http.fake_connector import card_lines
from tests.http.fake_login import FakeLogin
from tests.http.teams import APP_ID, Teams

CHANNEL_AUDIENCE = "https://api.botframework.com"


@pytest.fixture
async def bot_with_app_id(start_bot: StartBot, database_url: str, login: FakeLogin) -> Teams:
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        app_id=APP_ID,
        app_password="secret",
        token_url_override=login.token_url,
    )
    return await start_bot(settings)


async def authenticated_turn(
    teams: Teams, text: str, conversation: str = "a:1personalconversationid"
) -> None:
    """One message, as the adapter handles it once botbuilder has validated the channel's token."""
    payload = teams.payload("personal-message.json", text=text)
    payload["conversation"]["id"] = conversation
    activity = from_wire(Activity, payload)
    authenticated = AuthenticateRequestResult()
    authenticated.claims_identity = ClaimsIdentity(
        {"aud": APP_ID, "iss": "https://api.botframework.com"}, True
    )
    authenticated.audience = CHANNEL_AUDIENCE
    authenticated.caller_id = None
    adapter = teams.client.app[ADAPTER]
    await adapter.process_activity(authenticated, activity, teams.components.bot.on_turn)


async def test_in_local_mode_replies_carry_no_token_and_reuse_one_connection(teams: Teams) -> None:
    for text in ("help", "status", "menu"):
        answer = await teams.say(text)
        assert answer.status in (200, 201), answer.text

    calls = list(teams.connector.outbox())
    assert len(calls) >= 3
    assert all(call.authorization is None for call in calls)
    assert len({call.client_port for call in calls}) == 1, "each reply opened a new connection"


async def test_replies_carry_the_bots_token_which_is_fetched_once(
    bot_with_app_id: Teams, login: FakeLogin
) -> None:
    for text in ("help", "status", "menu"):
        await authenticated_turn(bot_with_app_id, text)

    calls = list(bot_with_app_id.connector.outbox())
    assert len(calls) >= 3
    assert {call.authorization for call in calls} == {"Bearer token-1"}
    assert len(login.requests) == 1
    form = login.requests[0].form
    assert form["grant_type"] == "client_credentials"
    assert form["client_id"] == APP_ID
    assert form["client_secret"] == "secret"
    assert form["scope"] == "https://api.botframework.com/.default"


async def test_a_token_close_to_expiry_is_renewed_before_it_is_used(
    bot_with_app_id: Teams, login: FakeLogin
) -> None:
    login.lifetime_s = 1  # renewed halfway: after half a second

    await authenticated_turn(bot_with_app_id, "help")
    first = bot_with_app_id.connector.mark()
    await asyncio.sleep(0.6)
    await authenticated_turn(bot_with_app_id, "status")

    earlier = {call.authorization for call in bot_with_app_id.connector.outbox().calls[:first]}
    later = {call.authorization for call in bot_with_app_id.connector.since(first)}
    assert earlier == {"Bearer token-1"}
    assert later == {"Bearer token-2"}
    assert len(login.requests) == 2


async def test_turns_that_start_together_fetch_one_token(bot_with_app_id: Teams, login: FakeLogin) -> None:
    await asyncio.gather(
        *(authenticated_turn(bot_with_app_id, "help", f"a:conversation-{n}") for n in range(8))
    )

    assert len(login.requests) == 1
    assert {call.authorization for call in bot_with_app_id.connector.outbox()} == {"Bearer token-1"}


async def test_a_message_the_bot_starts_itself_carries_the_token_too(bot_with_app_id: Teams) -> None:
    payload = bot_with_app_id.payload("personal-message.json")
    reference = TurnContext.get_conversation_reference(from_wire(Activity, payload))

    async def say_hello(turn_context: TurnContext) -> None:
        await turn_context.send_activity("Hallo")

    adapter = bot_with_app_id.client.app[ADAPTER]
    await adapter.continue_conversation(reference, say_hello, APP_ID)

    sent = list(bot_with_app_id.connector.outbox())
    assert [call.activity.get("text") for call in sent] == ["Hallo"]
    assert sent[0].authorization == "Bearer token-1"


async def test_when_no_token_can_be_had_the_turn_fails_quietly_and_the_next_one_works(
    bot_with_app_id: Teams, login: FakeLogin, caplog: pytest.LogCaptureFixture
) -> None:
    login.failing = True
    with caplog.at_level(logging.ERROR):
        await authenticated_turn(bot_with_app_id, "help")
    assert len(bot_with_app_id.connector.outbox()) == 0
    assert any("turn_failed error=TokenUnavailable" in r.getMessage() for r in caplog.records)

    login.failing = False
    await authenticated_turn(bot_with_app_id, "help")
    assert bot_with_app_id.connector.outbox().texts(), (
        "the bot stayed silent after the login endpoint recovered"
    )


async def test_a_short_text_and_the_next_question_arrive_as_one_message(teams: Teams) -> None:
    await teams.say("stap 1")

    answer = await teams.fill("41234")

    posted = answer.sent.posted()
    assert len(posted) == 1, answer.sent.transcript()
    assert posted[0]["text"].startswith("Gekoppeld aan")
    assert "Hoe heet uw schoolbestuur?" in card_lines(answer.sent.last_card())


async def test_when_teams_cannot_be_reached_the_step_does_not_move_on(teams: Teams) -> None:
    await teams.say("stap 1")
    teams.connector.refuse_with = 503
    lost = await teams.say("41234")
    assert lost.status in (200, 201)
    assert len(lost.sent) == 0

    teams.connector.refuse_with = None
    again = await teams.say("41234")

    assert "Hoe heet uw schoolbestuur?" in card_lines(again.sent.last_card())
    board = await teams.board()
    assert board is not None and board.bg_number == "41234" and board.name == ""


async def test_when_a_turn_fails_the_person_is_told_so_in_plain_words(
    teams: Teams, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_: object, **__: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(teams.components.service, "board_for", broken)

    answer = await teams.say("status")

    assert answer.status in (200, 201)
    assert answer.sent.texts() == [
        "Er ging iets mis aan mijn kant. Uw gegevens zijn bewaard; probeer het zo nog eens."
    ]
