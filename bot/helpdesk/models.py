"""Tickets, drafts, feedback and the log of questions asked: plain pydantic, no botbuilder."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

QUESTION_LIMIT = 1000
ANSWER_LIMIT = 4000


class TicketStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"


class Ticket(BaseModel):
    """A question for a person: who asked, for which board, and where the answer must go."""

    id: str
    tenant_id: str
    board_id: str | None
    board_label: str | None  # "Stichting X (12345)", shown to the coordinator
    asker_key: str
    asker_name: str
    question: str = Field(max_length=QUESTION_LIMIT)
    locale: str
    asked_at: datetime
    reply_to: dict[str, Any]  # the asker's conversation, so the answer arrives where they asked
    status: TicketStatus = TicketStatus.OPEN
    answer: str | None = None
    answered_by: str | None = None
    answered_at: datetime | None = None
    draft_id: str | None = None


class Draft(BaseModel):
    """A knowledge base entry in the making, from a coordinator's answer; content editors finish it."""

    id: str
    ticket_id: str
    question: str
    answer: str
    locale: str
    created_at: datetime
    created_by: str


class Feedback(BaseModel):
    entry_id: str
    helpful: bool
    tenant_id: str
    board_id: str | None
    at: datetime


class QuestionAsked(BaseModel):
    """One typed question and how it went. Its text is kept only when the bot did not answer it,
    so that content editors see where the knowledge base falls short."""

    tenant_id: str
    board_id: str | None
    band: str
    entry_id: str | None
    confidence: float
    text: str | None
    at: datetime
