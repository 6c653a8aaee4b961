"""The coordinators' cards, rendered with sample data and with hostile data, for test_cards.py."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from bot.cards import render_card
from bot.content import Content
from bot.coordination.models import ApiToken, BoardRow, Summary
from bot.coordination.service import Overview
from bot.onboarding.models import STEP_ORDER, Board, Event, StepId, StepStatus
from dialogs.coordination_views import (
    board_card,
    coordinators_card,
    dashboard_card,
    overview_card,
    problem_card,
    token_created_card,
    tokens_card,
)

CARDS = frozenset(
    {
        "coordination_overview",
        "coordination_board",
        "coordination_problem",
        "coordinators",
        "dashboard_link",
        "api_token",
        "api_tokens",
    }
)
AT = datetime(2026, 10, 1, 8, 30, tzinfo=UTC)
# What a board's name may hold: quotes, a closing script tag, emoji, template syntax.
NASTY_NAME = 'Stichting "De Linde" </script><script>alert(1)</script> 🎒👩🏽‍🏫 {{ 7*7 }} \\ n'


def row(name: str, bg_number: str = "41234", board_id: str = "board-a") -> BoardRow:
    statuses = {step: StepStatus.OPEN for step in STEP_ORDER}
    statuses[StepId.NUMMERVOORZIENING] = StepStatus.DONE
    return BoardRow(
        id=board_id,
        tenant_id="tenant-a",
        bg_number=bg_number,
        name=name,
        statuses=statuses,
        progress_at=AT,
        updated_at=AT,
        suppliers=("esis", "other"),
    )


def overview(rows: list[BoardRow], stalled: int) -> Overview:
    per_step = {
        step: {StepStatus.DONE: 3, StepStatus.IN_PROGRESS: 2, StepStatus.WAITING: 1, StepStatus.OPEN: 4}
        for step in STEP_ORDER
    }
    return Overview(
        summary=Summary(boards=10, per_step=per_step, stalled=stalled, done=3),
        stalled=rows,
        stalled_days=14,
        target=date(2027, 8, 1),
        days_left=245,
    )


def token(label: str, revoked: bool) -> ApiToken:
    return ApiToken(
        id="1a2b3c4d", label=label, created_by="x", created_at=AT, revoked_at=AT if revoked else None
    )


def events(board: Board, actor: str) -> list[Event]:
    kinds: list[tuple[str, dict[str, object]]] = [
        ("board.created", {"bg_number": board.bg_number}),
        ("step2.las", {"brin": "01AB", "las": "esis"}),
        ("step.status", {"step": "las", "from": "open", "to": "in_progress"}),
    ]
    return [
        Event(board_id=board.id, at=AT, actor_key="k", actor_name=actor, kind=kind, data=data)
        for kind, data in reversed(kinds)  # newest first, as the store gives them
    ]


def coordination_cards(content: Content, locale: str, board: Board, text: str) -> dict[str, Any]:
    """Every coordinator card in each of its states; `text` goes into every value a person typed."""
    rows = [row(text, board_id=f"b{i}") for i in range(10)]
    return {
        "coordination_overview": overview_card(content, locale, overview(rows, 12), None, rows),
        "coordination_overview (filtered, nothing stalled, no boards)": overview_card(
            content, locale, overview([], 0), "parnassys", []
        ),
        "coordination_board": board_card(content, locale, board, row(text), events(board, text), "esis"),
        "coordination_board (no events)": board_card(content, locale, board, row(text), [], None),
        "coordination_problem": problem_card(content, locale, "coordination.unknown_board", "esis"),
        "coordinators": coordinators_card(
            content, locale, frozenset({"0f8fad5b-d9cb-469f-a165-70867728950e"}), frozenset({text})
        ),
        "coordinators (none)": coordinators_card(content, locale, frozenset(), frozenset()),
        "dashboard_link": dashboard_card(
            content, locale, "https://eckbot.example.org/dashboard/login?token=abc.def", 10
        ),
        "api_token": token_created_card(
            content,
            locale,
            token(text, False),
            "eckbot_" + "x" * 43,
            "https://eckbot.example.org/api/v1/boards",
        ),
        "api_tokens": tokens_card(content, locale, [token(text, False), token("rapportage", True)]),
        "api_tokens (none)": tokens_card(content, locale, []),
    }


def hostile_raw_cards(content: Content, locale: str, text: str) -> dict[str, Any]:
    """Templates given hostile text in every variable, not only in what the views pass on."""
    return {
        "hostile coordination_problem": render_card(
            content, "coordination_problem", locale, title=text, text=text, supplier=text
        ),
        "hostile dashboard_link": render_card(
            content, "dashboard_link", locale, url="https://example.org/?a=%22x%22&b=1", minutes=1
        ),
    }
