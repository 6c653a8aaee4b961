"""Reviewing one supplier's agreement for a board: read it, compare it with the model, save the findings.

Only the findings are kept, with the agreement in step 3; the document itself never is.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Mapping

from bot.dpa.checklist import Checklist
from bot.dpa.models import Review
from bot.dpa.reading import read_document
from bot.dpa.review import review
from bot.onboarding.clock import Clock, system_clock
from bot.onboarding.errors import ConcurrentUpdate, NoBoardYet, UnknownItem
from bot.onboarding.models import (
    AgreementReview,
    AgreementState,
    Board,
    Event,
    ReviewFinding,
    ReviewIssue,
    Stamp,
    StepId,
)
from bot.onboarding.progress import StepRule, refresh_statuses
from bot.onboarding.service import Speaker
from bot.storage.protocol import Store, VersionConflict

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
_MAX_ATTEMPTS = 8
# A review replaces the state only while the agreement is not yet signed: a signed agreement stays signed.
_BEFORE_REVIEW = frozenset({AgreementState.NOT_OFFERED, AgreementState.OFFERED})


def review_bytes(
    data: bytes, filename: str, checklist: Checklist, locale: str = "nl", max_bytes: int = MAX_BYTES
) -> Review:
    """Reads and reviews a document, reasons in LOCALE; raises UnreadableDocument for what it cannot read."""
    return review(read_document(data, filename, max_bytes), checklist, "en" if locale == "en" else "nl")


def agreement_review(found: Review, stamp: Stamp) -> AgreementReview:
    """What is stored of a review: per element its status, where, the quote and the reason."""
    return AgreementReview(
        reviewed=stamp,
        pages=found.pages,
        language=found.language,
        findings=[
            ReviewFinding(
                id=f.id, status=f.status, risk=f.risk, where=f.where, quote=f.quote[:200], reason=f.reason
            )
            for f in found.elements
        ],
        consistency=[ReviewIssue(kind=c.kind, where=c.where, detail=c.detail) for c in found.consistency],
    )


class DpaReviewService:
    """Reviews documents against the checklist loaded at start-up, and saves findings with an agreement."""

    def __init__(
        self,
        store: Store,
        rules: Mapping[StepId, StepRule],
        checklist: Checklist,
        clock: Clock = system_clock,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        self._store = store
        self._rules = rules
        self.checklist = checklist
        self._clock = clock
        self.max_bytes = max_bytes

    async def review(self, data: bytes, filename: str, locale: str) -> Review:
        """The review of DATA, off the event loop (a long PDF takes a moment of CPU)."""
        return await asyncio.to_thread(review_bytes, data, filename, self.checklist, locale, self.max_bytes)

    async def save(self, speaker: Speaker, board_id: str, agreement_id: str, found: Review) -> Board:
        """Stores the findings with the board's agreement; marks it reviewed unless already signed."""
        for attempt in range(_MAX_ATTEMPTS):
            board = await self._store.get_board(board_id, speaker.tenant_id)
            if board is None:
                raise NoBoardYet(board_id)
            agreement = board.agreement(agreement_id)
            if agreement is None:
                raise UnknownItem(agreement_id)
            stamp = Stamp(at=self._clock(), by=speaker.actor.name)
            agreement.review = agreement_review(found, stamp)
            agreement.changed = stamp
            kinds: list[tuple[str, dict[str, object]]] = []
            if agreement.state in _BEFORE_REVIEW:
                agreement.state = AgreementState.REVIEWED
                kinds.append(
                    ("step3.state", {"agreement": agreement_id, "state": AgreementState.REVIEWED.value})
                )
            to_resolve = len(agreement.review.to_resolve)
            kinds.append(("step3.reviewed", {"agreement": agreement_id, "to_resolve": to_resolve}))
            changes = refresh_statuses(board, self._rules, StepId.AGREEMENTS, stamp)
            kinds += [("step.status", {"step": s, "from": a, "to": b}) for s, a, b in changes]
            events = [
                Event(
                    board_id=board.id,
                    at=stamp.at,
                    actor_key=speaker.actor.key,
                    actor_name=speaker.actor.name,
                    kind=kind,
                    data=data,
                )
                for kind, data in kinds
            ]
            try:
                saved = await self._store.save_board(board, events)
            except VersionConflict:
                await asyncio.sleep(random.uniform(0, 0.005 * 2**attempt))
                continue
            log.info("dpa_review_saved board=%s to_resolve=%s", board_id, to_resolve)
            return saved
        raise ConcurrentUpdate(board_id)
