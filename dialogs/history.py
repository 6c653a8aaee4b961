"""The board's history: its event log in words, newest first, as the board itself may read it."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.cards import render_card
from bot.content import Content
from bot.onboarding.models import Board, Event, StepId
from dialogs.views import board_view, format_date, format_when, person_name, step_view

_SHOWN = 15


def event_variables(content: Content, locale: str, board: Board, event: Event) -> dict[str, Any]:
    t = content.translator(locale)
    data = event.data
    agreement = board.agreement(str(data.get("agreement", "")))
    supplier = content.suppliers.by_id(str(data.get("las", "")))
    value: Any = None
    if event.kind == "board.created":
        value = data.get("bg_number")
    elif event.kind in ("step1.registration", "step5.info_read"):
        value = data.get("registered", data.get("read"))
    elif event.kind == "step1.registration_date" and data.get("on"):
        value = format_date(date.fromisoformat(str(data["on"])), locale)
    elif event.kind == "step2.supplier_told":
        value = data.get("told")
    elif event.kind == "step3.state":
        value = t(f"agreement_state.{data.get('state')}")
    elif event.kind == "step3.signer":
        value = t(f"signer.{data.get('signer')}")
    elif event.kind == "step3.reviewed":
        value = data.get("to_resolve")
    elif event.kind == "step3.covenant":
        value = t(f"covenant.{data.get('status')}")
    elif event.kind == "step4.alerted":
        value = t(f"checklist.{data.get('audience')}")
    elif event.kind == "step.status":
        value = t(f"status.{data.get('to')}")
    step = None
    if event.kind == "step.status" and data.get("step") in {s.value for s in StepId}:
        step = step_view(content, locale, StepId(str(data["step"])))
    return {
        "value": value,
        "school": {"brin": data.get("brin", "")},
        "agreement": {"supplier_name": agreement.supplier_name if agreement else "?"},
        "supplier": {"name": supplier.name if supplier else content.text(locale, "option.other_las")},
        "step": step,
    }


def history_lines(content: Content, locale: str, board: Board, events: list[Event]) -> list[str]:
    lines = []
    for event in reversed(events[-_SHOWN:]):
        key = f"history.{event.kind}"
        if key not in content.messages.get(locale, content.messages["nl"]) and locale != "qa":
            continue  # an event kind this version does not describe (yet): leave it out
        what = content.text(locale, key, **event_variables(content, locale, board, event))
        when = format_when(event.at, locale)
        lines.append(
            content.text(
                locale,
                "history.line",
                when=when,
                who=person_name(content, locale, event.actor_name),
                value=what,
            )
        )
    return lines


def history_card(content: Content, locale: str, board: Board, events: list[Event]) -> Any:
    return render_card(
        content,
        "history",
        locale,
        board=board_view(board),
        lines=history_lines(content, locale, board, events),
    )
