"""What one turn knows about who is talking, in which language, and what they gave."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from botbuilder.core import TurnContext

from bot.helpdesk.service import HelpdeskService
from bot.onboarding.models import Board
from bot.onboarding.service import OnboardingService, Speaker
from dialogs.inputs import UserInput

TURN_KEY = "eckbot.turn"


@dataclass
class TurnInfo:
    locale: str
    speaker: Speaker
    input: UserInput
    service: OnboardingService
    helpdesk: HelpdeskService
    is_coordinator: bool = False
    coordinator: str | None = None  # the identity (object id or UPN) that makes them a coordinator
    can_escalate: bool = False  # someone answers the questions the knowledge base cannot
    invoke_card: dict[str, Any] | None = None  # replaces the clicked card (Action.Execute)
    _board: Board | None = None
    _board_loaded: bool = field(default=False, repr=False)

    async def board(self) -> Board | None:
        """The board this conversation speaks for; read once per turn."""
        if not self._board_loaded:
            self._board = await self.service.board_for(self.speaker)
            self._board_loaded = True
        return self._board

    def known_board(self) -> Board | None:
        """The board if this turn already read it; None otherwise (without reading it now)."""
        return self._board if self._board_loaded else None

    def remember_board(self, board: Board) -> None:
        self._board = board
        self._board_loaded = True


def turn_info(context: TurnContext) -> TurnInfo:
    info: TurnInfo = context.turn_state[TURN_KEY]
    return info
