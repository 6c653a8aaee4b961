"""The reminder and the weekly digest, rendered with sample data and with hostile data, for test_cards.py."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from bot.cards import render_card
from bot.content import Content
from bot.coordination.models import BoardRow, Summary
from bot.coordination.service import Overview
from bot.onboarding.models import STEP_ORDER, StepId, StepStatus
from bot.reminders.messages import digest_card, reminder_card
from tests.cards.coordination_cards import NASTY_NAME

CARDS = frozenset({"reminder", "weekly_digest"})
SINCE = datetime(2026, 11, 2, 9, 15, tzinfo=UTC)
TARGET = date(2027, 8, 1)


def _row(name: str, number: int) -> BoardRow:
    statuses = {step: StepStatus.OPEN for step in STEP_ORDER}
    statuses[StepId.NUMMERVOORZIENING] = StepStatus.DONE
    return BoardRow(
        id=f"b{number}",
        tenant_id="tenant-a",
        bg_number=f"{41230 + number}",
        name=name,
        statuses=statuses,
        progress_at=SINCE,
        updated_at=SINCE,
        suppliers=("esis",),
    )


def _overview(rows: list[BoardRow], stalled: int, days_left: int) -> Overview:
    per_step = {step: dict.fromkeys(StepStatus, 1) for step in STEP_ORDER}
    return Overview(
        summary=Summary(boards=40, per_step=per_step, stalled=stalled, done=7),
        stalled=rows,
        stalled_days=14,
        target=TARGET,
        days_left=days_left,
    )


def reminder_cards(content: Content, locale: str, text: str) -> dict[str, Any]:
    """Each card in each of its states; TEXT goes into every value a person typed (a board's name)."""
    rows = [_row(text, i) for i in range(5)]
    return {
        "reminder": reminder_card(content, locale, text, StepId.AGREEMENTS, SINCE, 241, TARGET),
        "reminder (unnamed board, last day)": reminder_card(
            content, locale, "", StepId.NUMMERVOORZIENING, SINCE, 1, TARGET
        ),
        "weekly_digest": digest_card(content, locale, _overview(rows, 12, 241), 3),
        "weekly_digest (unnamed, nothing failed)": digest_card(
            content, locale, _overview([_row("", 9)], 1, 1), 0
        ),
        "weekly_digest (nothing stalled)": digest_card(content, locale, _overview([], 0, 0), 1),
    }


def hostile_raw_reminder_cards(content: Content, locale: str, text: str) -> dict[str, Any]:
    """The templates given hostile text in every variable, not only in what the views pass on."""
    step = {"id": text, "number": text, "title": text}
    return {
        "hostile reminder": render_card(
            content, "reminder", locale, board=text, step=step, since=text, days_left=3, target=text
        ),
        "hostile weekly_digest": render_card(
            content,
            "weekly_digest",
            locale,
            boards=2,
            done=1,
            stalled=1,
            stalled_days=14,
            lines=[text, text],
            days_left=3,
            target=text,
            failed=1,
        ),
    }


def all_reminder_cards(content: Content, locale: str) -> dict[str, Any]:
    """Sample and hostile, labelled, for the check by Microsoft's library in test_cards.py."""
    shown = reminder_cards(content, locale, "Stichting De Linde")
    for text in (NASTY_NAME, HOSTILE_LONG):
        hostile = reminder_cards(content, locale, text) | hostile_raw_reminder_cards(content, locale, text)
        shown |= {f"hostile {name} ({text[:12]!r})": card for name, card in hostile.items()}
    return shown


HOSTILE_LONG = ('Stichting ‘t Kompas "quoted" \\ </script> {{ 7*7 }} 🎒 مدرسة ' * 30)[:1500]
