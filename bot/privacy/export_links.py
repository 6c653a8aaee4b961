"""One-time download links for a board's export: signed, expiring, used once.

The same signing as the dashboard's sign-in links, under a key of its own (derived from the
dashboard's secret), so that neither kind of link can pass for the other.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.coordination.links import LinkProblem, LinkSigner

EXPORT_PATH = "/privacy/export"  # the download route (bot/privacy_routes.py)
_SEPARATOR = "\x1f"
_PURPOSE = b"eckbot board export"


@dataclass(frozen=True)
class ExportGrant:
    board_id: str
    tenant_id: str
    person_key: str
    nonce: str


class ExportLinks:
    def __init__(self, secret: bytes, lifetime: timedelta) -> None:
        self._signer = LinkSigner(hmac.new(secret, _PURPOSE, hashlib.sha256).digest(), lifetime)

    @property
    def lifetime(self) -> timedelta:
        return self._signer.lifetime

    def make(self, board_id: str, tenant_id: str, person_key: str, now: datetime) -> str:
        return self._signer.make(_SEPARATOR.join(("export", board_id, tenant_id, person_key)), now)

    def read(self, token: str, now: datetime) -> ExportGrant | LinkProblem:
        link = self._signer.read(token, now)
        if isinstance(link, LinkProblem):
            return link
        parts = link.coordinator.split(_SEPARATOR)
        if len(parts) != 4 or parts[0] != "export":
            return LinkProblem.MALFORMED
        return ExportGrant(parts[1], parts[2], parts[3], link.nonce)
