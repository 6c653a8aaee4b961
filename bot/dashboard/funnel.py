"""The funnel of the five steps, measured on the server: one bar per step, a segment per status.

Only geometry and numbers live here; content/dashboard/funnel.html.j2 draws the SVG with the
texts, so every label is escaped and translated like the rest of the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.coordination.models import Summary
from bot.onboarding.models import STEP_ORDER, StepId, StepStatus

WIDTH = 480  # the drawing's own units; the SVG scales to the column it sits in
BAR_WIDTH = 330  # the rest of a row holds its count ("12 van 300 klaar"), so phones need no overlap
BAR_HEIGHT = 22
LABEL_HEIGHT = 22
ROW_GAP = 14
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
# Done first, so that the bars shrink step by step like a funnel.
SEGMENT_ORDER = (StepStatus.DONE, StepStatus.IN_PROGRESS, StepStatus.WAITING, StepStatus.OPEN)


@dataclass(frozen=True)
class Segment:
    status: StepStatus
    count: int
    x: float
    width: float


@dataclass(frozen=True)
class FunnelRow:
    step: StepId
    number: int
    label_y: float
    bar_y: float
    counts: dict[StepStatus, int]
    segments: list[Segment]


@dataclass(frozen=True)
class Funnel:
    width: int
    bar_width: int
    height: int
    bar_height: int
    total: int
    rows: list[FunnelRow]


def _segments(counts: dict[StepStatus, int], total: int) -> list[Segment]:
    segments = []
    x = 0.0
    for status in SEGMENT_ORDER:
        count = counts.get(status, 0)
        width = BAR_WIDTH * count / total if total else 0.0
        if count:
            segments.append(Segment(status, count, round(x, 2), round(width, 2)))
        x += width
    return segments


def funnel(summary: Summary) -> Funnel:
    rows = []
    for index, step in enumerate(STEP_ORDER):
        counts = summary.per_step[step]
        top = index * ROW_HEIGHT
        rows.append(
            FunnelRow(
                step=step,
                number=index + 1,
                label_y=top + LABEL_HEIGHT - 6,
                bar_y=top + LABEL_HEIGHT,
                counts=counts,
                segments=_segments(counts, summary.boards),
            )
        )
    return Funnel(WIDTH, BAR_WIDTH, len(STEP_ORDER) * ROW_HEIGHT - ROW_GAP, BAR_HEIGHT, summary.boards, rows)
