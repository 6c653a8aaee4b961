"""Card buttons over HTTP: Action.Execute invokes answer 200 with a card, Action.Submit updates the card.

botbuilder-integration-aiohttp 4.17.1 answers 500 to every invoke that has a body; these tests are
the regression tests for the fix in bot/adapter.py.
"""

from __future__ import annotations

from tests.http.fake_connector import card_lines
from tests.http.teams import Answer, Teams

REGISTERED = "Aangemeld bij Nummervoorziening op 20-11-2026"
NO_BOARD = "Er is nog geen bestuur gekoppeld"


def assert_answered_card(answer: Answer, *fragments: str) -> None:
    """The invoke answered 200 with a card that shows what was recorded, by whom."""
    assert answer.status == 200, answer.text
    text = answer.card_text()
    for fragment in ("Vastgelegd door Anne de Vries", *fragments):
        assert fragment in text, f"expected {fragment!r} on the card:\n{text}"


async def link_board(teams: Teams) -> None:
    """Opens step 1 in the personal chat and gives the board's number and name, by card."""
    opened = await teams.say("stap 1")
    assert "Wat is het bevoegd-gezagnummer van uw bestuur?" in card_lines(opened.sent.last_card())

    number = await teams.fill("41234")
    assert_answered_card(number, "✔ 41234")
    assert any(text.startswith("Gekoppeld aan") for text in number.sent.texts())
    assert "Hoe heet uw schoolbestuur?" in card_lines(number.sent.last_card())

    name = await teams.fill("Stichting De Linde")
    assert_answered_card(name, "✔ Stichting De Linde")


async def add_school_01ab(teams: Teams) -> None:
    """Walks step 1 by its buttons up to a recorded school 01AB De Regenboog."""
    await link_board(teams)
    await teams.press("Verder")
    registered = await teams.press("Ja, gedaan")
    assert_answered_card(registered, "✔ Ja, gedaan")
    await teams.fill("2026-11-20")
    await teams.press("School toevoegen")
    await teams.fill("01AB")
    await teams.fill("De Regenboog")
    await teams.fill("directeur")
    board = await teams.board()
    assert board is not None and board.school("01AB") is not None


async def test_pressing_registered_answers_200_with_the_updated_card(teams: Teams) -> None:
    await link_board(teams)

    answer = await teams.send("invoke-adaptive-card-execute.json")

    assert answer.status == 200, answer.text
    assert answer.body["statusCode"] == 200
    assert answer.body["type"] == "application/vnd.microsoft.card.adaptive"
    assert answer.body["value"]["type"] == "AdaptiveCard"
    assert_answered_card(answer, REGISTERED)
    board = await teams.board()
    assert board is not None and board.registration is not None
    assert board.registration.registered_on is not None
    assert board.registration.registered_on.isoformat() == "2026-11-20"


async def test_a_double_click_shows_the_same_card_and_records_nothing_twice(teams: Teams) -> None:
    await link_board(teams)
    first = await teams.send("invoke-adaptive-card-execute.json")
    board = await teams.board()
    assert board is not None
    events_after_first = await teams.event_count(board)

    again = await teams.send("invoke-adaptive-card-execute.json")

    assert again.status == 200, again.text
    assert again.card() == first.card()
    assert REGISTERED in again.card_text()
    assert await teams.event_count(board) == events_after_first


async def test_the_registration_shows_in_the_status_checklist(teams: Teams) -> None:
    await link_board(teams)
    await teams.send("invoke-adaptive-card-execute.json")

    status = await teams.say("status")

    assert "Voortgang van Stichting De Linde (41234)" in status.sent.transcript()
    assert REGISTERED in status.sent.transcript()


async def test_pressing_a_card_button_without_a_board_says_none_is_linked(teams: Teams) -> None:
    answer = await teams.send("invoke-adaptive-card-execute.json")

    assert answer.status == 200, answer.text
    assert answer.message().startswith(NO_BOARD)
    assert len(answer.sent) == 0


async def test_a_card_of_another_board_changes_nothing(teams: Teams) -> None:
    await link_board(teams)
    board = await teams.board()
    assert board is not None
    events = await teams.event_count(board)

    answer = await teams.execute("step1.registered", {"boardId": "99999", "registeredOn": "2026-11-20"})

    assert answer.status == 200, answer.text
    assert answer.message().startswith(NO_BOARD)
    assert await teams.event_count(board) == events


async def test_a_date_in_the_future_is_refused_by_message(teams: Teams) -> None:
    await link_board(teams)

    answer = await teams.execute("step1.registered", {"boardId": "41234", "registeredOn": "2027-01-01"})

    assert answer.status == 200, answer.text
    assert "toekomst" in answer.message()
    board = await teams.board()
    assert board is not None and (board.registration is None or not board.registration.registered)


async def test_the_menu_buttons_open_a_step_over_http(teams: Teams) -> None:
    await teams.send("installation-update-add-personal.json")

    answer = await teams.press("Stap 1 van 5 · Aanmelden bij Nummervoorziening")

    assert answer.status == 200, answer.text
    assert "Aanmelden bij Nummervoorziening" in answer.message()
    assert "Wat is het bevoegd-gezagnummer van uw bestuur?" in card_lines(answer.sent.last_card())


async def test_an_action_submit_records_the_las_and_updates_the_card_in_place(teams: Teams) -> None:
    await add_school_01ab(teams)

    answer = await teams.send("message-action-submit.json")

    assert 200 <= answer.status < 300, answer.text
    [update] = answer.sent.updates()
    assert update.method == "PUT"
    assert update.conversation_id == "a:1personalconversationid"
    assert update.activity_id == "1700000000000"  # the card that was pressed
    [card] = [a["content"] for a in update.activity["attachments"]]
    assert "✔ ParnasSys" in card_lines(card)
    assert "Vastgelegd door Anne de Vries op 23-11-2026 10:15" in card_lines(card)
    assert answer.sent.posted() == []

    status = await teams.say("status")
    assert "01AB De Regenboog: ParnasSys nog niet ingelicht" in status.sent.transcript()


async def test_an_action_submit_without_a_board_says_none_is_linked(teams: Teams) -> None:
    answer = await teams.send("message-action-submit.json")

    assert 200 <= answer.status < 300, answer.text
    assert answer.sent.updates() == []
    [text] = answer.sent.texts()
    assert text.startswith(NO_BOARD)
