"""Installing the bot: a welcome once per person, once per team, and silence otherwise."""

from __future__ import annotations

from tests.http.fake_connector import card_lines
from tests.http.teams import Teams

WELCOME = "Welkom bij de ECK iD-wegwijzer"
GROUP_WELCOME = "Hallo allemaal"


async def test_installing_the_app_personally_sends_the_welcome_card(teams: Teams) -> None:
    answer = await teams.send("installation-update-add-personal.json")

    assert 200 <= answer.status < 300
    assert answer.sent.texts() == []
    [card] = answer.sent.cards()
    assert WELCOME in card_lines(card)
    assert "De vijf stappen" in answer.sent.transcript()


async def test_the_welcome_goes_to_the_personal_chat_it_came_from(teams: Teams) -> None:
    answer = await teams.send("installation-update-add-personal.json")

    [call] = answer.sent.calls
    assert (call.method, call.route) == ("POST", "reply")
    assert call.conversation_id == "a:1personalconversationid"
    assert call.raw_path == "/v3/conversations/a%3A1personalconversationid/activities/1700000000001"
    assert call.authorization is None  # local mode: no app id, so no token either


async def test_installing_twice_welcomes_only_once(teams: Teams) -> None:
    first = await teams.send("installation-update-add-personal.json")
    again = await teams.send("installation-update-add-personal.json")

    assert len(first.sent.cards()) == 1
    assert 200 <= again.status < 300
    assert len(again.sent) == 0


async def test_the_bot_added_event_after_the_install_sends_no_second_welcome(teams: Teams) -> None:
    first = await teams.send("installation-update-add-personal.json")
    added = await teams.send("conversation-update-bot-added-personal.json")

    assert WELCOME in first.sent.transcript()
    assert 200 <= added.status < 300
    assert len(added.sent) == 0


async def test_adding_the_bot_to_a_team_greets_everyone_once_with_the_menu(teams: Teams) -> None:
    answer = await teams.send("conversation-update-bot-added-team.json")
    again = await teams.send("conversation-update-bot-added-team.json")

    assert 200 <= answer.status < 300
    [greeting] = answer.sent.texts()
    assert greeting.startswith(GROUP_WELCOME)
    [menu] = answer.sent.cards()
    assert "De vijf stappen" in "\n".join(card_lines(menu))
    assert all(call.conversation_id == "19:generalchannel@thread.tacv2" for call in answer.sent)
    assert len(again.sent) == 0


async def test_a_colleague_joining_the_team_gets_no_message(teams: Teams) -> None:
    await teams.send("conversation-update-bot-added-team.json")

    answer = await teams.send("conversation-update-user-added-team.json")

    assert 200 <= answer.status < 300
    assert len(answer.sent) == 0


async def test_a_colleague_joining_before_the_bot_was_welcomed_gets_no_message_either(teams: Teams) -> None:
    answer = await teams.send("conversation-update-user-added-team.json")

    assert 200 <= answer.status < 300
    assert len(answer.sent) == 0


async def test_removing_the_app_answers_ok_and_posts_nothing(teams: Teams) -> None:
    await teams.send("installation-update-add-personal.json")

    answer = await teams.send("installation-update-remove-personal.json")

    assert 200 <= answer.status < 300
    assert len(answer.sent) == 0
