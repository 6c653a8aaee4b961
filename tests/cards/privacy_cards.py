"""The privacy cards, rendered with sample data and with hostile data, for test_cards.py."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.cards import render_card
from bot.content import Content
from bot.privacy.models import (
    AlertKept,
    EventsDone,
    Membership,
    PersonalData,
    ReachKept,
    TicketKept,
)
from dialogs.privacy import board_title, data_sections
from tests.cards.coordination_cards import NASTY_NAME
from tests.cards.reminder_cards import HOSTILE_LONG

CARDS = frozenset({"privacy_data", "privacy_erase", "privacy_export", "privacy_board_delete"})
AT = datetime(2026, 11, 23, 9, 15, tzinfo=UTC)
URL = "https://wegwijzer.example/privacy/export?token=eyJjIjoi.abc"


def kept(text: str) -> PersonalData:
    """Everything the bot can keep about a person; TEXT in every value a person typed."""
    return PersonalData(
        memberships=[Membership("b1", "41234", text, AT, bestuurder=True, stamps=3)],
        events=EventsDone(12, AT, "school.added", (text, "Anne de Vries")),
        tickets=[TicketKept(AT, text, True, None), TicketKept(AT, text, False, AT)],
        reach=ReachKept(has_reference=True, reachable=True, reminders=False),
        alerts=[AlertKept(text, text, "ict", AT, AT), AlertKept(text, text, "administration", AT, None)],
        conversation_state=True,
    )


def privacy_cards(content: Content, locale: str, text: str) -> dict[str, Any]:
    title = board_title(text, "41234")
    return {
        "privacy_data": render_card(
            content, "privacy_data", locale, sections=data_sections(content, locale, kept(text))
        ),
        "privacy_data (nothing kept)": render_card(
            content, "privacy_data", locale, sections=data_sections(content, locale, PersonalData())
        ),
        "privacy_erase": render_card(content, "privacy_erase", locale),
        "privacy_export": render_card(content, "privacy_export", locale, board=title, url=URL, minutes=10),
        "privacy_board_delete": render_card(
            content, "privacy_board_delete", locale, board=title, number="41234", board_id=text
        ),
    }


def hostile_raw_privacy_cards(content: Content, locale: str, text: str) -> dict[str, Any]:
    """The templates given hostile text in every variable, not only in what the dialog passes on."""
    return {
        "hostile privacy_data": render_card(
            content, "privacy_data", locale, sections=[{"title": text, "lines": [text, text]}]
        ),
        "hostile privacy_export": render_card(
            content, "privacy_export", locale, board=text, url=URL, minutes=text
        ),
        "hostile privacy_board_delete": render_card(
            content, "privacy_board_delete", locale, board=text, number=text, board_id=text
        ),
    }


def all_privacy_cards(content: Content, locale: str) -> dict[str, Any]:
    """Sample and hostile, labelled, for the check by Microsoft's library."""
    shown = privacy_cards(content, locale, "Stichting De Linde")
    for text in (NASTY_NAME, HOSTILE_LONG):
        hostile = privacy_cards(content, locale, text) | hostile_raw_privacy_cards(content, locale, text)
        shown |= {f"hostile {name} ({text[:12]!r})": card for name, card in hostile.items()}
    return shown
