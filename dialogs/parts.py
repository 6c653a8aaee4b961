"""Card parts a question can show under its prompt (`body:` in journey.yaml), with their data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.cards import render_card, render_text_template
from bot.content import Content
from bot.onboarding.models import Agreement, Board, School
from dialogs.views import (
    board_view,
    mailto_link,
    school_view,
    supplier_for_school,
    supplier_view,
)


@dataclass(frozen=True)
class PartContext:
    content: Content
    locale: str
    board: Board | None
    school: School | None
    agreement: Agreement | None


PartData = Callable[[PartContext], dict[str, Any]]


def _supplier_contact(ctx: PartContext) -> dict[str, Any]:
    supplier = supplier_for_school(ctx.content, ctx.school)
    mailto = None
    if supplier and ctx.board and ctx.school:
        mailto = mailto_link(ctx.content, ctx.locale, ctx.board, ctx.school, supplier)
    return {
        "supplier": supplier_view(ctx.content, ctx.locale, supplier),
        "school": school_view(ctx.school),
        "mailto": mailto,
    }


def _board_suppliers(ctx: PartContext) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for school in ctx.board.schools if ctx.board else []:
        supplier = supplier_for_school(ctx.content, school)
        view = supplier_view(ctx.content, ctx.locale, supplier)
        if view and view["info_url"] and view["id"] not in seen:
            seen[view["id"]] = view
    return list(seen.values())


def _alert_message(ctx: PartContext) -> dict[str, Any]:
    names = [s["name"] for s in _board_suppliers(ctx)]
    message = render_text_template(
        ctx.content, "alert_message", ctx.locale, board=board_view(ctx.board), suppliers=names
    )
    return {"message": message}


PARTS: dict[str, PartData] = {
    "supplier_contact": _supplier_contact,
    "agreement_explainer": lambda ctx: {},
    "alert_message": _alert_message,
    "more_info_links": lambda ctx: {"suppliers": _board_suppliers(ctx)},
    "dpa_review_offer": lambda ctx: {"agreement_id": ctx.agreement.id if ctx.agreement else ""},
}


def render_part(name: str, ctx: PartContext) -> list[Any]:
    elements = render_card(ctx.content, name, ctx.locale, **PARTS[name](ctx))
    return elements if isinstance(elements, list) else [elements]
