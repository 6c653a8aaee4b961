"""What a person may not do with a board's data; each carries the text key the dialog shows."""

from __future__ import annotations

from bot.onboarding.errors import OnboardingError


class NotBestuurder(OnboardingError):
    """Only the board's bestuurder exports or deletes the board."""

    text_key = "privacy.board.not_bestuurder"


class WrongNumber(OnboardingError):
    """The confirmation of a board's deletion did not give the board's bevoegd-gezagnummer."""

    text_key = "privacy.board.wrong_number"


class BoardGone(OnboardingError):
    """The board was deleted meanwhile (or never was this tenant's)."""

    text_key = "privacy.board.gone"
