"""The board list's filters as the GET form sends them, read strictly: an unknown value is a 400."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.coordination.models import BoardFilter
from bot.onboarding.models import StepId, StepStatus

FIELDS = ("step", "status", "supplier", "stalled", "q")
MAX_SEARCH_CHARS = 100
MAX_PAGE = 100_000


class BadFilter(ValueError):
    """A filter value the form never offers; `field` names it."""

    def __init__(self, field: str) -> None:
        super().__init__(field)
        self.field = field


@dataclass(frozen=True)
class ListQuery:
    chosen: BoardFilter
    page: int
    form: dict[str, str]  # the filters as sent (non-empty ones), to fill the form and build links


def _one_of(query: Mapping[str, str], field: str, allowed: Collection[str]) -> str | None:
    value = query.get(field, "").strip()
    if not value:
        return None
    if value not in allowed:
        raise BadFilter(field)
    return value


def _page(query: Mapping[str, str]) -> int:
    text = query.get("page", "").strip() or "1"
    if not text.isdigit() or not 1 <= int(text) <= MAX_PAGE:
        raise BadFilter("page")
    return int(text)


def read_filters(query: Mapping[str, str], suppliers: Collection[str], stalled_before: datetime) -> ListQuery:
    """The BoardFilter and page the query asks for; BadFilter for any value the form cannot send."""
    step = _one_of(query, "step", [s.value for s in StepId])
    status = _one_of(query, "status", [s.value for s in StepStatus])
    supplier = _one_of(query, "supplier", suppliers)
    stalled = _one_of(query, "stalled", ["1"])
    search = query.get("q", "").strip()[:MAX_SEARCH_CHARS] or None
    chosen = BoardFilter(
        step=StepId(step) if step else None,
        status=StepStatus(status) if status else None,
        supplier=supplier,
        stalled_before=stalled_before if stalled else None,
        search=search,
    )
    form = {
        field: value
        for field, value in (("step", step), ("status", status), ("supplier", supplier), ("stalled", stalled))
        if value
    }
    if search:
        form["q"] = search
    return ListQuery(chosen, _page(query), form)
