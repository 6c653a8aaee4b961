"""Short-lived, single-use sign-in links for the dashboard: HMAC-signed, expiring, with a nonce.

A link carries who it was made for, a random nonce and its expiry, signed with the server's
secret. The signature proves the bot made it; the expiry bounds how long a forwarded or logged
link is worth anything; the nonce, recorded on first use, makes a second use fail.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum


class LinkProblem(StrEnum):
    MALFORMED = "malformed"
    TAMPERED = "tampered"
    EXPIRED = "expired"
    USED = "used"


@dataclass(frozen=True)
class SignedLink:
    coordinator: str  # the configured or added identity it was made for (object id or UPN)
    nonce: str
    expires_at: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class LinkSigner:
    def __init__(self, secret: bytes, lifetime: timedelta) -> None:
        self._secret = secret
        self.lifetime = lifetime

    def _signature(self, payload: str) -> str:
        return _b64(hmac.new(self._secret, payload.encode(), hashlib.sha256).digest())

    def make(self, coordinator: str, now: datetime) -> str:
        body = {"c": coordinator, "n": secrets.token_urlsafe(16), "e": int((now + self.lifetime).timestamp())}
        payload = _b64(json.dumps(body, separators=(",", ":")).encode())
        return f"{payload}.{self._signature(payload)}"

    def read(self, token: str, now: datetime) -> SignedLink | LinkProblem:
        """The link's content when its signature holds and it has not expired (use is checked apart)."""
        payload, _, signature = token.partition(".")
        if not payload or not signature:
            return LinkProblem.MALFORMED
        if not hmac.compare_digest(signature, self._signature(payload)):
            return LinkProblem.TAMPERED
        try:
            body = json.loads(_unb64(payload))
            link = SignedLink(
                str(body["c"]), str(body["n"]), datetime.fromtimestamp(int(body["e"]), now.tzinfo)
            )
        except (ValueError, KeyError, TypeError):
            return LinkProblem.MALFORMED
        if link.expires_at <= now:
            return LinkProblem.EXPIRED
        return link
