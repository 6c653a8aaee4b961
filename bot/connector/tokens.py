"""The bot's own access token for the Bot Connector, fetched once and reused until shortly before it expires.

Azure Bot Service gives the bot an app id and a client secret; every reply carries a token for
that app (the client-credentials grant at Microsoft Entra). botbuilder asks for it again through
a new credentials object on every turn; here one provider per process keeps it, and concurrent
turns that find it expired wait for one refresh instead of each fetching their own.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import ClientError, ClientSession, ClientTimeout

log = logging.getLogger(__name__)

REFRESH_MARGIN_S = 300.0  # renew five minutes early: a token must not expire on its way to Teams
TOKEN_TIMEOUT = ClientTimeout(total=10)


class TokenUnavailable(Exception):
    """The login endpoint did not give a token; the reply cannot be sent now."""


@dataclass(frozen=True)
class _Token:
    value: str
    renew_at: float


class BotTokens:
    """Bearer headers for outgoing requests; none in local mode (no app id)."""

    def __init__(
        self,
        session: Callable[[], ClientSession],
        app_id: str,
        secret: str,
        token_url: str,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._session = session
        self._app_id = app_id
        self._secret = secret
        self._token_url = token_url
        self._monotonic = monotonic
        self._tokens: dict[str, _Token] = {}
        self._refreshing: dict[str, asyncio.Lock] = {}

    @property
    def enabled(self) -> bool:
        return bool(self._app_id)

    async def headers(self, audience: str) -> dict[str, str]:
        if not self._app_id:
            return {}
        return {"Authorization": f"Bearer {await self.token(audience)}"}

    async def token(self, audience: str) -> str:
        cached = self._tokens.get(audience)
        if cached is not None and self._monotonic() < cached.renew_at:
            return cached.value
        lock = self._refreshing.setdefault(audience, asyncio.Lock())
        async with lock:
            cached = self._tokens.get(audience)  # another turn may have renewed it meanwhile
            if cached is not None and self._monotonic() < cached.renew_at:
                return cached.value
            fresh = await self._fetch(audience)
            self._tokens[audience] = fresh
            return fresh.value

    def forget(self, audience: str) -> None:
        """Drops a token the connector refused (401), so the next request fetches a new one."""
        self._tokens.pop(audience, None)

    async def _fetch(self, audience: str) -> _Token:
        form = {
            "grant_type": "client_credentials",
            "client_id": self._app_id,
            "client_secret": self._secret,
            "scope": f"{audience.rstrip('/')}/.default",
        }
        asked_at = self._monotonic()
        try:
            async with self._session().post(self._token_url, data=form, timeout=TOKEN_TIMEOUT) as answer:
                body = await answer.json(content_type=None)
                if answer.status != 200 or not isinstance(body, dict) or "access_token" not in body:
                    error = body.get("error") if isinstance(body, dict) else None
                    log.error("token_refused status=%s error=%s", answer.status, error)
                    raise TokenUnavailable(f"the login endpoint answered {answer.status}")
        except (ClientError, TimeoutError, ValueError) as error:
            log.error("token_unreachable error=%s", type(error).__name__)
            raise TokenUnavailable("the login endpoint could not be reached") from error
        lifetime = float(body.get("expires_in", 3600))
        log.info("token_fetched lifetime_s=%.0f", lifetime)
        # Renew five minutes early, or halfway through a token that lives shorter than that.
        return _Token(str(body["access_token"]), asked_at + max(lifetime - REFRESH_MARGIN_S, lifetime / 2))
