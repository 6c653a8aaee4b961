"""What of a ticket ages out: its free text after it closed, who asked it after the longer period."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.helpdesk.models import Ticket, TicketStatus
from bot.privacy.pseudonyms import ERASED_NAME, is_erased, new_erased_key
from bot.retention.policy import Cutoffs


@dataclass(frozen=True)
class AgedTicket:
    ticket: Ticket
    text_deleted: bool
    asker_pseudonymised: bool


def _has_free_text(ticket: Ticket) -> bool:
    return bool(
        ticket.question or ticket.asker_name or ticket.answer or ticket.answered_by or ticket.reply_to
    )


def age_ticket(ticket: Ticket, cutoffs: Cutoffs) -> AgedTicket | None:
    """The ticket as retention leaves it, or None when nothing of it has aged out (yet).

    Only answered tickets age: an open one still needs its question and where to send the answer.
    Status, times, board and ticket id stay, so the helpdesk's figures stay true.
    """
    if ticket.status != TicketStatus.ANSWERED or ticket.answered_at is None:
        return None
    update: dict[str, Any] = {}
    text_deleted = ticket.answered_at < cutoffs.ticket_text_before and _has_free_text(ticket)
    if text_deleted:
        update |= {
            "question": "",
            "asker_name": ERASED_NAME,
            "answer": None,
            "answered_by": None,
            "reply_to": {},  # the asker's conversation: Teams ids, sometimes their name
        }
    asker_pseudonymised = ticket.asked_at < cutoffs.pseudonymise_before and not is_erased(ticket.asker_key)
    if asker_pseudonymised:
        update["asker_key"] = new_erased_key()
    if not update:
        return None
    return AgedTicket(ticket.model_copy(update=update), text_deleted, asker_pseudonymised)
