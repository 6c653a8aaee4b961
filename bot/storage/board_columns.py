"""The columns a board's document is summarised in, for counting across boards in SQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.onboarding.models import STEP_ORDER, Board, StepId

STEP_COLUMNS: dict[StepId, str] = {step: f"step_{step.value}" for step in STEP_ORDER}


def supplier_list(supplier_ids: set[str]) -> str:
    """ ",esis,parnassys,": every id between commas, so that one LIKE finds a board by its supplier."""
    return f",{','.join(sorted(supplier_ids))}," if supplier_ids else ""


def progress_at(board: Board) -> datetime:
    """When a step of the board last moved: the start of its stall when it has stalled."""
    changes = [p.changed.at for p in board.steps.values() if p.changed is not None]
    return max(changes, default=board.created.at)


def overview_columns(board: Board) -> dict[str, Any]:
    return {
        **{column: board.step(step).status.value for step, column in STEP_COLUMNS.items()},
        "progress_at": progress_at(board),
        "suppliers": supplier_list({school.las for school in board.schools if school.las}),
    }
