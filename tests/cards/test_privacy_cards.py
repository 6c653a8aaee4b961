"""What a person reads on the privacy cards, whatever a name or question holds, and that Teams reads them."""

from __future__ import annotations

import pytest

from bot.content import Content
from tests.cards.coordination_cards import NASTY_NAME
from tests.cards.privacy_cards import privacy_cards
from tests.cards.reminder_cards import HOSTILE_LONG
from tests.cards.test_cards import INJECTED, LOCALES, elements, strings


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("text", [NASTY_NAME, HOSTILE_LONG])
def test_what_a_person_typed_comes_back_unchanged(content: Content, locale: str, text: str) -> None:
    cards = privacy_cards(content, locale, text)
    for label in ("privacy_data", "privacy_export", "privacy_board_delete"):
        found = list(strings(cards[label]))
        assert any(text in s for s in found), f"{label}: the text did not come back unchanged"
        assert not any(INJECTED in s and text not in s for s in found), label


@pytest.mark.parametrize(
    ("locale", "erase", "yes", "no"),
    [
        ("nl", "Verwijder mijn gegevens", "Ja, verwijder", "Nee"),
        ("en", "Delete my data", "Yes, delete", "No"),
    ],
)
def test_erasing_is_offered_and_confirmed_with_two_buttons(
    content: Content, locale: str, erase: str, yes: str, no: str
) -> None:
    cards = privacy_cards(content, locale, "Stichting De Linde")
    assert [a["title"] for a in cards["privacy_data"]["actions"]] == [erase]
    assert "actions" not in cards["privacy_data (nothing kept)"]
    assert [(a["title"], a["verb"]) for a in cards["privacy_erase"]["actions"]] == [
        (yes, "privacy.erase.confirm"),
        (no, "privacy.erase.cancel"),
    ]


def test_deleting_a_board_asks_for_its_number(content: Content) -> None:
    card = privacy_cards(content, "nl", "Stichting De Linde")["privacy_board_delete"]
    [typed] = elements(card, "Input.Text")
    assert typed["id"] == "text" and typed["isRequired"] is True and "(41234)" in typed["label"]
