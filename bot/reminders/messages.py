"""The reminder and the weekly digest as the outbox stores them: Bot Framework activities as JSON."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from bot.cards import render_card
from bot.content import Content
from bot.coordination.models import BoardRow
from bot.coordination.service import Overview
from bot.onboarding.models import STEP_ORDER, StepId, StepStatus
from bot.reminders.policy import local_date
from dialogs.views import format_date, step_view

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
DEFAULT_LOCALE = "nl"


def locale_of_reference(reference: dict[str, Any] | None) -> str:
    """The person's language where their stored reference tells it; Dutch otherwise."""
    locale = reference.get("locale") if reference else None
    return "en" if isinstance(locale, str) and locale.lower().startswith("en") else DEFAULT_LOCALE


def card_message(card: Any) -> dict[str, Any]:
    return {"type": "message", "attachments": [{"contentType": ADAPTIVE_CARD, "content": card}]}


def reminder_card(
    content: Content,
    locale: str,
    board_name: str,
    step: StepId,
    since: datetime,
    days_left: int,
    target: date,
) -> Any:
    return render_card(
        content,
        "reminder",
        locale,
        board=board_name or None,
        step=step_view(content, locale, step),
        since=format_date(local_date(since), locale),
        days_left=days_left,
        target=format_date(target, locale),
    )


def _stuck_at(row: BoardRow) -> StepId:
    return next((step for step in STEP_ORDER if row.statuses.get(step) != StepStatus.DONE), STEP_ORDER[-1])


def stalled_line(content: Content, locale: str, row: BoardRow) -> str:
    return content.text(
        locale,
        "reminders.digest.stalled_line",
        name=row.name or content.text(locale, "reminders.digest.unnamed"),
        value=row.bg_number,
        when=format_date(local_date(row.progress_at), locale),
        step=step_view(content, locale, _stuck_at(row)),
    )


def digest_card(content: Content, locale: str, overview: Overview, failed: int) -> Any:
    return render_card(
        content,
        "weekly_digest",
        locale,
        boards=overview.summary.boards,
        done=overview.summary.done,
        stalled=overview.summary.stalled,
        stalled_days=overview.stalled_days,
        lines=[stalled_line(content, locale, row) for row in overview.stalled],
        days_left=overview.days_left,
        target=format_date(overview.target, locale),
        failed=failed,
    )
