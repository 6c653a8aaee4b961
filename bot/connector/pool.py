"""One aiohttp session and one connector client per service URL and audience, for the whole process.

botbuilder's ConnectorFactory builds a new msrest client (with its own configuration, retry
policies and `requests` session) for every turn; this factory hands out the same client again.
"""

from __future__ import annotations

from collections import OrderedDict

from aiohttp import ClientSession, DummyCookieJar, TCPConnector
from botframework.connector.auth import AuthenticationConstants, ConnectorFactory

from bot.connector.client import PooledConnectorClient
from bot.connector.tokens import BotTokens

MAX_CLIENTS = 256  # Teams has a handful of service URLs; the bound only stops a flood of made-up ones


class ConnectorPool(ConnectorFactory):  # type: ignore[misc]
    def __init__(self, app_id: str, secret: str, token_url: str) -> None:
        self._session: ClientSession | None = None
        self._clients: OrderedDict[tuple[str, str], PooledConnectorClient] = OrderedDict()
        self.tokens = BotTokens(self.session, app_id, secret, token_url)

    def session(self) -> ClientSession:
        """Created on first use, inside the running event loop, and kept until close()."""
        if self._session is None or self._session.closed:
            # No cookie jar: the connector sets none the bot needs, and none should travel between
            # service URLs or tenants; it also spares every reply the jar's filtering.
            self._session = ClientSession(
                connector=TCPConnector(limit=200, keepalive_timeout=60), cookie_jar=DummyCookieJar()
            )
        return self._session

    async def create(self, service_url: str, audience: str | None = None) -> PooledConnectorClient:
        key = (service_url, audience or AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE)
        client = self._clients.get(key)
        if client is None:
            client = PooledConnectorClient(self.session, service_url, key[1], self.tokens)
            self._clients[key] = client
            if len(self._clients) > MAX_CLIENTS:
                self._clients.popitem(last=False)
        else:
            self._clients.move_to_end(key)
        return client

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
        self._clients.clear()
