"""A person's own data (see it, erase it) and a board's data as a whole (export it, delete it).

Who is the board's bestuurder? The board records no roles for people: the Signer of an agreement
says whether the bestuurder or a mandated person signs, not who that is. So the bestuurder is the
person who created the board (its "board.created" event carries their key) while they are still
linked to it. Once they erase their own data, nobody is; the program's operators can still act.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Collection
from datetime import datetime
from typing import Protocol

from bot.coordination.links import LinkProblem
from bot.onboarding.clock import Clock, system_clock
from bot.onboarding.errors import ConcurrentUpdate
from bot.onboarding.models import Board
from bot.onboarding.service import Speaker
from bot.privacy.errors import BoardGone, NotBestuurder, WrongNumber
from bot.privacy.export_links import ExportGrant, ExportLinks
from bot.privacy.models import (
    BoardDeletion,
    BoardExport,
    Erasure,
    Membership,
    PersonalData,
    PersonRecords,
)
from bot.privacy.pseudonyms import new_erased_key
from bot.privacy.scrub import scrub_board, stamps_by
from bot.storage.protocol import VersionConflict

log = logging.getLogger(__name__)

_MAX_ATTEMPTS = 8
EXPORT_FORMAT = "eckbot-board-export/1"


class PrivacyStore(Protocol):
    """bot/storage/privacy_sql.py"""

    async def person_records(
        self, tenant_id: str, person_key: str, state_keys: Collection[str]
    ) -> PersonRecords: ...

    async def erase_person(
        self,
        tenant_id: str,
        person_key: str,
        erased_key: str,
        scrub: Callable[[Board], int],
        forget_keys: Collection[str],
        now: datetime,
    ) -> Erasure: ...

    async def creator_of(self, board_id: str, tenant_id: str) -> str | None: ...

    async def member_board(self, tenant_id: str, person_key: str) -> str | None: ...

    async def board_export(self, board_id: str, tenant_id: str, now: datetime) -> BoardExport | None: ...

    async def delete_board(self, board_id: str, tenant_id: str) -> BoardDeletion | None: ...

    async def use_link(self, nonce: str, at: datetime) -> bool: ...


class PersonalDataService:
    def __init__(
        self, store: PrivacyStore, links: ExportLinks | None = None, clock: Clock = system_clock
    ) -> None:
        self._store = store
        self._links = links
        self._clock = clock

    # a person's own data

    async def what_we_keep(self, person: Speaker, state_keys: Collection[str] = ()) -> PersonalData:
        """Everything the bot keeps that names this person (by their key, or by their name on
        their board), and nothing about anyone else. STATE_KEYS: their personal chat's dialog state."""
        records = await self._store.person_records(person.tenant_id, person.actor.key, state_keys)
        names = {*records.events.names, person.actor.name}
        memberships = [
            Membership(
                board_id=board.id,
                bg_number=board.bg_number,
                board_name=board.name,
                linked_at=linked_at,
                bestuurder=board.id in records.created_boards,
                stamps=stamps_by(board, names),
            )
            for board, linked_at in records.memberships
        ]
        return PersonalData(
            memberships=memberships,
            events=records.events,
            tickets=records.tickets,
            reach=records.reach,
            alerts=records.alerts,
            conversation_state=records.has_state,
        )

    async def erase(self, person: Speaker, forget_keys: Collection[str] = ()) -> Erasure:
        """Erases the person: in the board's history what was done stays, who did it becomes one
        fresh pseudonym. Their links to boards, their tickets' texts, where to reach them, and the
        state and welcome keys in FORGET_KEYS go. A second erasure finds nothing and changes nothing."""
        records = await self._store.person_records(person.tenant_id, person.actor.key, ())
        names = {*records.events.names, person.actor.name}
        erased_key = new_erased_key()
        for attempt in range(_MAX_ATTEMPTS):
            try:
                erasure = await self._store.erase_person(
                    person.tenant_id,
                    person.actor.key,
                    erased_key,
                    lambda board: scrub_board(board, names),
                    forget_keys,
                    self._clock(),
                )
            except VersionConflict:
                await asyncio.sleep(random.uniform(0, 0.005 * 2**attempt))
                continue
            log.info(
                "personal_data_erased events=%s boards=%s tickets=%s alerts=%s messages=%s",
                erasure.events,
                erasure.boards,
                erasure.tickets,
                erasure.alerts,
                erasure.messages,
            )
            return erasure
        raise ConcurrentUpdate("erase")

    # a board as a whole: its bestuurder only

    async def is_bestuurder(self, person: Speaker, board_id: str) -> bool:
        member_of = await self._store.member_board(person.tenant_id, person.actor.key)
        if member_of != board_id:
            return False
        return await self._store.creator_of(board_id, person.tenant_id) == person.actor.key

    async def _require_bestuurder(self, board: Board | None, by: Speaker) -> Board:
        if board is None or board.tenant_id != by.tenant_id:
            raise BoardGone()
        if not await self.is_bestuurder(by, board.id):
            log.info("board_privacy_refused reason=not_bestuurder")
            raise NotBestuurder()
        return board

    async def export_board(self, board: Board | None, by: Speaker) -> BoardExport:
        """All of the board's data as JSON-ready data; nothing of another board."""
        board = await self._require_bestuurder(board, by)
        return await self._export(board.id, board.tenant_id)

    async def _export(self, board_id: str, tenant_id: str) -> BoardExport:
        exported = await self._store.board_export(board_id, tenant_id, self._clock())
        if exported is None:
            raise BoardGone()
        log.info("board_exported events=%s", len(exported["events"]))
        return {"format": EXPORT_FORMAT, **exported}

    async def export_link(self, board: Board | None, by: Speaker) -> str:
        """A one-time download token for the board's export, for its bestuurder."""
        board = await self._require_bestuurder(board, by)
        if self._links is None:
            raise RuntimeError("no export links configured")
        return self._links.make(board.id, board.tenant_id, by.actor.key, self._clock())

    async def export_by_link(self, token: str) -> tuple[str, BoardExport] | LinkProblem:
        """The export a download link grants (its board's number, and the data), or why not.

        The holder must still be the board's bestuurder when the link is used."""
        if self._links is None:
            return LinkProblem.MALFORMED
        now = self._clock()
        grant = self._links.read(token, now)
        if isinstance(grant, LinkProblem):
            return grant
        if not await self._still_bestuurder(grant):
            return LinkProblem.TAMPERED
        if not await self._store.use_link(grant.nonce, now):
            return LinkProblem.USED
        try:
            exported = await self._export(grant.board_id, grant.tenant_id)
        except BoardGone:
            return LinkProblem.EXPIRED
        return str(exported["board"].get("bg_number", "")), exported

    async def _still_bestuurder(self, grant: ExportGrant) -> bool:
        member_of = await self._store.member_board(grant.tenant_id, grant.person_key)
        creator = await self._store.creator_of(grant.board_id, grant.tenant_id)
        return member_of == grant.board_id and creator == grant.person_key

    async def delete_board(self, board: Board | None, by: Speaker, typed_number: str) -> BoardDeletion:
        """Removes the board and everything that hangs off it, once its bestuurder has typed the
        board's bevoegd-gezagnummer to confirm."""
        board = await self._require_bestuurder(board, by)
        if typed_number.strip() != board.bg_number:
            raise WrongNumber()
        deletion = await self._store.delete_board(board.id, board.tenant_id)
        if deletion is None:
            raise BoardGone()
        log.info(
            "board_deleted events=%s members=%s tickets=%s",
            deletion.events,
            deletion.members,
            deletion.tickets,
        )
        return deletion
