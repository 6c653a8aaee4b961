"""Derives each step's status from the board's recorded facts, and stamps the changes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.onboarding.facts import FACTS
from bot.onboarding.models import STEP_ORDER, Board, Stamp, StepId, StepStatus


@dataclass(frozen=True)
class StepRule:
    """Which facts make a step done, and which mean it waits on someone else."""

    done_when: tuple[str, ...]
    waiting_when: tuple[str, ...] = ()


def derive_status(board: Board, step: StepId, rule: StepRule) -> StepStatus:
    """Waiting beats done: a school still waiting on its supplier keeps the step open for action."""
    if any(FACTS[name](board) for name in rule.waiting_when):
        return StepStatus.WAITING
    if all(FACTS[name](board) for name in rule.done_when):
        return StepStatus.DONE
    if board.step(step).changed is not None:
        return StepStatus.IN_PROGRESS
    return StepStatus.OPEN


def refresh_statuses(
    board: Board, rules: Mapping[StepId, StepRule], touched: StepId | None, stamp: Stamp
) -> list[tuple[StepId, StepStatus, StepStatus]]:
    """Re-derives every step (facts of one step can finish another); returns what changed."""
    if touched is not None:
        board.step(touched).changed = stamp
    changes = []
    for step in STEP_ORDER:
        progress = board.step(step)
        new = derive_status(board, step, rules[step])
        if new != progress.status:
            changes.append((step, progress.status, new))
            progress.status = new
            progress.completed = stamp if new == StepStatus.DONE else None
    return changes


def next_open_step(board: Board | None) -> StepId | None:
    """The first step, in the official order, that the board can act on now.

    A step that waits on someone else comes only after the steps the board can do itself.
    """
    if board is None:
        return STEP_ORDER[0]
    actionable = (StepStatus.OPEN, StepStatus.IN_PROGRESS)
    return next((s for s in STEP_ORDER if board.step(s).status in actionable), None) or next(
        (s for s in STEP_ORDER if board.step(s).status == StepStatus.WAITING), None
    )


def all_done(board: Board) -> bool:
    return all(board.step(s).status == StepStatus.DONE for s in STEP_ORDER)
