"""How long personal data is kept: the periods from the settings, and the moments they end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.config import Settings


@dataclass(frozen=True)
class Cutoffs:
    """Records from before these moments have aged out."""

    pseudonymise_before: datetime  # events, stamps in the board document, dialog states
    ticket_text_before: datetime  # free text of closed tickets, texts of questions asked, sent messages
    now: datetime  # expired dashboard sessions; spent link nonces a day after use


@dataclass(frozen=True)
class RetentionPolicy:
    pseudonymise_after: timedelta = timedelta(days=730)
    closed_ticket_text_after: timedelta = timedelta(days=90)

    @classmethod
    def from_settings(cls, settings: Settings) -> RetentionPolicy:
        return cls(
            pseudonymise_after=timedelta(days=settings.pseudonymise_after_days),
            closed_ticket_text_after=timedelta(days=settings.closed_ticket_text_days),
        )

    def cutoffs(self, now: datetime) -> Cutoffs:
        return Cutoffs(
            pseudonymise_before=now - self.pseudonymise_after,
            ticket_text_before=now - self.closed_ticket_text_after,
            now=now,
        )
