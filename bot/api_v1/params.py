"""The query parameters of /api/v1/boards and /api/v1/summary, checked: a bad one is a 400 naming it."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime

from multidict import MultiMapping

from bot.coordination.models import BoardFilter
from bot.onboarding.models import StepId, StepStatus

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000
MAX_SEARCH = 100
TRUE_FALSE = ("true", "false")

BOARDS_PARAMETERS = ("step", "status", "supplier", "stalled", "q", "limit", "offset")
SUMMARY_PARAMETERS = ("supplier",)

_NUMBER = re.compile(r"^[0-9]{1,9}$")


class ParameterError(Exception):
    """A query parameter the API cannot use: which one, and what it accepts."""

    def __init__(self, parameter: str, expected: list[str], code: str = "invalid_parameter") -> None:
        super().__init__(parameter)
        self.parameter = parameter
        self.expected = expected
        self.code = code


@dataclass(frozen=True)
class BoardsQuery:
    chosen: BoardFilter
    limit: int
    offset: int


def _single(query: MultiMapping[str], allowed: Collection[str]) -> Mapping[str, str]:
    """Each parameter at most once, and only the known ones: a typo is an error, not ignored."""
    found: dict[str, str] = {}
    for name, value in query.items():
        if name not in allowed:
            raise ParameterError(name, sorted(allowed), "unknown_parameter")
        if name in found:
            raise ParameterError(name, [], "repeated_parameter")
        found[name] = value
    return found


def _choice(values: Mapping[str, str], name: str, choices: Collection[str]) -> str | None:
    value = values.get(name)
    if value is None or value == "":
        return None
    if value not in choices:
        raise ParameterError(name, list(choices))
    return value


def _number(values: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    value = values.get(name)
    if value is None or value == "":
        return default
    if not _NUMBER.match(value) or not low <= int(value) <= high:
        raise ParameterError(name, [f"{low}-{high}"])
    return int(value)


def supplier(query: MultiMapping[str], suppliers: Collection[str]) -> str | None:
    """The supplier of /api/v1/summary, the one parameter it takes."""
    return _choice(_single(query, SUMMARY_PARAMETERS), "supplier", suppliers)


def boards_query(
    query: MultiMapping[str], suppliers: Collection[str], stalled_before: datetime
) -> BoardsQuery:
    values = _single(query, BOARDS_PARAMETERS)
    step = _choice(values, "step", [s.value for s in StepId])
    status = _choice(values, "status", [s.value for s in StepStatus])
    search = values.get("q", "").strip()
    if len(search) > MAX_SEARCH:
        raise ParameterError("q", [f"0-{MAX_SEARCH}"])
    stalled = _choice(values, "stalled", TRUE_FALSE) == "true"
    chosen = BoardFilter(
        step=StepId(step) if step else None,
        status=StepStatus(status) if status else None,
        supplier=_choice(values, "supplier", suppliers),
        stalled_before=stalled_before if stalled else None,
        search=search or None,
    )
    return BoardsQuery(
        chosen=chosen,
        limit=_number(values, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
        offset=_number(values, "offset", 0, 0, MAX_OFFSET),
    )
