"""What a board member and a coordinator read on the reminder and the digest, whatever a name holds."""

from __future__ import annotations

from typing import Any

import pytest

from bot.content import Content
from tests.cards.coordination_cards import NASTY_NAME
from tests.cards.reminder_cards import HOSTILE_LONG, reminder_cards
from tests.cards.test_cards import INJECTED, LOCALES, elements, strings

MENU_VERB = "step.start"  # what content/cards/menu.json.j2 sends to open a step


def texts(card: Any) -> list[str]:
    return [block["text"] for block in elements(card, "TextBlock")]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("name", [NASTY_NAME, HOSTILE_LONG])
def test_a_boards_name_comes_back_unchanged(content: Content, locale: str, name: str) -> None:
    cards = reminder_cards(content, locale, name)
    for label in ("reminder", "weekly_digest"):
        found = list(strings(cards[label]))
        assert any(name in s for s in found), f"{label}: the name did not come back unchanged"
        assert not any(INJECTED in s and name not in s for s in found), label


@pytest.mark.parametrize(
    ("locale", "button", "opt_out"),
    [("nl", "Ga verder", "Typ **geen herinneringen**"), ("en", "Continue", "Type **no reminders**")],
)
def test_the_reminder_opens_the_stalled_step_as_the_menu_does(
    content: Content, locale: str, button: str, opt_out: str
) -> None:
    card = reminder_cards(content, locale, "Stichting De Linde")["reminder"]
    [action] = card["actions"]
    assert (action["type"], action["title"], action["verb"]) == ("Action.Execute", button, MENU_VERB)
    assert action["data"] == {"step": "agreements"}
    shown = texts(card)
    assert "Stichting De Linde" in shown
    assert any(opt_out in text for text in shown)
    assert any("02-11-2026" in text or "02 Nov 2026" in text for text in shown)


def test_a_board_without_a_name_yet_gets_no_empty_line(content: Content) -> None:
    card = reminder_cards(content, "nl", "")["reminder (unnamed board, last day)"]
    assert "" not in texts(card)
    assert "Nog 1 dag tot de streefdatum (01-08-2027)." in texts(card)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_digest_shows_the_numbers_and_the_longest_stalled(content: Content, locale: str) -> None:
    cards = reminder_cards(content, locale, "Stichting De Linde")
    shown = texts(cards["weekly_digest"])
    stalled_lines = [text for text in shown if text.startswith("Stichting De Linde (4123")]
    assert len(stalled_lines) == 5
    if locale == "nl":
        assert "40 besturen, waarvan 7 met alle vijf stappen klaar" in shown
        assert "12 besturen zonder voortgang in 14 dagen of langer" in shown
        assert "Nog 241 dagen tot de streefdatum (01-08-2027)" in shown
        assert any(text.startswith("3 berichten van de bot konden niet") for text in shown)
        assert "Alle berichten van de bot zijn bezorgd." in texts(
            cards["weekly_digest (unnamed, nothing failed)"]
        )
        assert any(
            "(naam nog niet bekend)" in t for t in texts(cards["weekly_digest (unnamed, nothing failed)"])
        )
    else:
        assert "40 boards, 7 of them with all five steps done" in shown
        assert any(text.startswith("3 messages from the bot could not") for text in shown)
