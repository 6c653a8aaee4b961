"""Coordinators in the chat: every board's progress, who else is a coordinator, the dashboard link
and API tokens.

Every command and button checks the role first. Anyone else gets a refusal that says nothing of
what coordinators can do; a board member never sees another board.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from bot.content import Content
from bot.coordination.models import BoardFilter, Scope
from bot.coordination.service import CoordinatorService, NotCoordinator
from dialogs.coordination_views import (
    ALL_SUPPLIERS,
    BOARD_EVENTS,
    board_card,
    coordinators_card,
    dashboard_card,
    known_supplier,
    overview_card,
    problem_card,
    token_created_card,
    tokens_card,
)
from dialogs.inputs import normalise
from dialogs.turn import TurnInfo

log = logging.getLogger(__name__)

COMMANDS = frozenset(
    {
        "overview",
        "dashboard",
        "coordinators",
        "coordinator_add",
        "coordinator_remove",
        "tokens",
        "token_create",
        "token_revoke",
    }
)
# Commands typed with something after them: "coordinator toevoegen naam@school.nl".
ARGUMENT_COMMANDS = ("coordinator_add", "coordinator_remove", "token_create", "token_revoke")
VERBS = frozenset({"coordination.overview", "coordination.board"})

BOARD_CHOICES = 50  # boards offered for the drill-down: the longest stalled first
LABEL_LENGTH = 100
_TAGS = re.compile(r"<[^>]*>")  # Teams may send a typed e-mail address as a mailto link
_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_UPN = re.compile(r"[a-z0-9._%+'-]+@(?:[a-z0-9-]+\.)+[a-z0-9-]{2,}")
_TOKEN_ID = re.compile(r"[0-9a-f]{8}")


@dataclass(frozen=True)
class Reply:
    """A short message, or a card."""

    text: str | None = None
    card: Any = None


def command_with_argument(typed: str, table: Mapping[str, list[str]]) -> tuple[str, str] | None:
    """A command that takes a value, and the value as typed (not normalised: "@" and "." count)."""
    words = typed.split()
    for name in ARGUMENT_COMMANDS:
        for phrase in table.get(name, []):
            size = len(normalise(phrase).split())
            if len(words) > size and normalise(" ".join(words[:size])) == normalise(phrase):
                return name, " ".join(words[size:])
    return None


def plain(typed: str) -> str:
    return _TAGS.sub("", typed).strip()


def identity_from(typed: str) -> str | None:
    """An Entra object id (a GUID) or a user principal name (name@domain), lower case; else None."""
    value = plain(typed).lower().removeprefix("mailto:")
    if _GUID.fullmatch(value) or _UPN.fullmatch(value):
        return value
    return None


class CoordinationDesk:
    def __init__(
        self, content: Content, service: CoordinatorService, public_url: str, link_minutes: int
    ) -> None:
        self._content = content
        self._service = service
        self._public_url = public_url.rstrip("/")
        self._link_minutes = link_minutes

    def _text(self, turn: TurnInfo, key: str, **variables: Any) -> Reply:
        return Reply(text=self._content.text(turn.locale, key, **variables))

    async def command(self, name: str, argument: str, turn: TurnInfo) -> Reply:
        """A typed coordinator command; a refusal for anyone else."""
        by = turn.coordinator
        if by is None:
            return self._text(turn, "coordination.refused")
        try:
            return await self._command(name, argument.strip(), turn, by)
        except NotCoordinator:  # removed by a colleague a moment ago
            return self._text(turn, "coordination.refused")

    async def _command(self, name: str, argument: str, turn: TurnInfo, by: str) -> Reply:
        scope = await self._service.scope_of(by)
        if scope is None:
            raise NotCoordinator
        if name == "overview":
            return Reply(card=await self.overview(turn, scope, None))
        if name == "dashboard":
            link = await self._service.dashboard_link_token(by)
            url = f"{self._public_url}/dashboard/login?token={quote(link, safe='')}"
            return Reply(card=dashboard_card(self._content, turn.locale, url, self._link_minutes))
        if name == "coordinators":
            colleagues = await self._service.identities_of_program(scope.program)
            configured = self._service.configured & colleagues
            return Reply(card=coordinators_card(self._content, turn.locale, configured, colleagues))
        if name in ("coordinator_add", "coordinator_remove"):
            return await self._change_role(name, argument, turn, by)
        if name == "token_create":
            label = plain(argument)[:LABEL_LENGTH]
            if not label:
                return self._text(turn, "coordination.token.missing_label")
            token, secret = await self._service.create_token(label, by)
            log.info("api_token_created id=%s", token.id)
            api_url = f"{self._public_url}/api/v1/boards"
            return Reply(card=token_created_card(self._content, turn.locale, token, secret, api_url))
        if name == "tokens":
            return Reply(card=tokens_card(self._content, turn.locale, await self._service.tokens(by)))
        if name == "token_revoke":
            return await self._revoke(argument, turn, by)
        return self._text(turn, "dialog.unknown_text")

    async def _change_role(self, name: str, argument: str, turn: TurnInfo, by: str) -> Reply:
        if not argument:
            return self._text(turn, f"coordination.{name}.missing")
        identity = identity_from(argument)
        if identity is None:
            return self._text(turn, "coordination.invalid_identity", value=plain(argument)[:200])
        if name == "coordinator_add":
            added = await self._service.add_coordinator(identity, by)
            log.info("coordinator_added new=%s", added)
            return self._text(turn, "coordination.added" if added else "coordination.already", value=identity)
        if identity in self._service.configured:
            return self._text(turn, "coordination.configured_stays", value=identity)
        removed = await self._service.remove_coordinator(identity, by)
        log.info("coordinator_removed found=%s", removed)
        return self._text(
            turn, "coordination.removed" if removed else "coordination.not_added", value=identity
        )

    async def _revoke(self, argument: str, turn: TurnInfo, by: str) -> Reply:
        token_id = plain(argument).lower()
        if not token_id:
            return self._text(turn, "coordination.token.missing_id")
        if not _TOKEN_ID.fullmatch(token_id) or not await self._service.revoke_token(token_id, by):
            return self._text(turn, "coordination.token.unknown", value=token_id[:40])
        log.info("api_token_revoked id=%s", token_id)
        return self._text(turn, "coordination.token.revoked", value=token_id)

    async def overview(self, turn: TurnInfo, scope: Scope, supplier: str | None) -> Any:
        overview = await self._service.overview(scope, supplier)
        boards, _ = await self._service.boards(scope, BoardFilter(supplier=supplier), limit=BOARD_CHOICES)
        return overview_card(self._content, turn.locale, overview, supplier, boards)

    async def action(self, verb: str, turn: TurnInfo) -> Reply:
        """A button on a coordinator's card: the card it is replaced with, or a refusal."""
        scope = await self._service.scope_of(turn.coordinator)
        if scope is None:
            return self._text(turn, "coordination.refused")
        supplier = turn.input.field("supplier")
        if supplier in (None, "", ALL_SUPPLIERS):
            supplier = None
        elif not known_supplier(self._content, supplier):
            return Reply(card=problem_card(self._content, turn.locale, "coordination.unknown_supplier"))
        if verb == "coordination.overview":
            return Reply(card=await self.overview(turn, scope, supplier))
        board_id = turn.input.field("board")
        if not board_id:
            return Reply(card=problem_card(self._content, turn.locale, "coordination.choose_board", supplier))
        found = await self._service.board(scope, board_id, events=BOARD_EVENTS)
        if found is None:
            return Reply(
                card=problem_card(self._content, turn.locale, "coordination.unknown_board", supplier)
            )
        board, row, events = found
        return Reply(card=board_card(self._content, turn.locale, board, row, events, supplier))
