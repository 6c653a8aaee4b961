"""The Bot Connector REST API over one pooled aiohttp session, shaped like botbuilder's ConnectorClient.

CloudAdapterBase and TurnContext call `client.conversations.reply_to_activity(...)` and its
siblings; this class answers the same calls with the same URLs, headers and bodies, but reuses
TCP connections and the bot's token instead of building msrest pipelines and a `requests`
session per turn.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

import orjson
from aiohttp import ClientError, ClientSession, ClientTimeout
from botbuilder.schema import (
    Activity,
    ChannelAccount,
    ConversationParameters,
    ConversationResourceResponse,
    ResourceResponse,
)
from yarl import URL

from bot.connector.tokens import BotTokens
from bot.connector.wire import from_wire, to_wire

log = logging.getLogger(__name__)

REQUEST_TIMEOUT = ClientTimeout(total=15)


class ConnectorError(Exception):
    """The connector refused or failed a request; `status` is its HTTP status (0: no answer)."""

    def __init__(self, operation: str, status: int, retry_after: float | None = None) -> None:
        super().__init__(f"{operation} failed with HTTP {status}")
        self.operation = operation
        self.status = status
        self.retry_after = retry_after


def _retry_after(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _segment(value: str) -> str:
    return quote(str(value), safe="")


class PooledConnectorClient:
    """One service URL and audience; requests go through the shared session."""

    def __init__(
        self, session: Callable[[], ClientSession], service_url: str, audience: str, tokens: BotTokens
    ) -> None:
        self._session = session
        self._base = service_url.rstrip("/")
        self._audience = audience
        self._tokens = tokens
        self.conversations = Conversations(self)
        # TeamsInfo reads these two; the credentials themselves stay inside BotTokens.
        self.config = SimpleNamespace(base_url=service_url, credentials=None)

    async def request(
        self, operation: str, method: str, path: str, body: Any = None, conversation_id: str | None = None
    ) -> Any:
        headers = {"Accept": "application/json"}
        if conversation_id is not None:
            headers["x-ms-conversation-id"] = conversation_id
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
            data = orjson.dumps(body)
        headers |= await self._tokens.headers(self._audience)
        url = URL(self._base + path, encoded=True)
        try:
            async with self._session().request(
                method, url, data=data, headers=headers, timeout=REQUEST_TIMEOUT
            ) as answer:
                text = await answer.read()
                if answer.status == 401:
                    self._tokens.forget(self._audience)
                if answer.status >= 300:
                    log.warning("connector_refused operation=%s status=%s", operation, answer.status)
                    raise ConnectorError(
                        operation, answer.status, _retry_after(answer.headers.get("Retry-After"))
                    )
        except (ClientError, TimeoutError) as error:
            log.warning("connector_unreachable operation=%s error=%s", operation, type(error).__name__)
            raise ConnectorError(operation, 0) from error
        if not text:
            return None
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            return None


def _resource(body: Any) -> ResourceResponse:
    return ResourceResponse(id=body.get("id")) if isinstance(body, dict) else ResourceResponse()


class Conversations:
    """The `conversations` operations botbuilder and this bot use."""

    def __init__(self, client: PooledConnectorClient) -> None:
        self._client = client

    async def reply_to_activity(
        self, conversation_id: str, activity_id: str, activity: Activity, **_: Any
    ) -> ResourceResponse:
        path = f"/v3/conversations/{_segment(conversation_id)}/activities/{_segment(activity_id)}"
        body = await self._client.request(
            "reply_to_activity", "POST", path, to_wire(activity), conversation_id
        )
        return _resource(body)

    async def send_to_conversation(
        self, conversation_id: str, activity: Activity, **_: Any
    ) -> ResourceResponse:
        path = f"/v3/conversations/{_segment(conversation_id)}/activities"
        body = await self._client.request(
            "send_to_conversation", "POST", path, to_wire(activity), conversation_id
        )
        return _resource(body)

    async def update_activity(
        self, conversation_id: str, activity_id: str, activity: Activity, **_: Any
    ) -> ResourceResponse:
        path = f"/v3/conversations/{_segment(conversation_id)}/activities/{_segment(activity_id)}"
        body = await self._client.request("update_activity", "PUT", path, to_wire(activity), conversation_id)
        return _resource(body)

    async def delete_activity(self, conversation_id: str, activity_id: str, **_: Any) -> None:
        path = f"/v3/conversations/{_segment(conversation_id)}/activities/{_segment(activity_id)}"
        await self._client.request("delete_activity", "DELETE", path, None, conversation_id)

    async def create_conversation(
        self, parameters: ConversationParameters, **_: Any
    ) -> ConversationResourceResponse:
        body = await self._client.request(
            "create_conversation", "POST", "/v3/conversations", to_wire(parameters)
        )
        return from_wire(ConversationResourceResponse, body if isinstance(body, dict) else {})

    async def get_conversation_members(self, conversation_id: str, **_: Any) -> list[ChannelAccount]:
        path = f"/v3/conversations/{_segment(conversation_id)}/members"
        body = await self._client.request("get_conversation_members", "GET", path, None, conversation_id)
        return [from_wire(ChannelAccount, member) for member in body or [] if isinstance(member, dict)]
