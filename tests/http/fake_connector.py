"""A fake Bot Connector service on loopback: records what the bot sends, answers {"id": ...}.

Teams' connector is where a bot's replies go (POST .../activities/{id}), where it updates a card
in place (PUT), and where it opens a new one-to-one chat (POST /v3/conversations). The bot finds
it through the serviceUrl of each inbound activity, so tests point serviceUrl here.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.card_text import card_to_text

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"


@dataclass(frozen=True)
class ConnectorCall:
    """One request the bot made to the connector."""

    method: str
    raw_path: str  # as sent, percent-encoded
    route: str  # "reply", "send", "update" or "create_conversation"
    conversation_id: str | None  # decoded
    activity_id: str | None
    body: Any
    authorization: str | None
    client_port: int  # the bot's end of the TCP connection: the same port means a reused connection

    @property
    def activity(self) -> dict[str, Any]:
        return self.body if isinstance(self.body, dict) else {}


@dataclass(frozen=True)
class Outbox:
    """What the connector received over some span of time: what the user would see from it."""

    calls: tuple[ConnectorCall, ...]

    def __len__(self) -> int:
        return len(self.calls)

    def __iter__(self) -> Iterator[ConnectorCall]:
        return iter(self.calls)

    def posted(self) -> list[dict[str, Any]]:
        """New message activities (replies and sends), in order; updates are not included."""
        return [
            c.activity
            for c in self.calls
            if c.route in ("reply", "send") and c.activity.get("type") == "message"
        ]

    def updates(self) -> list[ConnectorCall]:
        return [c for c in self.calls if c.route == "update"]

    def texts(self) -> list[str]:
        return [a["text"] for a in self.posted() if isinstance(a.get("text"), str) and a["text"]]

    def cards(self) -> list[dict[str, Any]]:
        return cards_of(self.posted())

    def last_card(self) -> dict[str, Any]:
        cards = self.cards()
        assert cards, f"the connector received no card; it received:\n{self.transcript()}"
        return cards[-1]

    def transcript(self) -> str:
        """Everything posted, as plain lines: message texts and the texts on the cards."""
        return "\n".join(visible_lines(self.posted()))


def cards_of(activities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The Adaptive Card contents attached to these activities."""
    return [
        attachment["content"]
        for activity in activities
        for attachment in activity.get("attachments") or []
        if attachment.get("contentType") == ADAPTIVE_CARD and isinstance(attachment.get("content"), dict)
    ]


def card_lines(card: dict[str, Any]) -> list[str]:
    """The text a user reads on a card, including the titles of its buttons."""
    text = card_to_text(card)
    return text.lines + [choice.title for choice in text.choices]


def visible_lines(activities: list[dict[str, Any]]) -> list[str]:
    lines: list[str] = []
    for activity in activities:
        if activity.get("text"):
            lines.append(str(activity["text"]))
        for card in cards_of([activity]):
            lines += card_lines(card)
    return lines


def _peer_port(request: web.Request) -> int:
    peer = request.transport.get_extra_info("peername") if request.transport else None
    return int(peer[1]) if peer else 0


class LoopbackServer:
    """An aiohttp app on 127.0.0.1 that tests start and close."""

    def __init__(self, app: web.Application) -> None:
        self._server = TestServer(app, host="127.0.0.1")

    async def start(self) -> None:
        await self._server.start_server()

    async def close(self) -> None:
        await self._server.close()

    @property
    def port(self) -> int:
        port = self._server.port
        assert port is not None, "start the server first"
        return port


class FakeConnector(LoopbackServer):
    """Start with `await start()`; its serviceUrl is `service_url`. Every call lands in `calls`."""

    def __init__(self) -> None:
        self.calls: list[ConnectorCall] = []
        self.refuse_with: int | None = None  # while set, every request gets this status, unrecorded
        self.retry_after: str | None = None  # sent with a refusal, as Teams does with 429
        self.roster: list[dict[str, Any]] = []  # what GET .../members and .../pagedmembers answer
        self.page_size: int | None = None  # pagedmembers: at most this many per page (else pageSize)
        self.members: dict[str, dict[str, Any]] = {}  # GET .../members/{id}: by id, else 404
        self._ids = itertools.count(1)
        app = web.Application()
        conversation = "/v3/conversations/{conversation_id}"
        app.router.add_post(f"{conversation}/activities/{{activity_id}}", self._record("reply"))
        app.router.add_post(f"{conversation}/activities", self._record("send"))
        app.router.add_put(f"{conversation}/activities/{{activity_id}}", self._record("update"))
        app.router.add_delete(f"{conversation}/activities/{{activity_id}}", self._record("delete"))
        app.router.add_get(f"{conversation}/members", self._record("members"))
        app.router.add_get(f"{conversation}/pagedmembers", self._record("paged_members"))
        app.router.add_get(f"{conversation}/members/{{member_id}}", self._record("member"))
        app.router.add_post("/v3/conversations", self._record("create_conversation"))
        super().__init__(app)

    @property
    def service_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def mark(self) -> int:
        """A bookmark for `since`."""
        return len(self.calls)

    def since(self, mark: int) -> Outbox:
        return Outbox(tuple(self.calls[mark:]))

    def outbox(self) -> Outbox:
        return Outbox(tuple(self.calls))

    def _page(self, request: web.Request) -> dict[str, Any]:
        """One page of the roster, as Teams pages it: a continuation token while more follow."""
        size = self.page_size or int(request.query.get("pageSize", "100"))
        start = int(request.query.get("continuationToken", "0") or 0)
        page: dict[str, Any] = {"members": self.roster[start : start + size]}
        if start + size < len(self.roster):
            page["continuationToken"] = str(start + size)
        return page

    def created_conversations(self) -> list[ConnectorCall]:
        """The one-to-one conversations the bot asked for (POST /v3/conversations)."""
        return [c for c in self.calls if c.route == "create_conversation"]

    def _record(self, route: str) -> Any:
        async def handler(request: web.Request) -> web.Response:
            if self.refuse_with is not None:
                headers = {"Retry-After": self.retry_after} if self.retry_after else None
                return web.json_response(
                    {"error": {"code": "Refused"}}, status=self.refuse_with, headers=headers
                )
            try:
                body = await request.json()
            except ValueError:
                body = await request.text()
            self.calls.append(
                ConnectorCall(
                    method=request.method,
                    raw_path=request.raw_path,
                    route=route,
                    conversation_id=request.match_info.get("conversation_id"),
                    activity_id=request.match_info.get("activity_id"),
                    body=body,
                    authorization=request.headers.get("Authorization"),
                    client_port=_peer_port(request),
                )
            )
            if route == "members":
                return web.json_response(self.roster)
            if route == "paged_members":
                return web.json_response(self._page(request))
            if route == "member":
                member = self.members.get(request.match_info["member_id"])
                if member is None:
                    return web.json_response({"error": {"code": "MemberNotFoundInConversation"}}, status=404)
                return web.json_response(member)
            return web.json_response({"id": f"connector-{next(self._ids)}"})

        return handler
