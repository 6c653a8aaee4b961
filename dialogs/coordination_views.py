"""The cards coordinators see: every board's progress, one board in detail, roles, links and tokens."""

from __future__ import annotations

from typing import Any

from bot.cards import render_card
from bot.content import Content
from bot.coordination.models import ApiToken, BoardRow
from bot.coordination.service import Overview
from bot.onboarding.models import STEP_ORDER, Board, Event, StepStatus
from dialogs.history import history_lines
from dialogs.overview import steps_overview
from dialogs.views import format_date, format_when, step_view

OTHER_LAS = "other"  # what a school records for a system that is not listed; its boards wait on Edu-K
ALL_SUPPLIERS = "all"  # the filter's choice for no filter
BOARD_EVENTS = 10


def supplier_choices(content: Content, locale: str) -> list[dict[str, str]]:
    """The LAS suppliers a coordinator can filter on, as content lists them, and "another system"."""
    listed = [{"title": s.name, "value": s.id} for s in content.suppliers.suppliers]
    return [*listed, {"title": content.text(locale, "option.other_las"), "value": OTHER_LAS}]


def known_supplier(content: Content, supplier: str) -> bool:
    return supplier == OTHER_LAS or any(s.id == supplier for s in content.suppliers.suppliers)


def supplier_title(content: Content, locale: str, supplier: str | None) -> str:
    for choice in supplier_choices(content, locale):
        if choice["value"] == supplier:
            return choice["title"]
    return content.text(locale, "coordination.overview.all_suppliers")


def _current_step(content: Content, locale: str, row: BoardRow) -> dict[str, Any] | None:
    """The first step of the board that is not done: where it is stuck."""
    for step in STEP_ORDER:
        if row.statuses.get(step) != StepStatus.DONE:
            return step_view(content, locale, step)
    return None


def _row_line(content: Content, locale: str, row: BoardRow) -> str:
    return content.text(
        locale,
        "coordination.overview.stalled_line",
        name=row.name or content.text(locale, "coordination.unnamed"),
        value=row.bg_number,
        when=format_date(row.progress_at.date(), locale),
        step=_current_step(content, locale, row),
    )


def _board_title(content: Content, locale: str, row: BoardRow) -> str:
    name = row.name or content.text(locale, "coordination.unnamed")
    return content.text(locale, "coordination.board_choice", name=name, value=row.bg_number)


def overview_card(
    content: Content, locale: str, overview: Overview, supplier: str | None, boards: list[BoardRow]
) -> Any:
    """Counts per step, the stalled boards, the days left; a supplier filter and a board drill-down."""
    t = content.translator(locale)
    summary = overview.summary
    steps = [
        step_view(content, locale, step)
        | {"counts": [summary.per_step[step].get(status, 0) for status in _COLUMNS]}
        for step in STEP_ORDER
    ]
    hidden = max(0, summary.stalled - len(overview.stalled))
    return render_card(
        content,
        "coordination_overview",
        locale,
        filtered=supplier_title(content, locale, supplier),
        totals=t("coordination.overview.totals", count=summary.boards, value=summary.done),
        days_left=t(
            "coordination.overview.days_left",
            count=overview.days_left,
            when=format_date(overview.target, locale),
        ),
        columns=[t(f"coordination.column.{status.value}") for status in _COLUMNS],
        steps=steps,
        stalled_title=t(
            "coordination.overview.stalled_title", count=summary.stalled, value=overview.stalled_days
        ),
        stalled=[_row_line(content, locale, row) for row in overview.stalled],
        stalled_more=t("coordination.overview.stalled_more", count=hidden) if hidden else None,
        suppliers=supplier_choices(content, locale),
        supplier=supplier or ALL_SUPPLIERS,
        boards=[{"title": _board_title(content, locale, row), "value": row.id} for row in boards],
    )


_COLUMNS = (StepStatus.DONE, StepStatus.IN_PROGRESS, StepStatus.WAITING, StepStatus.OPEN)


def board_card(
    content: Content, locale: str, board: Board, row: BoardRow, events: list[Event], supplier: str | None
) -> Any:
    """One board as a coordinator sees it: its checklist per step and its latest events."""
    t = content.translator(locale)
    suppliers = ", ".join(supplier_title(content, locale, s) for s in row.suppliers)
    chronological = list(reversed(events[:BOARD_EVENTS]))  # the store gives the newest first
    return render_card(
        content,
        "coordination_board",
        locale,
        board={"name": board.name or t("coordination.unnamed"), "bg_number": board.bg_number},
        facts=[
            {"title": t("coordination.board.last_progress"), "value": format_when(row.progress_at, locale)},
            {"title": t("coordination.board.suppliers"), "value": suppliers or "–"},
        ],
        steps=steps_overview(content, locale, board, with_lines=True),
        events=history_lines(content, locale, board, chronological),
        supplier=supplier or ALL_SUPPLIERS,
    )


def problem_card(content: Content, locale: str, text_key: str, supplier: str | None = None) -> Any:
    """A stale or unknown value on a clicked card: says what is wrong, and the way back."""
    t = content.translator(locale)
    return render_card(
        content,
        "coordination_problem",
        locale,
        title=t("coordination.problem_title"),
        text=t(text_key),
        supplier=supplier or ALL_SUPPLIERS,
    )


def coordinators_card(
    content: Content, locale: str, configured: frozenset[str], added: frozenset[str]
) -> Any:
    t = content.translator(locale)
    lines = [t("coordination.list.configured", value=i) for i in sorted(configured)]
    lines += [t("coordination.list.added", value=i) for i in sorted(added - configured)]
    return render_card(content, "coordinators", locale, lines=lines)


def dashboard_card(content: Content, locale: str, url: str, minutes: int) -> Any:
    return render_card(content, "dashboard_link", locale, url=url, minutes=minutes)


def token_created_card(content: Content, locale: str, token: ApiToken, secret: str, api_url: str) -> Any:
    return render_card(
        content,
        "api_token",
        locale,
        token_id=token.id,
        label=token.label,
        secret=secret,
        api_url=api_url,
    )


def tokens_card(content: Content, locale: str, tokens: list[ApiToken]) -> Any:
    t = content.translator(locale)
    rows = [
        {
            "title": token.id,
            "value": t(
                "coordination.tokens.revoked" if token.revoked_at else "coordination.tokens.active",
                name=token.label,
                when=format_when(token.created_at, locale),
            ),
        }
        for token in tokens
    ]
    return render_card(content, "api_tokens", locale, rows=rows)
