"""Who recorded what in the board's own document: names that age out with the event log."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from bot.onboarding.models import Board, Stamp
from bot.privacy.pseudonyms import ERASED_NAME


def _stamps(value: Any) -> Iterator[Stamp]:
    # Every Stamp wherever the document holds one, so that a field added later is not forgotten.
    if isinstance(value, Stamp):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _stamps(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _stamps(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _stamps(item)


def forget_old_stamps(board: Board, before: datetime) -> int:
    """Blanks the name on every stamp of BOARD recorded before BEFORE; returns how many changed.

    The moment stays: the board still sees when something was recorded, no longer by whom.
    """
    forgotten = 0
    for stamp in _stamps(board):
        if stamp.at < before and stamp.by != ERASED_NAME:
            stamp.by = ERASED_NAME
            forgotten += 1
    return forgotten
