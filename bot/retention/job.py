"""The retention job: pseudonymises and deletes the personal data that has aged out.

It runs at start-up and then every few hours, in every server process; each pass changes only
what is still there to change (see bot/storage/retention_sql.py), so passes in several processes
at once, or a pass repeated, change nothing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from bot.helpdesk.models import Ticket
from bot.onboarding.clock import Clock, system_clock
from bot.onboarding.models import Board
from bot.privacy.pseudonyms import new_erased_key
from bot.retention.policy import Cutoffs, RetentionPolicy
from bot.retention.stamps import forget_old_stamps
from bot.retention.tickets import age_ticket
from bot.storage.retention_sql import SqlRetentionStore, StoredDocument

log = logging.getLogger(__name__)

EVERY = 6 * 3600.0
_YIELD_EVERY = 20  # rows handled between chances for the event loop to serve a turn (SQLite runs here)
_BOARD_ATTEMPTS = 3  # a board saved by a turn meanwhile is read again; after that, the next pass


@dataclass
class RetentionReport:
    """What one pass changed (or, dry, would change): counts only, never who or what."""

    events_pseudonymised: int = 0
    people_pseudonymised: int = 0  # (board, person) groups that got a pseudonym
    stamps_cleared: int = 0
    boards_changed: int = 0
    boards_deferred: int = 0  # saved by a turn during the pass every time: left for the next pass
    dialog_states_deleted: int = 0
    ticket_texts_deleted: int = 0
    ticket_askers_pseudonymised: int = 0
    question_texts_deleted: int = 0
    messages_deleted: int = 0  # sent, given up or unreachable messages older than the text period
    sign_ins_deleted: int = 0  # expired dashboard sessions and spent link nonces

    def counts(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def log_fields(self) -> str:
        return " ".join(f"{name}={value}" for name, value in self.counts().items())


class RetentionJob:
    def __init__(
        self, store: SqlRetentionStore, policy: RetentionPolicy, clock: Clock = system_clock
    ) -> None:
        self._store = store
        self._policy = policy
        self._clock = clock
        self._handled = 0

    async def run(self, stop: asyncio.Event, every: float = EVERY) -> None:
        """A pass now and then every EVERY seconds until STOP is set; a failed pass is logged."""
        while not stop.is_set():
            try:
                report = await self.run_once(self._clock())
                log.info("retention_pass %s", report.log_fields())
            except Exception as error:
                # The exception's text may quote stored data: its type only, at error level.
                log.error("retention_pass_failed error=%s", type(error).__name__)
                log.debug("retention_pass_failed", exc_info=True)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=every)

    async def run_once(self, now: datetime, dry_run: bool = False) -> RetentionReport:
        """One pass at NOW. DRY_RUN counts what a pass would change and changes nothing."""
        cutoffs = self._policy.cutoffs(now)
        report = RetentionReport()
        await self._events(cutoffs, dry_run, report)
        await self._boards(cutoffs, dry_run, report)
        await self._dialog_states(cutoffs, dry_run, report)
        await self._questions(cutoffs, dry_run, report)
        await self._tickets(cutoffs, dry_run, report)
        await self._deliveries_and_sign_ins(cutoffs, dry_run, report)
        return report

    async def _breathe(self) -> None:
        self._handled += 1
        if self._handled % _YIELD_EVERY == 0:
            await asyncio.sleep(0)

    async def _events(self, cutoffs: Cutoffs, dry_run: bool, report: RetentionReport) -> None:
        before = cutoffs.pseudonymise_before
        for actor in await self._store.event_actors_before(before):
            await self._breathe()
            if dry_run:
                changed = actor.events
            else:
                # One fresh key per person and board: the history still shows that one person did
                # these things together, and no key links them to the person or to another board.
                changed = await self._store.pseudonymise_events(actor, before, new_erased_key())
            report.events_pseudonymised += changed
            report.people_pseudonymised += changed > 0

    async def _boards(self, cutoffs: Cutoffs, dry_run: bool, report: RetentionReport) -> None:
        before = cutoffs.pseudonymise_before
        for board_id in await self._store.board_ids_created_before(before):
            await self._breathe()
            for _ in range(_BOARD_ATTEMPTS):
                stored = await self._store.board_document(board_id)
                if stored is None:
                    break  # deleted meanwhile
                board = Board.model_validate_json(stored.data)
                cleared = forget_old_stamps(board, before)
                if cleared == 0:
                    break
                if dry_run or await self._replace_board(stored, board):
                    report.stamps_cleared += cleared
                    report.boards_changed += 1
                    break
            else:
                report.boards_deferred += 1

    async def _replace_board(self, stored: StoredDocument, board: Board) -> bool:
        data = board.model_dump_json(exclude={"version"})
        return await self._store.replace_board_document(StoredDocument(stored.id, data, stored.version))

    async def _dialog_states(self, cutoffs: Cutoffs, dry_run: bool, report: RetentionReport) -> None:
        # A bookmark untouched this long is not worth keeping: the board's progress is in its own
        # tables, and a conversation without state starts afresh from there.
        before = cutoffs.pseudonymise_before
        if dry_run:
            report.dialog_states_deleted = await self._store.count_dialog_states_before(before)
        else:
            report.dialog_states_deleted = await self._store.delete_dialog_states_before(before)

    async def _questions(self, cutoffs: Cutoffs, dry_run: bool, report: RetentionReport) -> None:
        before = cutoffs.ticket_text_before
        if dry_run:
            report.question_texts_deleted = await self._store.count_question_texts_before(before)
        else:
            report.question_texts_deleted = await self._store.clear_question_texts_before(before)

    async def _deliveries_and_sign_ins(
        self, cutoffs: Cutoffs, dry_run: bool, report: RetentionReport
    ) -> None:
        before = cutoffs.ticket_text_before
        if dry_run:
            report.messages_deleted = await self._store.count_done_messages_before(before)
            return
        report.messages_deleted = await self._store.delete_done_messages_before(before)
        # A link nonce must outlive its link (at most an hour) to stop a second use; a day is ample.
        spent_before = cutoffs.now - timedelta(days=1)
        report.sign_ins_deleted = await self._store.delete_expired_sign_ins(cutoffs.now, spent_before)

    async def _tickets(self, cutoffs: Cutoffs, dry_run: bool, report: RetentionReport) -> None:
        latest = max(cutoffs.ticket_text_before, cutoffs.pseudonymise_before)
        for stored in await self._store.answered_tickets_asked_before(latest):
            await self._breathe()
            aged = age_ticket(Ticket.model_validate_json(stored.data), cutoffs)
            if aged is None:
                continue
            if not dry_run and not await self._store.replace_ticket(stored, aged.ticket.model_dump_json()):
                continue  # changed meanwhile (reopened): the next pass looks again
            report.ticket_texts_deleted += aged.text_deleted
            report.ticket_askers_pseudonymised += aged.asker_pseudonymised
