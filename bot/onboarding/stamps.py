"""Every record of who recorded what in a board's document, wherever the document keeps one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from bot.onboarding.models import Stamp


def all_stamps(value: Any) -> Iterator[Stamp]:
    """Each Stamp in VALUE (a board, or any part of one), found by walking the model, so that a
    field added later is not forgotten by erasure or retention."""
    if isinstance(value, Stamp):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from all_stamps(getattr(value, name))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from all_stamps(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from all_stamps(item)
