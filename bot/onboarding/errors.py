"""Domain errors. Each carries a text key, so the dialog can say what went wrong in the user's language."""

from __future__ import annotations


class OnboardingError(Exception):
    """Base class: something the user asked for cannot be done as asked."""

    text_key = "error.generic"

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.text_key)
        self.detail = detail


class InvalidAnswer(OnboardingError):
    """An answer that does not fit the question; the dialog asks again."""

    def __init__(self, text_key: str, detail: str = "") -> None:
        super().__init__(detail)
        self.text_key = text_key


class BoardClaimedElsewhere(OnboardingError):
    """The bevoegd-gezagnummer belongs to a board of another Teams organisation."""

    text_key = "error.board_claimed_elsewhere"


class NoBoardYet(OnboardingError):
    """The conversation is not yet linked to a board."""

    text_key = "error.no_board_yet"


class UnknownItem(OnboardingError):
    """A school or agreement that the board does not have (for instance, from an old card)."""

    text_key = "error.unknown_item"


class ConcurrentUpdate(OnboardingError):
    """Someone else changed the board at the same moment; the caller retries."""

    text_key = "error.busy"
