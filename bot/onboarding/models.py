"""The board's progress as stored: one aggregate per board, plus an append-only event log."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class StepId(StrEnum):
    NUMMERVOORZIENING = "nummervoorziening"
    LAS = "las"
    AGREEMENTS = "agreements"
    ALERT = "alert"
    MORE_INFO = "more_info"


STEP_ORDER: tuple[StepId, ...] = tuple(StepId)


class StepStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting"
    DONE = "done"


class AgreementState(StrEnum):
    NOT_OFFERED = "not_offered"
    OFFERED = "offered"
    REVIEWED = "reviewed"
    SIGNED = "signed"
    RETURNED = "returned"


class AgreementKind(StrEnum):
    NUMMERVOORZIENING = "nummervoorziening"
    LAS = "las"
    OTHER = "other"


class Signer(StrEnum):
    BESTUURDER = "bestuurder"
    MANDATED = "mandated"


class CovenantStatus(StrEnum):
    PARTICIPANT = "participant"
    SUPPORTER = "supporter"
    UNKNOWN = "unknown"


class Audience(StrEnum):
    ADMINISTRATION = "administration"
    ICT = "ict"


class Actor(BaseModel):
    """Who did something: a stable key (tenant and Entra object id) and the name shown to the board."""

    model_config = ConfigDict(frozen=True)

    key: str
    name: str


class Stamp(BaseModel):
    """When something was recorded, and by whom."""

    at: datetime
    by: str


class _Stored(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class School(_Stored):
    brin: str
    name: str = ""
    contact_role: str = ""
    las: str | None = None
    supplier_told: Stamp | None = None
    waiting_on: str | None = None
    added: Stamp


class ReviewFinding(_Stored):
    """One element of a reviewed agreement, compared with the model (bot/dpa); no more than the card shows."""

    id: str
    status: Literal["present", "missing", "deviates"]
    risk: Literal["low", "medium", "high"]
    where: str = ""
    quote: str = ""
    reason: str = ""


class ReviewIssue(_Stored):
    """Something in the agreement that does not hang together: a reference, an annex, the bijsluiter."""

    kind: str
    where: str = ""
    detail: str = ""


class AgreementReview(_Stored):
    """The findings of the bot's review of the supplier's text; the document itself is never kept."""

    status: Literal["reviewed"] = "reviewed"
    reviewed: Stamp
    pages: int = 1
    language: Literal["nl", "en"] = "nl"
    findings: list[ReviewFinding] = Field(default_factory=list)
    consistency: list[ReviewIssue] = Field(default_factory=list)

    @property
    def to_resolve(self) -> list[ReviewFinding]:
        """The elements that are missing or deviate from the model."""
        return [f for f in self.findings if f.status != "present"]


class Agreement(_Stored):
    id: str
    kind: AgreementKind
    supplier_id: str | None = None
    supplier_name: str = ""
    covenant_status: CovenantStatus | None = None
    state: AgreementState = AgreementState.NOT_OFFERED
    signer: Signer | None = None
    mandated_to: str = ""
    changed: Stamp | None = None
    review: AgreementReview | None = None


class AlertRecord(_Stored):
    audience: Audience
    who: str
    told: Stamp


class StepProgress(_Stored):
    status: StepStatus = StepStatus.OPEN
    changed: Stamp | None = None
    completed: Stamp | None = None


class Registration(_Stored):
    registered: bool
    registered_on: date | None = None
    said: Stamp


class Board(_Stored):
    """A school board (bevoegd gezag), identified by its bevoegd-gezagnummer within one tenant."""

    id: str
    tenant_id: str
    bg_number: str
    name: str = ""
    registration: Registration | None = None
    schools: list[School] = Field(default_factory=list)
    agreements: list[Agreement] = Field(default_factory=list)
    alerts: list[AlertRecord] = Field(default_factory=list)
    info_read: Stamp | None = None
    steps: dict[StepId, StepProgress] = Field(
        default_factory=lambda: {step: StepProgress() for step in StepId}
    )
    created: Stamp
    version: int = 0

    def school(self, brin: str) -> School | None:
        return next((s for s in self.schools if s.brin == brin), None)

    def agreement(self, agreement_id: str) -> Agreement | None:
        return next((a for a in self.agreements if a.id == agreement_id), None)

    def step(self, step: StepId) -> StepProgress:
        return self.steps.setdefault(step, StepProgress())


class Event(BaseModel):
    """One line of a board's history: who changed what, and when. Never updated, never deleted."""

    model_config = ConfigDict(frozen=True)

    board_id: str
    at: datetime
    actor_key: str
    actor_name: str
    kind: str
    data: dict[str, Any] = Field(default_factory=dict)
