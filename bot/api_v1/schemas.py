"""What the API answers, as pydantic models: the field names are the API's contract.

The OpenAPI document takes its schemas from these models (model_json_schema), so the two cannot
drift. Nothing here carries a person's name: not who recorded something (Stamp.by, an event's
actor), not who was told or mandated, not a contact person; only facts about the board.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, PlainSerializer, WithJsonSchema

from bot.coordination.models import BoardRow
from bot.coordination.service import Overview
from bot.onboarding.models import (
    STEP_ORDER,
    AgreementKind,
    AgreementState,
    Board,
    Event,
    Signer,
    Stamp,
    StepId,
    StepStatus,
)


def _iso_utc(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


UtcTime = Annotated[
    datetime,
    PlainSerializer(_iso_utc, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BoardItem(_Out):
    """One board in the list: its status per step and when it last moved."""

    id: str
    bg_number: str
    name: str
    steps: dict[StepId, StepStatus]
    done: bool
    stalled: bool
    progress_at: UtcTime
    updated_at: UtcTime
    suppliers: list[str]


class BoardList(_Out):
    total: int
    limit: int
    offset: int
    boards: list[BoardItem]


class StepOut(_Out):
    status: StepStatus
    changed_at: UtcTime | None
    completed_at: UtcTime | None


class RegistrationOut(_Out):
    registered: bool
    registered_on: date | None


class SchoolOut(_Out):
    brin: str
    name: str
    las: str | None
    supplier_told: bool
    supplier_told_at: UtcTime | None
    waiting_on: str | None
    has_contact: bool


class AgreementOut(_Out):
    id: str
    kind: AgreementKind
    supplier_id: str | None
    supplier_name: str
    state: AgreementState
    signer: Signer | None
    changed_at: UtcTime | None


class EventOut(_Out):
    at: UtcTime
    kind: str
    data: dict[str, Any]


class BoardDetail(_Out):
    """One board: every step, its schools and agreements, and its latest events (newest first)."""

    id: str
    bg_number: str
    name: str
    done: bool
    stalled: bool
    created_at: UtcTime
    progress_at: UtcTime
    updated_at: UtcTime
    steps: dict[StepId, StepOut]
    registration: RegistrationOut | None
    schools: list[SchoolOut]
    agreements: list[AgreementOut]
    events: list[EventOut]


class StatusCounts(_Out):
    open: int
    in_progress: int
    waiting: int
    done: int


class SummaryOut(_Out):
    """How many boards there are, per step how many have each status, stalled, done, days left."""

    supplier: str | None
    boards: int
    done: int
    stalled: int
    stalled_days: int
    target_date: date
    days_left: int
    steps: dict[StepId, StatusCounts]


class ApiError(_Out):
    """error: a stable code. parameter and expected: which query parameter, and what it accepts."""

    error: str
    parameter: str | None = None
    expected: list[str] | None = None


RESPONSE_MODELS: tuple[type[BaseModel], ...] = (BoardList, BoardDetail, SummaryOut, ApiError)


def _at(stamp: Stamp | None) -> datetime | None:
    return stamp.at if stamp else None


def is_stalled(row: BoardRow, stalled_before: datetime) -> bool:
    return not row.done and row.progress_at < stalled_before


def board_item(row: BoardRow, stalled_before: datetime) -> BoardItem:
    return BoardItem(
        id=row.id,
        bg_number=row.bg_number,
        name=row.name,
        steps={step: row.statuses[step] for step in STEP_ORDER},
        done=row.done,
        stalled=is_stalled(row, stalled_before),
        progress_at=row.progress_at,
        updated_at=row.updated_at,
        suppliers=list(row.suppliers),
    )


def board_detail(board: Board, row: BoardRow, events: list[Event], stalled_before: datetime) -> BoardDetail:
    registration = board.registration
    return BoardDetail(
        id=board.id,
        bg_number=board.bg_number,
        name=board.name,
        done=row.done,
        stalled=is_stalled(row, stalled_before),
        created_at=board.created.at,
        progress_at=row.progress_at,
        updated_at=row.updated_at,
        steps={
            step: StepOut(
                status=board.step(step).status,
                changed_at=_at(board.step(step).changed),
                completed_at=_at(board.step(step).completed),
            )
            for step in STEP_ORDER
        },
        registration=(
            RegistrationOut(registered=registration.registered, registered_on=registration.registered_on)
            if registration
            else None
        ),
        schools=[
            SchoolOut(
                brin=school.brin,
                name=school.name,
                las=school.las,
                supplier_told=school.supplier_told is not None,
                supplier_told_at=_at(school.supplier_told),
                waiting_on=school.waiting_on,
                has_contact=bool(school.contact_role),
            )
            for school in board.schools
        ],
        agreements=[
            AgreementOut(
                id=agreement.id,
                kind=agreement.kind,
                supplier_id=agreement.supplier_id,
                supplier_name=agreement.supplier_name,
                state=agreement.state,
                signer=agreement.signer,
                changed_at=_at(agreement.changed),
            )
            for agreement in board.agreements
        ],
        events=[EventOut(at=event.at, kind=event.kind, data=event.data) for event in events],
    )


def summary(overview: Overview, supplier: str | None) -> SummaryOut:
    counts = overview.summary.per_step
    return SummaryOut(
        supplier=supplier,
        boards=overview.summary.boards,
        done=overview.summary.done,
        stalled=overview.summary.stalled,
        stalled_days=overview.stalled_days,
        target_date=overview.target,
        days_left=overview.days_left,
        steps={
            step: StatusCounts(**{status.value: counts[step][status] for status in StepStatus})
            for step in STEP_ORDER
        },
    )
