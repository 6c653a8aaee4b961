"""“mijn gegevens”, “verwijder mijn gegevens”, “exporteer bestuur”, “verwijder bestuur”.

All four work only in the person's own chat with the bot: there nobody else reads what the bot
keeps about them or the board's download link, and nobody else can press their "Ja, verwijder".
Erasing and deleting always go through a confirmation card.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from bot.cards import render_card
from bot.content import Content
from bot.onboarding.errors import OnboardingError
from bot.privacy.export_links import EXPORT_PATH
from bot.privacy.models import PersonalData
from bot.privacy.service import PersonalDataService
from dialogs.turn import TurnInfo
from dialogs.views import format_when

COMMANDS = frozenset({"my_data", "erase_me", "export_board", "delete_board"})
# These answer with a confirmation card: that is the next thing to answer, not the step's open
# question, which an erasure or a deletion would leave behind as a stale card.
CONFIRMED_COMMANDS = frozenset({"erase_me", "delete_board"})
ERASE_ASK = "privacy.erase.ask"
ERASE_CONFIRM = "privacy.erase.confirm"
ERASE_CANCEL = "privacy.erase.cancel"
BOARD_DELETE = "privacy.board.delete"
BOARD_CANCEL = "privacy.board.cancel"
VERBS = frozenset({ERASE_ASK, ERASE_CONFIRM, ERASE_CANCEL, BOARD_DELETE, BOARD_CANCEL})


@dataclass(frozen=True)
class PrivacyReply:
    text: str | None = None
    card: Any = None
    forget_conversation: bool = False  # the handler deletes this chat's dialog state, unsaved


def _section(title: str, lines: list[str]) -> dict[str, Any]:
    return {"title": title, "lines": lines}


def data_sections(content: Content, locale: str, kept: PersonalData) -> list[dict[str, Any]]:
    """What the card shows, grouped; an empty list when the bot keeps nothing about them."""
    t = content.translator(locale)
    sections = []
    for member in kept.memberships:
        lines = [
            t(
                "privacy.my_data.board",
                name=member.board_name,
                value=member.bg_number,
                when=format_when(member.linked_at, locale),
            )
        ]
        if member.bestuurder:
            lines.append(t("privacy.my_data.bestuurder"))
        if member.stamps:
            lines.append(t("privacy.my_data.stamps", count=member.stamps))
        sections.append(_section(t("privacy.my_data.board_title"), lines))
    done = []
    if kept.events.count and kept.events.latest_at is not None:
        done.append(
            t(
                "privacy.my_data.events",
                count=kept.events.count,
                when=format_when(kept.events.latest_at, locale),
            )
        )
        names = ", ".join(n for n in kept.events.names if n)
        if names:
            done.append(t("privacy.my_data.names", value=names))
    if kept.conversation_state:
        done.append(t("privacy.my_data.state"))
    if done:
        sections.append(_section(t("privacy.my_data.events_title"), done))
    if kept.tickets:
        lines = []
        for ticket in kept.tickets:
            when = format_when(ticket.asked_at, locale)
            if ticket.open or ticket.answered_at is None:
                lines.append(t("privacy.my_data.ticket_open", when=when, question=ticket.question))
            else:
                answered = format_when(ticket.answered_at, locale)
                lines.append(
                    t("privacy.my_data.ticket_answered", when=when, question=ticket.question, value=answered)
                )
        sections.append(_section(t("privacy.my_data.tickets_title"), lines))
    if kept.reach is not None:
        lines = []
        if kept.reach.has_reference:
            key = (
                "privacy.my_data.reach_reference"
                if kept.reach.reachable
                else "privacy.my_data.reach_unreachable"
            )
            lines.append(t(key))
        lines.append(
            t("privacy.my_data.reminders_on" if kept.reach.reminders else "privacy.my_data.reminders_off")
        )
        sections.append(_section(t("privacy.my_data.reach_title"), lines))
    if kept.alerts:
        lines = []
        for alert in kept.alerts:
            read = (
                t("privacy.my_data.alert_read", when=format_when(alert.read_at, locale))
                if alert.read_at
                else None
            )
            lines.append(
                t(
                    "privacy.my_data.alert",
                    board=alert.board_name,
                    name=alert.name,
                    value=t(f"checklist.{alert.audience}"),
                    when=format_when(alert.told_at, locale),
                    who=read,
                )
            )
        sections.append(_section(t("privacy.my_data.alerts_title"), lines))
    return sections


def board_title(name: str, number: str) -> str:
    return f"{name} ({number})" if name else number


class PrivacyDesk:
    def __init__(
        self, content: Content, service: PersonalDataService, public_url: str, link_minutes: int
    ) -> None:
        self._content = content
        self._service = service
        self._public_url = public_url.rstrip("/")
        self._link_minutes = link_minutes

    def _text(self, turn: TurnInfo, key: str, **variables: Any) -> PrivacyReply:
        return PrivacyReply(text=self._content.text(turn.locale, key, **variables))

    def _notice(self, turn: TurnInfo, title: str, text: str, **variables: Any) -> PrivacyReply:
        t = self._content.translator(turn.locale)
        return PrivacyReply(
            card=render_card(self._content, "notice", turn.locale, title=t(title), text=t(text, **variables))
        )

    async def command(self, name: str, turn: TurnInfo, personal: bool, state_keys: list[str]) -> PrivacyReply:
        """NAME is one of COMMANDS; STATE_KEYS: this chat's dialog state, to say whether it holds any."""
        if not personal:
            return self._text(turn, "privacy.only_personal")
        try:
            return await self._command(name, turn, state_keys)
        except OnboardingError as problem:
            return self._text(turn, problem.text_key)

    async def _command(self, name: str, turn: TurnInfo, state_keys: list[str]) -> PrivacyReply:
        if name == "my_data":
            kept = await self._service.what_we_keep(turn.speaker, state_keys)
            sections = data_sections(self._content, turn.locale, kept)
            return PrivacyReply(
                card=render_card(self._content, "privacy_data", turn.locale, sections=sections)
            )
        if name == "erase_me":
            return PrivacyReply(card=render_card(self._content, "privacy_erase", turn.locale))
        board = await turn.board()
        if board is None:
            return self._text(turn, "checklist.no_board")
        title = board_title(board.name, board.bg_number)
        if name == "export_board":
            token = await self._service.export_link(board, turn.speaker)
            url = f"{self._public_url}{EXPORT_PATH}?token={quote(token, safe='')}"
            card = render_card(
                self._content, "privacy_export", turn.locale, board=title, url=url, minutes=self._link_minutes
            )
            return PrivacyReply(card=card)
        if not await self._service.is_bestuurder(turn.speaker, board.id):
            return self._text(turn, "privacy.board.not_bestuurder")
        card = render_card(
            self._content,
            "privacy_board_delete",
            turn.locale,
            board=title,
            number=board.bg_number,
            board_id=board.id,
        )
        return PrivacyReply(card=card)

    async def action(self, verb: str, turn: TurnInfo, personal: bool, forget_keys: list[str]) -> PrivacyReply:
        """VERB is one of VERBS. Domain errors (not the bestuurder, a wrong number) propagate: the
        handler says them without replacing the card, so the person can try again."""
        if not personal:
            return self._text(turn, "privacy.only_personal")
        if verb == ERASE_ASK:
            return PrivacyReply(card=render_card(self._content, "privacy_erase", turn.locale))
        if verb == ERASE_CONFIRM:
            await self._service.erase(turn.speaker, forget_keys)
            reply = self._notice(turn, "privacy.erase.done_title", "privacy.erase.done")
            return PrivacyReply(card=reply.card, forget_conversation=True)
        if verb == ERASE_CANCEL:
            return self._notice(turn, "privacy.erase.kept_title", "privacy.erase.kept")
        if verb == BOARD_CANCEL:
            return self._notice(turn, "privacy.board.kept", "privacy.erase.kept")
        # Read past the turn's cache: a board deleted in this turn must not count as this turn's
        # board afterwards (the handler would save the person's chat for reminders of it).
        board = await turn.service.board_for(turn.speaker)
        if board is None or board.id != turn.input.field("boardId"):
            return self._text(turn, "privacy.board.gone")
        deleted = await self._service.delete_board(board, turn.speaker, turn.input.field("text") or "")
        title = board_title(board.name, board.bg_number)
        reply = self._notice(
            turn, "privacy.board.deleted_title", "privacy.board.deleted", board=title, count=deleted.events
        )
        return PrivacyReply(card=reply.card, forget_conversation=True)
