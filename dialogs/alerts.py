"""Step 4 for real: the board member alerts colleagues, who press "Gelezen"; the board sees who read it.

Colleagues in Teams get a personal message through the outbox (delivered by the outbox sender,
exactly once per board, person and audience); someone outside Teams gets an e-mail the board
member sends themselves, prepared with a mailto: link. Who was alerted, and who read it, is kept
per board in alert_recipients; the board's own record (administration and ICT alerted) is
recorded as before, so the step's facts still decide when it is done.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from botbuilder.core import TurnContext

from bot.content import Content
from bot.content_models import Question
from bot.onboarding.errors import InvalidAnswer
from bot.onboarding.models import Audience, Board, StepId
from bot.onboarding.recorders import Answer
from bot.outbox.models import AlertRecipient, NewMessage, OutboxMessage, Recipient
from bot.turns import pseudonym
from dialogs.activities import card_activity
from dialogs.alert_cards import email_card, picker_part, staff_activity, staff_card
from dialogs.alert_input import Picked, picked_from
from dialogs.inputs import UserInput
from dialogs.roster import Colleague, has_roster, open_personal_chat, roster_of
from dialogs.turn import TurnInfo
from dialogs.views import format_when

# journey.yaml names these in `records:`; "send" runs them, other answers record nothing here.
ALERT_SENDERS: dict[str, Audience] = {
    "alert_administration_via_bot": Audience.ADMINISTRATION,
    "alert_ict_via_bot": Audience.ICT,
}
ALERT_KIND = "alert"

BoardLookup = Callable[[str, str], Awaitable[Board | None]]  # board id, tenant id


class AlertStore(Protocol):
    """What step 4 needs of the outbox store (bot/storage/outbox_sql.py)."""

    async def enqueue(self, message: NewMessage, now: datetime) -> bool: ...

    async def by_key(self, idempotency_key: str) -> OutboxMessage | None: ...

    async def recipient(self, recipient_key: str) -> Recipient | None: ...

    async def save_reference(self, recipient_key: str, reference: dict[str, Any], now: datetime) -> None: ...

    async def add_alert_recipient(self, alerted: AlertRecipient) -> None: ...

    async def mark_alert_read(self, board_id: str, person_key: str, now: datetime) -> bool: ...

    async def alert_recipients(self, board_id: str) -> list[AlertRecipient]: ...


def alert_key(board_id: str, person_key: str, audience: Audience) -> str:
    return f"alert:{board_id}:{person_key}:{audience.value}"


@dataclass
class _Sent:
    """What one "Inlichten" did, for the messages back to the board member."""

    teams: list[str] = field(default_factory=list)
    again: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    emails: list[Any] = field(default_factory=list)  # the prepared e-mail cards

    @property
    def names(self) -> list[str]:
        return self.teams + self.again


@dataclass(frozen=True)
class ReadReply:
    """The answer to a "Gelezen" press: the card that replaces the pressed one, or a short message."""

    card: Any | None = None
    text: str | None = None


class AlertDesk:
    def __init__(self, content: Content, store: AlertStore, boards: BoardLookup) -> None:
        self._content = content
        self._store = store
        self._boards = boards

    @staticmethod
    def handles(question: Question) -> bool:
        return question.records in ALERT_SENDERS

    async def picker(self, context: TurnContext, locale: str, filled: UserInput | None) -> list[Any]:
        """The card part under step 4's question; the roster is read from Teams each time it is shown."""
        in_team = has_roster(context)
        people = await roster_of(context) if in_team else None
        return picker_part(self._content, locale, in_team, people, filled)

    # "Inlichten"

    async def send(
        self, context: TurnContext, turn: TurnInfo, board: Board, audience: Audience, given: UserInput
    ) -> tuple[Board, str]:
        """Alerts whoever was chosen; returns the board as recorded and what the answered card says.

        Raises InvalidAnswer (nothing sent, nothing lost) for a bad address or nobody chosen.
        """
        picked = picked_from(given)
        colleagues = await self._chosen_colleagues(context, picked)
        now = turn.service.now()
        listed = {r.person_key for r in await self._store.alert_recipients(board.id)}
        sent = _Sent()
        for colleague in colleagues:
            await self._alert_colleague(context, board, audience, colleague, listed, now, sent)
        if picked.outsider:
            await self._alert_outsider(turn, board, audience, picked, listed, now, sent)
        if not sent.names and not sent.emails:
            raise InvalidAnswer("alerts.invalid.unreached")
        await self._tell(context, turn.locale, sent)
        board = await self._record(turn, board, audience)
        label = self._content.text(turn.locale, "alerts.answered", who=", ".join(sent.names + _names(sent)))
        return board, label

    async def _chosen_colleagues(self, context: TurnContext, picked: Picked) -> list[Colleague]:
        if not picked.people:
            return []
        roster = await roster_of(context)
        if roster is None:
            raise InvalidAnswer("alerts.picker.no_roster")
        by_id = {c.id: c for c in roster}
        return [by_id[p] for p in dict.fromkeys(picked.people) if p in by_id]

    async def _alert_colleague(
        self,
        context: TurnContext,
        board: Board,
        audience: Audience,
        colleague: Colleague,
        listed: set[str],
        now: datetime,
        sent: _Sent,
    ) -> None:
        key = alert_key(board.id, colleague.key, audience)
        if await self._store.by_key(key) is not None:
            sent.again.append(colleague.name)
            return
        known = await self._store.recipient(colleague.key)
        reference = known.reference if known is not None else None
        if reference is None:
            reference = await open_personal_chat(context, colleague)
            if reference is None:
                sent.failed.append(colleague.name)
                return
            await self._store.save_reference(colleague.key, reference, now)
        message = NewMessage(
            idempotency_key=key,
            kind=ALERT_KIND,
            recipient_key=colleague.key,
            reference=reference,
            activities=[staff_activity(self._content, board, colleague.key, audience)],
            board_id=board.id,
        )
        if not await self._store.enqueue(message, now):
            sent.again.append(colleague.name)  # a colleague's click a moment earlier queued it
            return
        if colleague.key not in listed:
            await self._store.add_alert_recipient(
                AlertRecipient(board.id, colleague.key, colleague.name, audience.value, "teams", now, None)
            )
            listed.add(colleague.key)
        sent.teams.append(colleague.name)

    async def _alert_outsider(
        self,
        turn: TurnInfo,
        board: Board,
        audience: Audience,
        picked: Picked,
        listed: set[str],
        now: datetime,
        sent: _Sent,
    ) -> None:
        key = pseudonym(board.tenant_id, "email", picked.email.lower())
        if key not in listed:
            await self._store.add_alert_recipient(
                AlertRecipient(board.id, key, picked.name, audience.value, "email", now, None)
            )
            listed.add(key)
        card = email_card(self._content, turn.locale, board, audience, picked.name, picked.email)
        sent.emails.append((picked.name, card))

    async def _tell(self, context: TurnContext, locale: str, sent: _Sent) -> None:
        t = self._content.translator(locale)
        if sent.teams:
            await context.send_activity(t("alerts.sent.teams", who=", ".join(sent.teams)))
        if sent.again:
            await context.send_activity(t("alerts.sent.again", who=", ".join(sent.again)))
        if sent.failed:
            await context.send_activity(t("alerts.sent.failed", who=", ".join(sent.failed)))
        for _, card in sent.emails:
            await context.send_activity(card_activity(card))

    async def _record(self, turn: TurnInfo, board: Board, audience: Audience) -> Board:
        """The board's own record, as before (step 4's facts): how many, not who, for coordinators
        and the dashboard show it too; the names stay in alert_recipients, for the board alone."""
        alerted = [r for r in await self._store.alert_recipients(board.id) if r.audience == audience.value]
        who = self._content.text(turn.locale, "alerts.who", count=len(alerted))
        recorder = f"alert_{audience.value}"
        outcome = await turn.service.record(turn.speaker, board.id, StepId.ALERT, recorder, Answer(who))
        turn.remember_board(outcome.board)
        return outcome.board

    # "Gelezen"

    async def read(self, turn: TurnInfo) -> ReadReply:
        """Only the alerted person marks it read; a second press, or anyone else's, changes nothing."""
        t = self._content.translator(turn.locale)
        board_id, person = turn.input.field("boardId"), turn.input.field("person")
        audience = turn.input.field("audience")
        if not board_id or not person or audience not in {a.value for a in Audience}:
            return ReadReply(text=t("alerts.read.unknown"))
        if person != turn.speaker.actor.key:
            return ReadReply(text=t("alerts.read.not_yours"))
        marked = await self._store.mark_alert_read(board_id, person, turn.service.now())
        row = next((r for r in await self._store.alert_recipients(board_id) if r.person_key == person), None)
        board = await self._boards(board_id, turn.speaker.tenant_id)
        if row is None or row.read_at is None or board is None:
            return ReadReply(text=t("alerts.read.unknown"))
        when = format_when(row.read_at, "nl")
        note = self._content.text(
            "nl", "alerts.staff.read_on" if marked else "alerts.staff.read_before", when=when
        )
        return ReadReply(card=staff_card(self._content, board, person, Audience(audience), read=note))

    # the board's overview

    async def recipients(self, board_id: str) -> list[AlertRecipient]:
        return await self._store.alert_recipients(board_id)


def _names(sent: _Sent) -> list[str]:
    return [name for name, _ in sent.emails]
