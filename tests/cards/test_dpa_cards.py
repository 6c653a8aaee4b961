"""What a board reads on the review card, whatever the supplier's text holds, and that Teams reads it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.content import Content
from tests.cards.dpa_cards import HOSTILE_QUOTE, dpa_cards
from tests.cards.reminder_cards import HOSTILE_LONG
from tests.cards.test_cards import INJECTED, LOCALES, strings


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("text", [HOSTILE_QUOTE, HOSTILE_LONG[:200]])
def test_what_the_document_says_comes_back_unchanged(content: Content, locale: str, text: str) -> None:
    card = dpa_cards(content, locale, text)["dpa_review"]
    found = list(strings(card))
    assert any(text in s for s in found), "the quote did not come back unchanged"
    assert not any(INJECTED in s and text not in s for s in found)


def test_points_to_resolve_come_first_high_risk_first_and_the_rest_behind_a_button(content: Content) -> None:
    card = dpa_cards(content, "nl", "")["dpa_review"]
    body = json.dumps(card["body"], ensure_ascii=False)
    assert "geen juridisch advies" in body
    titles = [b["text"] for b in _containers(card["body"])]
    assert titles[0] == "Partijen: wijkt af · risico hoog"
    assert all("aanwezig" not in t for t in titles), "what is in order is not among the first points"
    assert [a["title"] for a in card["actions"]] == ["Mail voor de leverancier", "Bekijk alle punten"]
    more = json.dumps(card["actions"][1]["card"], ensure_ascii=False)
    assert "aanwezig" in more


def test_nothing_to_resolve_says_so(content: Content) -> None:
    card = dpa_cards(content, "en", "")["dpa_review (all present)"]
    assert "Every part of the model is there" in json.dumps(card, ensure_ascii=False)


def _containers(body: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [c["items"][0] for c in body if c.get("type") == "Container" and c.get("separator")]
