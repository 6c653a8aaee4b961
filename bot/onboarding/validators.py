"""Named checks for typed answers. Content refers to them by name; each returns the cleaned value."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta

from bot.onboarding.errors import InvalidAnswer

_BG_NUMBER = re.compile(r"^\d{5}$", re.ASCII)
_BRIN = re.compile(r"^\d{2}[A-Z]{2}$", re.ASCII)
_MAX_TEXT = 200

Validator = Callable[[str, date], str]


def bg_number(raw: str, today: date) -> str:
    """A bevoegd-gezagnummer: five digits (spaces are forgiven)."""
    value = re.sub(r"\s+", "", raw)
    if not _BG_NUMBER.match(value):
        raise InvalidAnswer("invalid.bg_number")
    return value


def brin(raw: str, today: date) -> str:
    """A BRIN code of a school: two digits and two letters, such as 01AB."""
    value = re.sub(r"\s+", "", raw).upper()
    if not _BRIN.match(value):
        raise InvalidAnswer("invalid.brin")
    return value


def short_text(raw: str, today: date) -> str:
    """A name or a role: not empty, one line, not a whole essay."""
    value = " ".join(raw.split())
    if not value:
        raise InvalidAnswer("invalid.empty")
    if len(value) > _MAX_TEXT:
        raise InvalidAnswer("invalid.too_long")
    return value


_RELATIVE_DAYS = {"vandaag": 0, "today": 0, "gisteren": 1, "yesterday": 1, "eergisteren": 2}
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%y")


def past_date(raw: str, today: date) -> str:
    """A date that has already happened, typed as people type dates; returned as ISO."""
    text = raw.strip().lower()
    if text in _RELATIVE_DAYS:
        return (today - timedelta(days=_RELATIVE_DAYS[text])).isoformat()
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if parsed > today:
            raise InvalidAnswer("invalid.date_in_future")
        if parsed.year < 2015:
            raise InvalidAnswer("invalid.date")
        return parsed.isoformat()
    raise InvalidAnswer("invalid.date")


VALIDATORS: dict[str, Validator] = {
    "bg_number": bg_number,
    "brin": brin,
    "short_text": short_text,
    "past_date": past_date,
}
