"""Everything coordinators may do, in one place that checks the role first.

Board members never reach this: the chat, the dashboard and the API call it only for a speaker,
session or token that is a coordinator's, and each method refuses anyone else.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.coordination.links import LinkProblem, LinkSigner, SignedLink
from bot.coordination.models import (
    ApiToken,
    BoardFilter,
    BoardRow,
    DashboardSession,
    QuestionStats,
    Summary,
    Undelivered,
)
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
        configured: frozenset[str],
        signer: LinkSigner,
        settings: OverviewSettings = OverviewSettings(),
        clock: Clock = system_clock,
    ) -> None:
        self._store = store
        self._configured = frozenset(normalise_identity(c) for c in configured)
        self._signer = signer
        self._settings = settings
        self._clock = clock
        self._added: frozenset[str] = frozenset()
        self._added_read_at = float("-inf")

    # roles

    @property
    def configured(self) -> frozenset[str]:
        return self._configured

    async def added(self) -> frozenset[str]:
        if time.monotonic() - self._added_read_at > ROLE_CACHE_SECONDS:
            self._added = frozenset(await self._store.coordinator_keys())
            self._added_read_at = time.monotonic()
        return self._added

    async def identities(self) -> frozenset[str]:
        """Every coordinator: configured (ECKBOT_COORDINATORS) and added in chat."""
        return self._configured | await self.added()

    async def is_coordinator(self, *identities: str | None) -> bool:
        known = await self.identities()
        return any(i and normalise_identity(i) in known for i in identities)

    async def _require(self, *identities: str | None) -> None:
        if not await self.is_coordinator(*identities):
            raise NotCoordinator

    async def add_coordinator(self, identity: str, by: str) -> bool:
        """False when they already were one."""
        await self._require(by)
        key = normalise_identity(identity)
        if key in self._configured:
            return False
        added = await self._store.add_coordinator(
            key, hash_secret(normalise_identity(by))[:32], self._clock()
        )
        self._added_read_at = float("-inf")
        return added

    async def remove_coordinator(self, identity: str, by: str) -> bool:
        """Only coordinators added in chat can be removed in chat; the configured ones stay."""
        await self._require(by)
        removed = await self._store.remove_coordinator(normalise_identity(identity))
        self._added_read_at = float("-inf")
        return removed

    # what coordinators see

    def stalled_before(self) -> datetime:
        return self._clock() - timedelta(days=self._settings.stalled_days)

    def target(self) -> date:
        return self._settings.target or next_first_of_august(self._clock().date())

    async def overview(self, supplier: str | None = None, stalled_shown: int = 10) -> Overview:
        chosen = BoardFilter(supplier=supplier)
        summary = await self._store.summary(chosen, self.stalled_before())
        stalled, _ = await self._store.boards(
            BoardFilter(supplier=supplier, stalled_before=self.stalled_before()), limit=stalled_shown
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
        self, chosen: BoardFilter, limit: int = 100, offset: int = 0
    ) -> tuple[list[BoardRow], int]:
        return await self._store.boards(chosen, limit, offset)

    async def board(self, board_id: str, events: int = 20) -> tuple[Board, BoardRow, list[Event]] | None:
        found = await self._store.board(board_id)
        if found is None:
            return None
        return (*found, await self._store.events(board_id, events))

    async def undelivered(self, limit: int = 20) -> tuple[list[Undelivered], int]:
        return await self._store.undelivered(limit)

    async def questions(self, days: int = 90) -> QuestionStats:
        return await self._store.question_stats(self._clock() - timedelta(days=days))

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
        if not await self.is_coordinator(link.coordinator):
            return None
        return await self._new_session(link, now)

    async def _new_session(self, link: SignedLink, now: datetime) -> tuple[str, DashboardSession]:
        session_id = secrets.token_urlsafe(32)
        session = DashboardSession(link.coordinator, secrets.token_urlsafe(24), now + SESSION_LIFETIME)
        await self._store.create_session(hash_secret(session_id), session)
        return session_id, session

    async def session(self, session_id: str) -> DashboardSession | None:
        """The session if it exists, has not expired, and its coordinator still is one."""
        found = await self._store.session(hash_secret(session_id), self._clock())
        if found is None or not await self.is_coordinator(found.coordinator_key):
            return None
        return found

    async def end_session(self, session_id: str) -> None:
        await self._store.end_session(hash_secret(session_id))

    # API tokens: shown once, stored as a hash

    async def create_token(self, label: str, by: str) -> tuple[ApiToken, str]:
        await self._require(by)
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken(
            id=uuid.uuid4().hex[:8],
            label=label.strip()[:100] or "api",
            created_by=hash_secret(normalise_identity(by))[:32],
            created_at=self._clock(),
            revoked_at=None,
        )
        await self._store.insert_token(token, hash_secret(secret))
        return token, secret

    async def tokens(self, by: str) -> list[ApiToken]:
        await self._require(by)
        return await self._store.tokens()

    async def revoke_token(self, token_id: str, by: str) -> bool:
        await self._require(by)
        return await self._store.revoke_token(token_id.strip(), self._clock())

    async def token_is_valid(self, bearer: str) -> bool:
        if not bearer.startswith(TOKEN_PREFIX):
            return False
        token = await self._store.token_by_hash(hash_secret(bearer))
        return token is not None and token.revoked_at is None
