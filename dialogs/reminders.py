"""“geen herinneringen” / “wel herinneringen”: a person turns reminders off or on again.

The choice is the person's own, wherever they type it (their personal chat or a team channel),
and only reminders follow it: step 4's alerts are messages from colleagues, not reminders.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Protocol

from bot.content import Content
from dialogs.turn import TurnInfo

# The commands in <locale>/vocabulary.yaml, and whether each wants reminders.
REMINDER_COMMANDS: Mapping[str, bool] = {"reminders_off": False, "reminders_on": True}


class ReminderChoices(Protocol):
    """Where the choice is kept: bot.storage.outbox_sql.SqlOutboxStore."""

    async def set_reminders(self, recipient_key: str, wanted: bool, now: datetime) -> None: ...


async def choose_reminders(content: Content, choices: ReminderChoices, turn: TurnInfo, command: str) -> str:
    """Stores the speaker's choice for COMMAND (one of REMINDER_COMMANDS); the answer to show them."""
    wanted = REMINDER_COMMANDS[command]
    await choices.set_reminders(turn.speaker.actor.key, wanted, turn.service.now())
    return content.text(turn.locale, "reminders.choice.on" if wanted else "reminders.choice.off")
