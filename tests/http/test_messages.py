"""Typed messages over HTTP: @mentions, first contact, language, and replies returned in the body."""

from __future__ import annotations

from typing import Any

from tests.http.fake_connector import card_lines, cards_of, visible_lines
from tests.http.teams import Teams

NO_BOARD = "Er is nog geen bestuur gekoppeld"
NOT_UNDERSTOOD = "Dat begreep ik niet"
WELCOME = "Welkom bij de ECK iD-wegwijzer"


GROUP_WELCOME = "Hallo allemaal"


async def test_status_with_an_at_mention_in_a_channel_is_understood(teams: Teams) -> None:
    answer = await teams.send("channel-message-with-mention.json")

    assert 200 <= answer.status < 300
    welcome, text = answer.sent.texts()  # the team's first message also welcomes the team
    assert welcome.startswith(GROUP_WELCOME)
    assert text.startswith(NO_BOARD)
    assert "De vijf stappen" in card_lines(answer.sent.last_card())  # and the menu to start from
    assert NOT_UNDERSTOOD not in answer.sent.transcript()


async def test_a_colleagues_first_message_in_a_welcomed_team_gets_no_second_welcome(teams: Teams) -> None:
    added = teams.payload("conversation-update-bot-added-team.json")
    await teams.post(added)
    message = teams.payload("channel-message-with-mention.json")
    message["channelData"]["team"] = added["channelData"]["team"]  # the same team the bot joined

    answer = await teams.post(message)

    assert GROUP_WELCOME not in answer.sent.transcript()
    assert WELCOME not in answer.sent.transcript()
    assert answer.sent.texts()[0].startswith(NO_BOARD)


async def test_the_channel_reply_goes_to_the_thread_of_the_message(teams: Teams) -> None:
    answer = await teams.send("channel-message-with-mention.json")

    assert answer.sent.calls
    for call in answer.sent:
        assert call.route == "reply"
        assert call.conversation_id == "19:channelid@thread.tacv2;messageid=1700000000000"
        assert call.activity_id == "1700000000001"
        assert call.raw_path.startswith("/v3/conversations/19%3Achannelid%40thread.tacv2%3Bmessageid")


async def test_voortgang_with_an_at_mention_in_a_group_chat_is_understood(teams: Teams) -> None:
    await teams.send("groupchat-message-with-mention.json")  # the chat's first message: welcome
    answer = await teams.send("groupchat-message-with-mention.json")

    assert 200 <= answer.status < 300
    [text] = answer.sent.texts()
    assert text.startswith(NO_BOARD)
    assert NOT_UNDERSTOOD not in answer.sent.transcript()
    assert {call.conversation_id for call in answer.sent} == {"19:groupchatid@thread.v2"}


REGISTER_ANSWER = "Hoe meldt ons bestuur zich aan bij de Nummervoorziening?"


def is_answer(card: dict[str, Any]) -> bool:
    """A knowledge base answer, not suggestions: it asks whether it helped."""
    return any(action.get("verb") == "faq.feedback" for action in card.get("actions", []))


async def test_a_first_question_from_someone_unknown_gets_the_welcome_and_the_answer(teams: Teams) -> None:
    answer = await teams.send(
        "personal-message.json"
    )  # "hoe meld ik ons bestuur aan bij de Nummervoorziening?"

    assert 200 <= answer.status < 300
    assert WELCOME in answer.sent.transcript()
    assert is_answer(answer.sent.last_card())
    assert REGISTER_ANSWER in card_lines(answer.sent.last_card())
    assert NOT_UNDERSTOOD not in answer.sent.transcript()


async def test_the_same_question_again_is_answered_without_a_second_welcome(teams: Teams) -> None:
    await teams.send("personal-message.json")

    answer = await teams.send("personal-message.json")

    assert 200 <= answer.status < 300
    [card] = answer.sent.cards()
    assert is_answer(card)
    assert REGISTER_ANSWER in card_lines(card)
    assert WELCOME not in answer.sent.transcript()


async def test_someone_who_installed_the_app_is_not_welcomed_again_by_their_first_message(
    teams: Teams,
) -> None:
    await teams.send("installation-update-add-personal.json")

    answer = await teams.send("personal-message.json")

    assert WELCOME not in answer.sent.transcript()
    assert is_answer(answer.sent.last_card())
    assert REGISTER_ANSWER in card_lines(answer.sent.last_card())
    assert WELCOME not in answer.sent.transcript()


async def test_an_english_client_gets_english_replies(teams: Teams) -> None:
    first = await teams.send("personal-message.json", locale="en-US")
    second = await teams.send("personal-message.json", locale="en-US")

    assert "Welcome to the ECK iD guide" in first.sent.transcript()
    assert WELCOME not in first.sent.transcript()
    [card] = second.sent.cards()
    assert is_answer(card)
    assert "How does our board register with Nummervoorziening?" in card_lines(card)


async def test_the_client_info_locale_counts_when_the_activity_has_none(teams: Teams) -> None:
    entities = [{"type": "clientInfo", "locale": "en-GB", "country": "GB", "platform": "Web"}]

    answer = await teams.send("personal-message.json", locale=None, entities=entities)

    assert "Welcome to the ECK iD guide" in answer.sent.transcript()


async def test_expect_replies_returns_the_replies_in_the_http_body(teams: Teams) -> None:
    answer = await teams.send("personal-message.json", deliveryMode="expectReplies")

    assert answer.status == 200
    body = answer.body
    assert isinstance(body, dict) and isinstance(body.get("activities"), list), answer.text
    replies: list[dict[str, Any]] = body["activities"]
    assert WELCOME in visible_lines(replies)
    _welcome, answered = cards_of(replies)  # the welcome, and the answer to the question asked
    assert is_answer(answered)
    assert len(answer.sent) == 0  # nothing went through the connector


async def test_expect_replies_buffers_text_replies_too(teams: Teams) -> None:
    await teams.send("personal-message.json")

    answer = await teams.send("personal-message.json", text="De Regenboog", deliveryMode="expectReplies")

    assert answer.status == 200
    [reply] = answer.body["activities"]
    assert reply["type"] == "message"
    assert reply["text"].startswith(NOT_UNDERSTOOD)
    assert len(answer.sent) == 0
