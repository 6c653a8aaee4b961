"""Takes a person's name out of a board's progress: who recorded what goes, what was recorded stays.

A board document records people by name only (Stamp.by is the name shown to colleagues), and a
few answers are free text that may name someone (the mandated signer, who was told in step 4).
The names to take out are those the event log recorded for the person, under their own key.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from bot.onboarding.models import Board
from bot.onboarding.stamps import all_stamps
from bot.privacy.pseudonyms import ERASED_NAME

_UNNAMED = frozenset({"", "?"})


def usable_names(names: Collection[str]) -> frozenset[str]:
    return frozenset(n.strip() for n in names if n.strip() not in _UNNAMED)


def stamps_by(board: Board, names: Collection[str]) -> int:
    """How many places in the board's progress name one of NAMES as who recorded it."""
    wanted = usable_names(names)
    return sum(1 for stamp in all_stamps(board) if stamp.by in wanted)


def _without(text: str, names: frozenset[str]) -> str:
    """TEXT without any of NAMES as whole words; TEXT itself when it names none of them."""
    found = False
    for name in sorted(names, key=len, reverse=True):
        text, count = re.subn(rf"(?<!\w){re.escape(name)}(?!\w)", " ", text, flags=re.IGNORECASE)
        found = found or count > 0
    return " ".join(text.split()).strip(" ,;&") if found else text


def scrub_board(board: Board, names: Collection[str]) -> int:
    """Replaces NAMES in BOARD by the erased person's (empty) name; returns how many places changed."""
    wanted = usable_names(names)
    if not wanted:
        return 0
    # Listed before any is changed: one Stamp object may fill several places (one answer's stamp).
    named = [stamp for stamp in all_stamps(board) if stamp.by in wanted]
    for stamp in named:
        stamp.by = ERASED_NAME
    changed = len(named)
    for agreement in board.agreements:
        cleaned = _without(agreement.mandated_to, wanted)
        if cleaned != agreement.mandated_to:
            agreement.mandated_to = cleaned
            changed += 1
    for alert in board.alerts:
        cleaned = _without(alert.who, wanted)
        if cleaned != alert.who:
            alert.who = cleaned
            changed += 1
    return changed
