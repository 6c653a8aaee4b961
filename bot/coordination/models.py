"""What coordinators see of all boards: counts per step, boards with their statuses, questions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.onboarding.models import StepId, StepStatus


@dataclass(frozen=True)
class Scope:
    """What one coordinator, dashboard session or API token may see: the boards of its program's
    tenants. Every read for coordinators takes one; there is no read without it."""

    program: str
    tenants: frozenset[str] | None  # lower case; None: every tenant (no programs configured)


NO_BOARDS = Scope("", frozenset())


@dataclass(frozen=True)
class BoardFilter:
    """Which boards a coordinator looks at; None is any."""

    step: StepId | None = None
    status: StepStatus | None = None  # with step: that step's status; alone: any step's
    supplier: str | None = None  # a LAS supplier id from content/suppliers.yaml
    stalled_before: datetime | None = None  # no step moved since, and not all done
    search: str | None = None  # part of the board's name or bevoegd-gezagnummer


@dataclass(frozen=True)
class BoardRow:
    id: str
    tenant_id: str
    bg_number: str
    name: str
    statuses: dict[StepId, StepStatus]
    progress_at: datetime
    updated_at: datetime
    suppliers: tuple[str, ...]

    @property
    def done(self) -> bool:
        return all(status == StepStatus.DONE for status in self.statuses.values())


@dataclass(frozen=True)
class Summary:
    boards: int
    per_step: dict[StepId, dict[StepStatus, int]]  # every step, every status, zero included
    stalled: int  # boards not done whose steps have not moved since the stall cut-off
    done: int  # boards with all five steps done


@dataclass(frozen=True)
class EntryFeedback:
    entry_id: str
    not_helpful: int
    helpful: int


@dataclass(frozen=True)
class QuestionStats:
    by_band: dict[str, int]  # answer, suggest, unknown
    escalated: int  # tickets opened
    open_tickets: int
    least_helpful: list[EntryFeedback] = field(default_factory=list)
    unanswered: list[tuple[str, datetime]] = field(default_factory=list)  # recent texts not known


@dataclass(frozen=True)
class ApiToken:
    id: str
    label: str
    created_by: str
    created_at: datetime
    revoked_at: datetime | None
    program: str = ""  # the program of the coordinator who made it; "" for tokens made before programs


@dataclass(frozen=True)
class DashboardSession:
    coordinator_key: str
    csrf_token: str
    expires_at: datetime
    scope: Scope = NO_BOARDS  # filled in by CoordinatorService.session from the coordinator's program


@dataclass(frozen=True)
class Undelivered:
    """A message the bot gave up sending, or could not send because its person removed the bot."""

    at: datetime
    kind: str  # alert, reminder, digest
    status: str  # failed or unreachable
    attempts: int
    last_error: str | None  # an HTTP status or an error's kind, never a text
    board_id: str | None
    board_name: str | None
