"""Turns domain objects into the plain data that texts and card templates show."""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from bot.cards import render_text_template
from bot.content import Content
from bot.content_models import Supplier
from bot.onboarding.models import STEP_ORDER, Agreement, Board, School, StepId
from bot.privacy.pseudonyms import ERASED_NAME_TEXT_KEY

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
STEP_COUNT = len(STEP_ORDER)


def person_name(content: Content, locale: str, name: str) -> str:
    """A recorded name; someone erased, or aged out (an empty name), as the text erased.person."""
    return name or content.text(locale, ERASED_NAME_TEXT_KEY)


@functools.lru_cache(maxsize=4096)  # a checklist card shows the same few moments on every turn
def format_when(moment: datetime, locale: str) -> str:
    local = moment.astimezone(AMSTERDAM)
    return local.strftime("%d-%m-%Y %H:%M") if locale != "en" else local.strftime("%d %b %Y %H:%M")


def format_date(day: date, locale: str) -> str:
    return day.strftime("%d-%m-%Y") if locale != "en" else day.strftime("%d %b %Y")


def board_view(board: Board | None) -> dict[str, Any] | None:
    if board is None:
        return None
    return {"name": board.name, "bg_number": board.bg_number}


def school_view(school: School | None) -> dict[str, Any] | None:
    if school is None:
        return None
    return {
        "brin": school.brin,
        "name": school.name,
        "contact_role": school.contact_role,
        "las": school.las,
    }


def agreement_view(agreement: Agreement | None) -> dict[str, Any] | None:
    if agreement is None:
        return None
    return {
        "id": agreement.id,
        "supplier_name": agreement.supplier_name,
        "state": agreement.state.value,
        "kind": agreement.kind.value,
    }


def supplier_view(content: Content, locale: str, supplier: Supplier | None) -> dict[str, Any] | None:
    if supplier is None:
        return None
    return {
        "id": supplier.id,
        "name": supplier.name,
        "email": supplier.email,
        "phone": supplier.phone,
        "web": str(supplier.web) if supplier.web else None,
        "info_url": str(supplier.info_url) if supplier.info_url else None,
        "notes": content.text(locale, supplier.notes) if supplier.notes else None,
        "source_date": supplier.source_date,
        "last_checked": format_date(supplier.last_checked, locale),
    }


def supplier_for_school(content: Content, school: School | None) -> Supplier | None:
    if school is None or not school.las:
        return None
    if school.las == "other":
        return content.suppliers.fallback
    return content.suppliers.by_id(school.las)


@functools.lru_cache(maxsize=256)  # content never changes while the process runs; nearly every card has one
def step_title(content: Content, locale: str, step: StepId) -> str:
    declared = content.journey.step(step.value)
    return content.text(locale, declared.title) if declared else step.value


def step_view(content: Content, locale: str, step: StepId) -> dict[str, Any]:
    return {
        "id": step.value,
        "number": STEP_ORDER.index(step) + 1,
        "title": step_title(content, locale, step),
    }


@functools.lru_cache(maxsize=256)
def step_heading(content: Content, locale: str, step: StepId) -> str:
    return content.text(locale, "step.heading", step=step_view(content, locale, step), count=STEP_COUNT)


def mailto_link(
    content: Content, locale: str, board: Board, school: School, supplier: Supplier
) -> str | None:
    """A mailto link with a prepared subject and body, so that telling the supplier is one click."""
    if not supplier.email:
        return None
    variables = {
        "board": board_view(board),
        "school": school_view(school),
        "supplier": supplier_view(content, locale, supplier),
    }
    subject = content.text(locale, "mail.subject", **variables)
    body = render_text_template(content, "supplier_mail", locale, **variables)
    return f"mailto:{supplier.email}?subject={quote(subject)}&body={quote(body)}"
