"""Buttons on answer, suggestion, "I don't know" and ticket cards.

Each returns what replaces the clicked card, and the cards that must reach other conversations
(a new ticket to the coordinators, an answer to the person who asked); the handler sends those.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from bot.cards import render_card
from bot.content import Content
from bot.helpdesk.models import Ticket
from dialogs.faq import ASKED_KEPT, answer_card
from dialogs.turn import TurnInfo
from dialogs.views import format_when


@dataclass(frozen=True)
class Delivery:
    card: Any
    reference: dict[str, Any] | None = None  # None: to every coordinator the bot can reach


@dataclass
class HelpdeskOutcome:
    card: Any = None  # replaces the clicked card
    message: str | None = None  # or a short message instead
    deliveries: list[Delivery] = field(default_factory=list)
    reopen_if_undelivered: str | None = None  # a ticket whose answer must not be lost in transit


HelpdeskAction = Callable[[Content, TurnInfo, dict[str, Any]], Awaitable[HelpdeskOutcome]]


def _asked(turn: TurnInfo) -> str:
    value = turn.input.field("question") or ""
    return value.strip()[:ASKED_KEPT]


async def feedback(content: Content, turn: TurnInfo, reference: dict[str, Any]) -> HelpdeskOutcome:
    """faq.feedback {entry, helpful}: stored with the entry's id; the card thanks, or offers a person."""
    entry = content.knowledge.entry(turn.input.field("entry") or "")
    helpful = turn.input.data.get("helpful")
    if entry is None or not isinstance(helpful, bool):
        return HelpdeskOutcome(message=content.text(turn.locale, "invalid.choice"))
    await turn.helpdesk.feedback(turn.speaker, await turn.board(), entry.id, helpful)
    state = "helpful" if helpful else "not_helpful"
    card = answer_card(content, turn.locale, entry, _asked(turn), state, turn.can_escalate)
    return HelpdeskOutcome(card=card)


async def pick(content: Content, turn: TurnInfo, reference: dict[str, Any]) -> HelpdeskOutcome:
    """faq.pick {entry}: one of the suggested questions; the card becomes its answer."""
    entry = content.knowledge.entry(turn.input.field("entry") or "")
    if entry is None:
        return HelpdeskOutcome(message=content.text(turn.locale, "invalid.choice"))
    asked = _asked(turn)
    await turn.helpdesk.log_question(turn.speaker, await turn.board(), "picked", entry.id, 1.0, asked)
    return HelpdeskOutcome(card=answer_card(content, turn.locale, entry, asked))


# Coordinators of the Dutch program read tickets in the product's language, whatever their client says,
# so that a ticket card keeps its language when it is answered.
TICKET_LOCALE = "nl"


def ticket_card(content: Content, locale: str, ticket: Ticket, draft: bool = False) -> Any:
    return render_card(
        content,
        "ticket",
        locale,
        ticket_id=ticket.id,
        question=ticket.question,
        asker=ticket.asker_name,
        board=ticket.board_label,
        asked_at=format_when(ticket.asked_at, locale),
        answer=ticket.answer,
        answered_by=ticket.answered_by,
        answered_at=format_when(ticket.answered_at, locale) if ticket.answered_at else None,
        draft=draft,
    )


async def open_ticket(content: Content, turn: TurnInfo, reference: dict[str, Any]) -> HelpdeskOutcome:
    """ticket.open {question}: "Vraag een medewerker". The coordinators get it as a card."""
    asked = _asked(turn)
    if not asked:
        return HelpdeskOutcome(message=content.text(turn.locale, "invalid.choice"))
    ticket = await turn.helpdesk.open_ticket(turn.speaker, await turn.board(), asked, turn.locale, reference)
    await turn.helpdesk.log_question(turn.speaker, await turn.board(), "escalated", None, 0.0, asked)
    t = content.translator(turn.locale)
    return HelpdeskOutcome(
        card=render_card(
            content, "notice", turn.locale, title=t("ticket.opened_title"), text=t("ticket.opened")
        ),
        deliveries=[Delivery(ticket_card(content, TICKET_LOCALE, ticket))],
    )


def _reply_card(content: Content, ticket: Ticket) -> Any:
    assert ticket.answer is not None and ticket.answered_at is not None
    return render_card(
        content,
        "ticket_reply",
        ticket.locale,
        question=ticket.question,
        answer=ticket.answer,
        answered_by=ticket.answered_by or "?",
        when=format_when(ticket.answered_at, ticket.locale),
    )


async def answer_ticket(content: Content, turn: TurnInfo, reference: dict[str, Any]) -> HelpdeskOutcome:
    """ticket.answer {ticket, answer}: closes the ticket; the asker gets the answer where they asked."""
    if not turn.is_coordinator:
        return HelpdeskOutcome(message=content.text(turn.locale, "ticket.coordinators_only"))
    ticket = await turn.helpdesk.answer(
        turn.input.field("ticket") or "", turn.input.field("answer") or "", turn.speaker.actor
    )
    return HelpdeskOutcome(
        card=ticket_card(content, TICKET_LOCALE, ticket),
        deliveries=[Delivery(_reply_card(content, ticket), ticket.reply_to)],
        reopen_if_undelivered=ticket.id,
    )


async def draft_entry(content: Content, turn: TurnInfo, reference: dict[str, Any]) -> HelpdeskOutcome:
    """ticket.draft {ticket}: the answer becomes a draft entry for the knowledge base's editors."""
    if not turn.is_coordinator:
        return HelpdeskOutcome(message=content.text(turn.locale, "ticket.coordinators_only"))
    ticket_id = turn.input.field("ticket") or ""
    await turn.helpdesk.draft_entry(ticket_id, turn.speaker.actor)
    ticket = await turn.helpdesk.ticket(ticket_id)
    return HelpdeskOutcome(card=ticket_card(content, TICKET_LOCALE, ticket, draft=True))


HELPDESK_ACTIONS: dict[str, HelpdeskAction] = {
    "faq.feedback": feedback,
    "faq.pick": pick,
    "ticket.open": open_ticket,
    "ticket.answer": answer_ticket,
    "ticket.draft": draft_entry,
}
