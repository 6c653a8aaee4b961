"""What step 4's cards show and carry, whatever a name or address holds."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from bot.content import Content
from bot.onboarding.models import Audience
from dialogs.alert_cards import MAILTO_LIMIT, email_card, mailto_link, staff_text
from tests.cards.alert_cards import HOSTILE_EMAIL, HOSTILE_NAME, alert_cards, board
from tests.cards.test_cards import INJECTED, LOCALES, LONG, elements, strings


@pytest.mark.parametrize("locale", LOCALES)
def test_names_come_back_unchanged_and_never_as_templates(content: Content, locale: str) -> None:
    for label, card in alert_cards(content, locale, HOSTILE_NAME).items():
        found = list(strings(card))
        if label not in ("alert_picker (team, roster unreadable)", "alert_email (unnamed board)"):
            assert any(HOSTILE_NAME in s for s in found), f"{label}: the name did not come back unchanged"
        assert not any(INJECTED in s and HOSTILE_NAME not in s for s in found), label
        assert json.loads(json.dumps(card)) == card


@pytest.mark.parametrize("locale", LOCALES)
def test_the_picker_offers_the_roster_and_keeps_what_was_filled_in(content: Content, locale: str) -> None:
    card = alert_cards(content, locale, HOSTILE_NAME)["alert_picker (team)"]
    [people] = elements(card, "Input.ChoiceSet")
    assert people["id"] == "people" and people["isMultiSelect"] is True
    assert [c["value"] for c in people["choices"]] == ["29:0", "29:1", "29:2"]
    assert people["value"] == "29:1,29:2"
    fields = {e["id"]: e["value"] for e in elements(card, "Input.Text")}
    assert fields == {"name": HOSTILE_NAME, "email": "not an address"}
    personal = alert_cards(content, locale, HOSTILE_NAME)["alert_picker (personal)"]
    assert not elements(personal, "Input.ChoiceSet")


def test_the_colleagues_message_is_dutch_and_its_button_names_the_alert(content: Content) -> None:
    card = alert_cards(content, "en", "Stichting De Linde")["alert_staff"]
    texts = [block["text"] for block in elements(card, "TextBlock")]
    assert "Bericht van Stichting De Linde" in texts
    assert any("Wat verandert er in uw werk?" in text for text in texts)
    [button] = card["actions"]
    assert (button["type"], button["title"], button["verb"]) == ("Action.Execute", "Gelezen", "alert.read")
    assert button["data"] == {"boardId": "board-a", "person": "key-1", "audience": "administration"}
    read = alert_cards(content, "nl", "Stichting De Linde")["alert_staff (read)"]
    assert read["actions"] == []


@pytest.mark.parametrize("locale", LOCALES)
def test_the_mail_link_carries_the_template_text_encoded(content: Content, locale: str) -> None:
    card = email_card(content, locale, board(HOSTILE_NAME), Audience.ICT, HOSTILE_NAME, HOSTILE_EMAIL)
    [action] = elements(card, "Action.OpenUrl")
    url = urlsplit(action["url"])
    assert (url.scheme, unquote(url.path)) == ("mailto", HOSTILE_EMAIL)
    body = staff_text(content, locale, board(HOSTILE_NAME), Audience.ICT, HOSTILE_NAME)
    assert parse_qs(url.query)["body"] == [body]
    assert len(action["url"]) <= MAILTO_LIMIT


def test_a_long_mail_is_shortened_under_the_limit_and_says_so() -> None:
    url, shortened = mailto_link("piet@school.nl", "Onderwerp", LONG + "\n" + LONG)
    assert shortened and len(url) <= MAILTO_LIMIT
    body = parse_qs(urlsplit(url).query)["body"][0]
    assert body.endswith(" …") and (LONG + "\n" + LONG).startswith(body[:-2])
    assert mailto_link("piet@school.nl", "Onderwerp", "Kort.") == (
        "mailto:piet@school.nl?subject=Onderwerp&body=Kort.",
        False,
    )
