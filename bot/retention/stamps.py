"""Who recorded what in the board's own document: names that age out with the event log."""

from __future__ import annotations

from datetime import datetime

from bot.onboarding.models import Board
from bot.onboarding.stamps import all_stamps
from bot.privacy.pseudonyms import ERASED_NAME


def forget_old_stamps(board: Board, before: datetime) -> int:
    """Blanks the name on every stamp of BOARD recorded before BEFORE; returns how many changed.

    The moment stays: the board still sees when something was recorded, no longer by whom.
    """
    forgotten = 0
    for stamp in all_stamps(board):
        if stamp.at < before and stamp.by != ERASED_NAME:
            stamp.by = ERASED_NAME
            forgotten += 1
    return forgotten
