"""The load the benchmark drives: Teams activities, a fake connector, and conversations that walk.

A conversation is one person in a personal chat. For the echo bots every turn is a typed message;
for our bot the same number of turns walks the five steps, pressing buttons (Action.Execute
invokes) and filling card fields where a board member would, and typing the rest.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, web

from bot.card_text import card_to_text

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
TENANT = "bench-tenant-0000-0000-000000000000"

# One board's whole journey: ("say", text) types, ("press", title) presses the button with that
# title on the newest card, ("fill", text) types into the newest card's field and presses Save.
JOURNEY: list[tuple[str, str]] = [
    ("say", "stap 1"), ("fill", "{bg}"), ("fill", "Stichting Bench {bg}"),
    ("press", "Verder"), ("press", "Ja, gedaan"), ("fill", "2026-11-20"),
    ("press", "School toevoegen"), ("fill", "01AB"), ("fill", "De Regenboog"), ("fill", "directeur"),
    ("press", "School toevoegen"), ("fill", "02CD"), ("fill", "Het Kompas"), ("fill", "administratie"),
    ("say", "klaar"),
    ("say", "stap 2"), ("say", "01AB"), ("press", "ParnasSys"), ("press", "Verder"), ("say", "ja"),
    ("say", "02CD"), ("say", "esis"), ("say", "verder"), ("press", "Ja, gedaan"), ("say", "klaar"),
    ("say", "stap 3"), ("press", "Verder"), ("say", "1"), ("say", "5"), ("say", "1"), ("say", "2"),
    ("say", "5"), ("say", "1"), ("say", "3"), ("say", "5"), ("say", "1"), ("say", "klaar"),
    ("say", "stap 4"), ("press", "Verder"), ("say", "ja"), ("say", "administratie"), ("say", "ja"),
    ("say", "ICT-coördinator"),
    ("say", "stap 5"), ("press", "Verder"), ("say", "ja"), ("say", "status"),
]  # fmt: skip


def base_activity(kind: str, user: str, service_url: str, turn: int) -> dict[str, Any]:
    """A Teams activity as the connector posts it to a bot, in a personal chat."""
    return {
        "type": kind,
        "id": f"{user}-{turn}",
        "timestamp": "2026-11-23T09:15:00.000Z",
        "localTimestamp": "2026-11-23T10:15:00.000+01:00",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": {"id": f"29:{user}", "name": "Bench Gebruiker", "aadObjectId": user},
        "conversation": {"conversationType": "personal", "tenantId": TENANT, "id": f"a:{user}"},
        "recipient": {"id": "28:00000000-0000-0000-0000-00000000b0t1", "name": "ECK iD wegwijzer"},
        "entities": [{"locale": "nl-NL", "country": "NL", "platform": "Windows", "type": "clientInfo"}],
        "channelData": {"tenant": {"id": TENANT}},
        "locale": "nl-NL",
        "localTimezone": "Europe/Amsterdam",
    }


def message(user: str, service_url: str, turn: int, text: str) -> dict[str, Any]:
    return base_activity("message", user, service_url, turn) | {"text": text, "textFormat": "plain"}


def execute(user: str, service_url: str, turn: int, verb: str, data: dict[str, Any]) -> dict[str, Any]:
    return base_activity("invoke", user, service_url, turn) | {
        "name": "adaptiveCard/action",
        "value": {"action": {"type": "Action.Execute", "verb": verb, "data": data}, "trigger": "manual"},
        "replyToId": f"{user}-card",
    }


@dataclass
class Conversation:
    """What the connector received for one conversation."""

    calls: int = 0
    last_card: dict[str, Any] | None = None


@dataclass
class FakeConnector:
    """The Bot Connector on loopback: accepts every reply, counts it, keeps each chat's newest card."""

    conversations: dict[str, Conversation] = field(default_factory=dict)
    _ids: Any = field(default_factory=lambda: itertools.count(1))
    _runner: web.AppRunner | None = None
    port: int = 0

    @property
    def service_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/v3/conversations/{conversation}/activities{tail:.*}", self._accept)
        app.router.add_post("/v3/conversations", self._accept)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _accept(self, request: web.Request) -> web.Response:
        activity = json.loads(await request.read())
        conversation = self.conversations.setdefault(
            request.match_info.get("conversation", ""), Conversation()
        )
        conversation.calls += 1
        for attachment in activity.get("attachments") or []:
            if attachment.get("contentType") == ADAPTIVE_CARD:
                conversation.last_card = attachment["content"]
        return web.json_response({"id": f"reply-{next(self._ids)}"})

    def calls_per_conversation(self, users: list[str]) -> Counter[int]:
        """How many conversations received how many calls: one count for all means none was lost."""
        return Counter(self.conversations.get(f"a:{user}", Conversation()).calls for user in users)


class ScriptBroken(Exception):
    """The journey script expected a button or field that the bot did not show."""


def journey_turn(
    step: tuple[str, str], user: str, service_url: str, turn: int, card: dict[str, Any] | None, bg: str
) -> dict[str, Any]:
    kind, argument = step
    text = argument.format(bg=bg)
    if kind == "say":
        return message(user, service_url, turn, text)
    if card is None:
        raise ScriptBroken(f"{kind} {text!r}: no card yet")
    if kind == "press":
        for choice in card_to_text(card).choices:
            if choice.title == text and choice.verb:
                return execute(user, service_url, turn, choice.verb, dict(choice.data))
        raise ScriptBroken(f"press {text!r}: the card has {[c.title for c in card_to_text(card).choices]}")
    save = next((a for a in card.get("actions", []) if a.get("type") == "Action.Execute"), None)
    if save is None or not card_to_text(card).wants_text:
        raise ScriptBroken(f"fill {text!r}: the newest card has no field")
    return execute(user, service_url, turn, save["verb"], dict(save.get("data", {})) | {"text": text})


@dataclass
class LevelResult:
    latencies: list[float]
    elapsed: float
    errors: list[str]
    users: list[str]


async def post(session: ClientSession, url: str, activity: dict[str, Any], errors: list[str]) -> float:
    started = time.perf_counter()
    try:
        async with session.post(url, data=json.dumps(activity), headers=JSON) as response:
            await response.read()
            if response.status >= 400:
                errors.append(f"HTTP {response.status}")
    except Exception as error:  # a refused or reset connection is a lost turn, counted
        errors.append(type(error).__name__)
    return time.perf_counter() - started


JSON = {"Content-Type": "application/json"}


async def walk(
    session: ClientSession,
    url: str,
    connector: FakeConnector,
    user: str,
    bg: str,
    journey: bool,
    latencies: list[float],
    errors: list[str],
) -> None:
    for turn, step in enumerate(JOURNEY):
        if journey:
            card = connector.conversations.get(f"a:{user}", Conversation()).last_card
            try:
                activity = journey_turn(step, user, connector.service_url, turn, card, bg)
            except ScriptBroken as broken:
                errors.append(f"{user}: {broken}")
                return
        else:
            activity = message(user, connector.service_url, turn, step[1].format(bg=bg))
        latencies.append(await post(session, url, activity, errors))


async def run_level(
    url: str, connector: FakeConnector, concurrency: int, conversations: int, journey: bool, first: int
) -> LevelResult:
    users = [f"bench{first + n:06d}" for n in range(conversations)]
    latencies: list[float] = []
    errors: list[str] = []
    queue = list(enumerate(users, start=first))
    async with ClientSession() as session:

        async def worker() -> None:
            while queue:
                number, user = queue.pop()
                await walk(session, url, connector, user, f"{number:05d}", journey, latencies, errors)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return LevelResult(latencies, elapsed, errors, users)
