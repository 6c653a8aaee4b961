"""Use cases on a board: find it for a conversation, claim it by number, record an answer."""

from __future__ import annotations

import asyncio
import logging
import random
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.onboarding.clock import Clock, system_clock
from bot.onboarding.errors import BoardClaimedElsewhere, ConcurrentUpdate, NoBoardYet
from bot.onboarding.keyed_locks import KeyedLocks
from bot.onboarding.models import Actor, Board, Event, Stamp, StepId
from bot.onboarding.progress import StepRule, refresh_statuses
from bot.onboarding.recorders import RECORDERS, Answer, RecordContext, ensure_agreements
from bot.storage.protocol import DuplicateBoard, Store, VersionConflict

log = logging.getLogger(__name__)

AMSTERDAM = "Europe/Amsterdam"
_MAX_ATTEMPTS = 8


async def _back_off(attempt: int) -> None:
    # Another process wrote the same board: wait a little, with jitter so writers spread out.
    await asyncio.sleep(random.uniform(0, 0.005 * 2**attempt))


@dataclass(frozen=True)
class Speaker:
    """Who is talking and where: enough to find the board they speak for, and nothing more."""

    tenant_id: str
    actor: Actor
    conversation_key: str | None = None  # set in a team or group chat, where the board is shared


@dataclass(frozen=True)
class Outcome:
    board: Board
    selected: str | None


class OnboardingService:
    def __init__(
        self,
        store: Store,
        rules: Mapping[StepId, StepRule],
        supplier_names: Mapping[str, str],
        clock: Clock = system_clock,
    ) -> None:
        self._store = store
        self._rules = rules
        self._supplier_names = supplier_names
        self._clock = clock
        # Writers to one board in this process take turns; retries cover other processes.
        self._board_lock = KeyedLocks()

    def now(self) -> datetime:
        return self._clock()

    def today(self) -> date:
        return self._clock().astimezone(ZoneInfo(AMSTERDAM)).date()

    def _stamp(self, actor: Actor) -> Stamp:
        return Stamp(at=self._clock(), by=actor.name)

    def _event(self, board: Board, actor: Actor, kind: str, data: dict[str, object]) -> Event:
        return Event(
            board_id=board.id,
            at=self._clock(),
            actor_key=actor.key,
            actor_name=actor.name,
            kind=kind,
            data=data,
        )

    async def board_for(self, speaker: Speaker) -> Board | None:
        """The shared board of a team or group chat first, else the person's own board."""
        return await self._store.board_for(speaker.tenant_id, speaker.actor.key, speaker.conversation_key)

    async def identify_board(self, speaker: Speaker, bg_number: str) -> Board:
        """Joins the board with this number in the speaker's tenant, or creates it.

        A number that another Teams organisation already uses is refused: whoever types a
        number must not see that board's progress.
        """
        board = await self._store.find_board_by_bg_number(bg_number)
        if board is not None and board.tenant_id != speaker.tenant_id:
            raise BoardClaimedElsewhere(bg_number)
        if board is None:
            board = await self._create_board(speaker, bg_number)
        await self._store.link_person(speaker.tenant_id, speaker.actor.key, board.id)
        if speaker.conversation_key:
            await self._store.link_conversation(speaker.tenant_id, speaker.conversation_key, board.id)
        return board

    async def _create_board(self, speaker: Speaker, bg_number: str) -> Board:
        board = Board(
            id=str(uuid.uuid4()),
            tenant_id=speaker.tenant_id,
            bg_number=bg_number,
            created=self._stamp(speaker.actor),
        )
        ensure_agreements(board, self._supplier_names)
        refresh_statuses(board, self._rules, None, self._stamp(speaker.actor))
        created = self._event(board, speaker.actor, "board.created", {"bg_number": bg_number})
        try:
            return await self._store.insert_board(board, [created])
        except DuplicateBoard:
            # Someone created it a moment ago: join theirs, if it is ours to join.
            existing = await self._store.find_board_by_bg_number(bg_number)
            if existing is None or existing.tenant_id != speaker.tenant_id:
                raise BoardClaimedElsewhere(bg_number) from None
            return existing

    async def record(
        self, speaker: Speaker, board_id: str, step: StepId, recorder: str, answer: Answer
    ) -> Outcome:
        """Applies one answer to the board, re-derives the steps, and stores it with its events.

        Concurrent answers by colleagues are retried on the fresh board, so no write is lost.
        """
        async with self._board_lock(board_id):
            return await self._record_with_retries(speaker, board_id, step, recorder, answer)

    async def _record_with_retries(
        self, speaker: Speaker, board_id: str, step: StepId, recorder: str, answer: Answer
    ) -> Outcome:
        for attempt in range(_MAX_ATTEMPTS):
            board = await self._store.get_board(board_id, speaker.tenant_id)
            if board is None:
                raise NoBoardYet(board_id)
            stamp = self._stamp(speaker.actor)
            context = RecordContext(
                stamp=stamp,
                today=self.today(),
                supplier_names=self._supplier_names,
            )
            recorded = RECORDERS[recorder](board, answer, context)
            changes = refresh_statuses(board, self._rules, step, stamp)
            new_events = [self._event(board, speaker.actor, k, d) for k, d in recorded.events]
            new_events += [
                self._event(board, speaker.actor, "step.status", {"step": s, "from": a, "to": b})
                for s, a, b in changes
            ]
            try:
                saved = await self._store.save_board(board, new_events)
            except VersionConflict:
                log.debug("board_version_conflict board=%s attempt=%s", board_id, attempt)
                await _back_off(attempt)
                continue
            return Outcome(saved, recorded.selected)
        raise ConcurrentUpdate(board_id)

    async def touch(self, speaker: Speaker, board_id: str, step: StepId) -> Board:
        """Marks a step as begun the first time someone opens it; otherwise changes nothing."""
        for attempt in range(_MAX_ATTEMPTS):
            board = await self._store.get_board(board_id, speaker.tenant_id)
            if board is None:
                raise NoBoardYet(board_id)
            if board.step(step).changed is not None:
                return board
            changes = refresh_statuses(board, self._rules, step, self._stamp(speaker.actor))
            new_events = [
                self._event(board, speaker.actor, "step.status", {"step": s, "from": a, "to": b})
                for s, a, b in changes
            ]
            try:
                return await self._store.save_board(board, new_events)
            except VersionConflict:
                await _back_off(attempt)
                continue
        raise ConcurrentUpdate(board_id)

    async def history(self, speaker: Speaker, board_id: str, limit: int = 20) -> list[Event]:
        return await self._store.list_events(board_id, speaker.tenant_id, limit)
