"""What can go wrong with a ticket; each names the text a person is shown."""

from __future__ import annotations


class HelpdeskError(Exception):
    text_key = "helpdesk.error"


class UnknownTicket(HelpdeskError):
    text_key = "helpdesk.unknown_ticket"


class TicketAlreadyAnswered(HelpdeskError):
    text_key = "helpdesk.already_answered"


class EmptyAnswer(HelpdeskError):
    text_key = "helpdesk.empty_answer"
