"""Why an inbound request was not let in, and why its token could not be checked at all."""

from __future__ import annotations


class AuthenticationError(Exception):
    """The token does not pass: the request gets 401. `reason` is short and holds nothing of the token."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class KeysUnavailable(Exception):
    """The signing keys could not be loaded, so the token cannot be judged: the request gets 503."""


class MetadataError(Exception):
    """An OpenID metadata document or key set could not be fetched or understood."""
