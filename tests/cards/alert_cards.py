"""Step 4's cards (the picker, the colleague's message, the prepared e-mail) with sample and hostile data."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.content import Content
from bot.onboarding.models import Audience, Board, School, Stamp
from dialogs.alert_cards import email_card, picker_part, staff_card
from dialogs.inputs import UserInput
from dialogs.roster import Colleague

CARDS = frozenset({"alert_picker", "alert_staff", "alert_email"})
STAMP = Stamp(at=datetime(2026, 11, 23, 9, 15, tzinfo=UTC), by="Anne de Vries")
# What a colleague's name in Teams may hold.
HOSTILE_NAME = 'Piet "PJ" O\'Brien </script><script>alert(1)</script> 🎒👩🏽‍🏫 {{ 7*7 }} \\ n\nregel twee'
HOSTILE_EMAIL = "o'brien+ict@school-de-linde.nl"


def board(name: str) -> Board:
    return Board(
        id="board-a",
        tenant_id="tenant-a",
        bg_number="41234",
        name=name,
        schools=[School(brin="01AB", name=name, las="esis", added=STAMP)],
        created=STAMP,
    )


def wrap(parts: list[Any]) -> dict[str, Any]:
    return {"type": "AdaptiveCard", "version": "1.5", "body": parts}


def alert_cards(content: Content, locale: str, name: str) -> dict[str, Any]:
    """Each card in each of its states; NAME goes into every value a person typed or Teams gave."""
    people = [Colleague(f"29:{i}", name if i else "Anne", f"key-{i}") for i in range(3)]
    many = [Colleague(f"29:m{i}", f"{name} {i}", f"m-{i}") for i in range(12)]
    filled = UserInput(data={"people": "29:1,29:2", "name": name, "email": "not an address"}, from_card=True)
    the_board = board(name)
    return {
        "alert_picker (team)": wrap(picker_part(content, locale, True, people, filled)),
        "alert_picker (team, many)": wrap(picker_part(content, locale, True, many, None)),
        "alert_picker (team, roster unreadable)": wrap(picker_part(content, locale, True, None, None)),
        "alert_picker (personal)": wrap(picker_part(content, locale, False, None, filled)),
        "alert_staff": staff_card(content, the_board, "key-1", Audience.ADMINISTRATION),
        "alert_staff (read)": staff_card(content, the_board, "key-1", Audience.ICT, read=f"✔ {name}"),
        "alert_email": email_card(content, locale, the_board, Audience.ICT, name, HOSTILE_EMAIL),
        "alert_email (unnamed board)": email_card(
            content, locale, board(""), Audience.ADMINISTRATION, "Piet", "piet@school.nl"
        ),
    }


def all_alert_cards(content: Content, locale: str) -> dict[str, Any]:
    sample = alert_cards(content, locale, "Stichting De Linde")
    hostile = alert_cards(content, locale, HOSTILE_NAME)
    return sample | {f"hostile {label}": card for label, card in hostile.items()}
