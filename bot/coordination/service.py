"""Everything coordinators may do, in one place that checks the role first.

Board members never reach this: the chat, the dashboard and the API call it only for a speaker,
session or token that is a coordinator's, and each method refuses anyone else.

Coordinators see only the boards of their own program (bot/coordination/programs.py): every read
takes the Scope of the coordinator, session or token asking, and the store reads nothing outside it.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from bot.coordination.links import LinkProblem, LinkSigner, SignedLink
from bot.coordination.models import (
    ApiToken,
    BoardFilter,
    BoardRow,
    DashboardSession,
    QuestionStats,
    Scope,
    Summary,
    Undelivered,
)
from bot.coordination.programs import Programs, assign_coordinators, every_board
from bot.onboarding.clock import Clock, system_clock
from bot.onboarding.models import Board, Event
from bot.storage.overview_sql import SqlOverviewStore

ROLE_CACHE_SECONDS = 30.0  # how long a coordinator added in another process may go unseen here
SESSION_LIFETIME = timedelta(hours=8)
TOKEN_PREFIX = "eckbot_"


class NotCoordinator(Exception):
    """Someone who is not a coordinator asked for what only coordinators may see."""


@dataclass(frozen=True)
class OverviewSettings:
    stalled_days: int = 14
    target: date | None = None  # None: the next 1 August


@dataclass(frozen=True)
class Overview:
    summary: Summary
    stalled: list[BoardRow]  # the longest stalled first
    stalled_days: int
    target: date
    days_left: int


def next_first_of_august(today: date) -> date:
    this_year = date(today.year, 8, 1)
    return this_year if today <= this_year else date(today.year + 1, 8, 1)


def hash_secret(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def normalise_identity(text: str) -> str:
    """An Entra object id or a user principal name, as it is compared: trimmed, lower case."""
    return text.strip().lower()


class CoordinatorService:
    def __init__(
        self,
        store: SqlOverviewStore,
        configured: Iterable[str],
        signer: LinkSigner,
        settings: OverviewSettings = OverviewSettings(),
        clock: Clock = system_clock,
        programs: Programs | None = None,
    ) -> None:
        """CONFIGURED: the ECKBOT_COORDINATORS entries (`program:identity` or a plain identity for
        the default program); raises ProgramsError when one names no known program."""
        self._store = store
        self._programs = programs or every_board()
        self._configured_programs = assign_coordinators(configured, self._programs)
        self._configured = frozenset(self._configured_programs)
        self._signer = signer
        self._settings = settings
        self._clock = clock
        self._added: dict[str, str] = {}  # identity -> program, only those whose program exists
        self._added_read_at = float("-inf")

    # roles

    @property
    def programs(self) -> Programs:
        return self._programs

    @property
    def configured(self) -> frozenset[str]:
        return self._configured

    async def _added_programs(self) -> dict[str, str]:
        if time.monotonic() - self._added_read_at > ROLE_CACHE_SECONDS:
            stored = await self._store.coordinator_programs()
            known = ((key, self._programs.scope(program)) for key, program in stored.items())
            self._added = {key: scope.program for key, scope in known if scope is not None}
            self._added_read_at = time.monotonic()
        return self._added

    async def added(self) -> frozenset[str]:
        return frozenset(await self._added_programs())

    async def identities(self) -> frozenset[str]:
        """Every coordinator: configured (ECKBOT_COORDINATORS) and added in chat."""
        return self._configured | await self.added()

    async def program_of(self, identity: str | None) -> str | None:
        """The program this coordinator belongs to; None for anyone who is not a coordinator."""
        if not identity:
            return None
        key = normalise_identity(identity)
        return self._configured_programs.get(key) or (await self._added_programs()).get(key)

    async def scope_of(self, *identities: str | None) -> Scope | None:
        """What the first of IDENTITIES that is a coordinator may see; None when none is one."""
        for identity in identities:
            program = await self.program_of(identity)
            if program is not None:
                return self._programs.scope(program)
        return None

    async def identities_of_program(self, program: str | None) -> frozenset[str]:
        """The coordinators of one program (for instance those a ticket of its tenant goes to)."""
        if program is None:
            return frozenset()
        configured = {i for i, p in self._configured_programs.items() if p == program}
        added = {i for i, p in (await self._added_programs()).items() if p == program}
        return frozenset(configured | added)

    def program_of_tenant(self, tenant_id: str | None) -> str | None:
        return self._programs.program_of_tenant(tenant_id)

    def _stored_as(self, program: str) -> set[str]:
        """How rows of PROGRAM are stored: its name, and "" (from before programs) for the default."""
        return {program, ""} if program == self._programs.default else {program}

    async def _program_required(self, by: str) -> str:
        program = await self.program_of(by)
        if program is None:
            raise NotCoordinator
        return program

    async def is_coordinator(self, *identities: str | None) -> bool:
        known = await self.identities()
        return any(i and normalise_identity(i) in known for i in identities)

    async def _require(self, *identities: str | None) -> None:
        if not await self.is_coordinator(*identities):
            raise NotCoordinator

    async def add_coordinator(self, identity: str, by: str) -> bool:
        """False when they already were one. The new coordinator joins the program of BY."""
        program = await self._program_required(by)
        key = normalise_identity(identity)
        if key in self._configured:
            return False
        added = await self._store.add_coordinator(
            key, hash_secret(normalise_identity(by))[:32], self._clock(), program
        )
        self._added_read_at = float("-inf")
        return added

    async def remove_coordinator(self, identity: str, by: str) -> bool:
        """Only coordinators added in chat can be removed in chat, the configured ones stay; and only
        by a coordinator of their own program."""
        program = await self._program_required(by)
        removed = await self._store.remove_coordinator(normalise_identity(identity), self._stored_as(program))
        self._added_read_at = float("-inf")
        return removed

    # what coordinators see

    def stalled_before(self) -> datetime:
        return self._clock() - timedelta(days=self._settings.stalled_days)

    def target(self) -> date:
        return self._settings.target or next_first_of_august(self._clock().date())

    async def overview(self, scope: Scope, supplier: str | None = None, stalled_shown: int = 10) -> Overview:
        chosen = BoardFilter(supplier=supplier)
        summary = await self._store.summary(chosen, self.stalled_before(), tenants=scope.tenants)
        stalled, _ = await self._store.boards(
            BoardFilter(supplier=supplier, stalled_before=self.stalled_before()),
            limit=stalled_shown,
            tenants=scope.tenants,
        )
        target = self.target()
        return Overview(
            summary=summary,
            stalled=stalled,
            stalled_days=self._settings.stalled_days,
            target=target,
            days_left=max(0, (target - self._clock().date()).days),
        )

    async def boards(
        self, scope: Scope, chosen: BoardFilter, limit: int = 100, offset: int = 0
    ) -> tuple[list[BoardRow], int]:
        return await self._store.boards(chosen, limit, offset, tenants=scope.tenants)

    async def board(
        self, scope: Scope, board_id: str, events: int = 20
    ) -> tuple[Board, BoardRow, list[Event]] | None:
        """One board of the scope's program; None for an unknown board and for another program's."""
        found = await self._store.board(board_id, tenants=scope.tenants)
        if found is None:
            return None
        return (*found, await self._store.events(board_id, events, tenants=scope.tenants))

    async def undelivered(self, scope: Scope, limit: int = 20) -> tuple[list[Undelivered], int]:
        return await self._store.undelivered(limit, tenants=scope.tenants)

    async def questions(self, scope: Scope, days: int = 90) -> QuestionStats:
        return await self._store.question_stats(self._clock() - timedelta(days=days), tenants=scope.tenants)

    # the dashboard: a signed link, then a session

    async def dashboard_link_token(self, coordinator: str) -> str:
        await self._require(coordinator)
        return self._signer.make(normalise_identity(coordinator), self._clock())

    @property
    def link_lifetime(self) -> timedelta:
        return self._signer.lifetime

    async def open_session(self, token: str) -> tuple[str, DashboardSession] | LinkProblem | None:
        """A new session's id (for the cookie) and its record; a LinkProblem for a bad link; None
        when the link was good but whoever it was made for is no longer a coordinator."""
        now = self._clock()
        link = self._signer.read(token, now)
        if isinstance(link, LinkProblem):
            return link
        if not await self._store.use_link(link.nonce, now):
            return LinkProblem.USED
        scope = await self.scope_of(link.coordinator)
        if scope is None:
            return None
        return await self._new_session(link, scope, now)

    async def _new_session(
        self, link: SignedLink, scope: Scope, now: datetime
    ) -> tuple[str, DashboardSession]:
        session_id = secrets.token_urlsafe(32)
        session = DashboardSession(link.coordinator, secrets.token_urlsafe(24), now + SESSION_LIFETIME, scope)
        await self._store.create_session(hash_secret(session_id), session)
        return session_id, session

    async def session(self, session_id: str) -> DashboardSession | None:
        """The session if it exists, has not expired, and its coordinator still is one; with the
        scope of the coordinator's program as it is now."""
        found = await self._store.session(hash_secret(session_id), self._clock())
        if found is None:
            return None
        scope = await self.scope_of(found.coordinator_key)
        return replace(found, scope=scope) if scope is not None else None

    async def end_session(self, session_id: str) -> None:
        await self._store.end_session(hash_secret(session_id))

    # API tokens: shown once, stored as a hash

    async def create_token(self, label: str, by: str) -> tuple[ApiToken, str]:
        """A new token that sees what BY's program sees."""
        program = await self._program_required(by)
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken(
            id=uuid.uuid4().hex[:8],
            label=label.strip()[:100] or "api",
            created_by=hash_secret(normalise_identity(by))[:32],
            created_at=self._clock(),
            revoked_at=None,
            program=program,
        )
        await self._store.insert_token(token, hash_secret(secret))
        return token, secret

    async def tokens(self, by: str) -> list[ApiToken]:
        """The tokens of BY's program."""
        program = await self._program_required(by)
        return await self._store.tokens(self._stored_as(program))

    async def revoke_token(self, token_id: str, by: str) -> bool:
        program = await self._program_required(by)
        return await self._store.revoke_token(token_id.strip(), self._clock(), self._stored_as(program))

    async def token_scope(self, bearer: str) -> Scope | None:
        """What a bearer token may see: its program's boards; None for an unknown or revoked token,
        or one whose program is no longer configured."""
        if not bearer.startswith(TOKEN_PREFIX):
            return None
        token = await self._store.token_by_hash(hash_secret(bearer))
        if token is None or token.revoked_at is not None:
            return None
        return self._programs.scope(token.program)

    async def token_is_valid(self, bearer: str) -> bool:
        return await self.token_scope(bearer) is not None
