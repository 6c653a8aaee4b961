"""Teams as the bot sees it over HTTP: real activity payloads POSTed to /api/messages.

`Teams.say("stap 1")` posts a personal message; `Teams.press("Verder")` presses a button on the
newest card the connector received; `Teams.fill("41234")` types into a card's text field and
presses its Save button. Each returns an `Answer`: the HTTP status and body of /api/messages, and
what the bot sent to the connector while handling it.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from aiohttp import web
from aiohttp.test_utils import TestClient
from botbuilder.schema import Activity

from bot.app_keys import COMPONENTS
from bot.card_text import card_to_text
from bot.composition import Components
from bot.onboarding.models import Board
from bot.onboarding.service import Speaker
from bot.storage.urls import sync_url
from bot.turns import speaker_of
from tests.conftest import SHARED
from tests.http.fake_connector import ADAPTIVE_CARD, FakeConnector, Outbox, card_lines

PROTOCOL = SHARED / "protocol"
MESSAGE = "application/vnd.microsoft.activity.message"
APP_ID = "00000000-0000-0000-0000-000000000001"  # for the bot with authentication on
REQUEST_TIMEOUT = 10.0  # seconds: a request that hangs fails the test instead of the run


def load_payload(name: str, port: int) -> dict[str, Any]:
    """A Teams activity from /work/shared/protocol, its serviceUrl pointing at port PORT."""
    text = (PROTOCOL / name).read_text(encoding="utf-8").replace("PORT", str(port))
    payload: dict[str, Any] = json.loads(text)
    return payload


@dataclass(frozen=True)
class Answer:
    """The bot's HTTP answer to one activity, and what it sent to the connector meanwhile."""

    status: int
    text: str
    sent: Outbox

    @property
    def body(self) -> Any:
        return json.loads(self.text) if self.text else None

    def card(self) -> dict[str, Any]:
        """The card an Action.Execute invoke answers with (it replaces the pressed card)."""
        body = self.body
        assert isinstance(body, dict), f"no JSON object in the answer: {self.status} {self.text!r}"
        assert body.get("statusCode") == 200 and body.get("type") == ADAPTIVE_CARD, body
        card: dict[str, Any] = body["value"]
        return card

    def card_text(self) -> str:
        return "\n".join(card_lines(self.card()))

    def message(self) -> str:
        """The message an invoke answers with (Teams shows it as a toast)."""
        body = self.body
        assert isinstance(body, dict), f"no JSON object in the answer: {self.status} {self.text!r}"
        assert body.get("statusCode") == 200 and body.get("type") == MESSAGE, body
        return str(body["value"])


class Teams:
    """Posts activities to the bot; the fake connector behind it collects the replies."""

    def __init__(
        self, client: TestClient[web.Request, web.Application], connector: FakeConnector, first_id: int = 100
    ) -> None:
        self.client = client
        self.connector = connector
        self._ids = itertools.count(first_id)  # two instances of the bot in one test: apart

    @property
    def components(self) -> Components:
        return self.client.app[COMPONENTS]

    def payload(self, name: str, **changes: Any) -> dict[str, Any]:
        """A protocol payload with some top-level fields changed (or removed, with None)."""
        payload = load_payload(name, self.connector.port)
        for key, value in changes.items():
            if value is None:
                payload.pop(key, None)
            else:
                payload[key] = value
        return payload

    def _fresh_id(self) -> str:
        return f"17000000{next(self._ids):05d}"

    # posting

    async def post_bytes(
        self, data: bytes | str, content_type: str = "application/json", headers: dict[str, str] | None = None
    ) -> Answer:
        mark = self.connector.mark()
        all_headers = {"Content-Type": content_type, **(headers or {})}
        async with asyncio.timeout(REQUEST_TIMEOUT):
            response = await self.client.post("/api/messages", data=data, headers=all_headers)
            text = await response.text()
        return Answer(response.status, text, self.connector.since(mark))

    async def post(self, activity: Any, headers: dict[str, str] | None = None) -> Answer:
        return await self.post_bytes(json.dumps(activity), headers=headers)

    async def send(self, name: str, **changes: Any) -> Answer:
        """Posts a protocol payload as it is (with serviceUrl filled in), or with some changes."""
        return await self.post(self.payload(name, **changes))

    # what a person does

    async def say(self, text: str, name: str = "personal-message.json", **changes: Any) -> Answer:
        """Types a message in the chat of this payload (by default the personal chat)."""
        return await self.send(name, id=self._fresh_id(), text=text, **changes)

    async def execute(self, verb: str, data: dict[str, Any]) -> Answer:
        """Presses an Action.Execute button with this verb and data in the personal chat."""
        invoke = self.payload("invoke-adaptive-card-execute.json", id=self._fresh_id())
        invoke["value"]["action"] = {"type": "Action.Execute", "verb": verb, "data": data}
        return await self.post(invoke)

    async def press(self, title: str) -> Answer:
        """Presses the button with this title on the newest card the connector received."""
        for card in reversed(self.connector.outbox().cards()):
            for choice in card_to_text(card).choices:
                if choice.title == title and choice.verb:
                    return await self.execute(choice.verb, copy.deepcopy(choice.data))
        raise AssertionError(f"no button {title!r}; the user saw:\n{self.connector.outbox().transcript()}")

    async def fill(self, text: str) -> Answer:
        """Types into the newest card's text field (id "text") and presses its Save button."""
        card = self.connector.outbox().last_card()
        assert _has_text_input(card), f"the newest card has no text field:\n{card_lines(card)}"
        save = next(a for a in card.get("actions", []) if a.get("type") == "Action.Execute")
        return await self.execute(save["verb"], dict(save.get("data", {})) | {"text": text})

    # what the bot knows

    def speaker(self, name: str = "personal-message.json") -> Speaker:
        return speaker_of(Activity().deserialize(self.payload(name)))

    async def board(self, name: str = "personal-message.json") -> Board | None:
        return await self.components.service.board_for(self.speaker(name))

    async def event_count(self, board: Board) -> int:
        return len(await self.components.service.history(self.speaker(), board.id, limit=10_000))


def _has_text_input(element: Any) -> bool:
    if isinstance(element, dict):
        if element.get("type") in ("Input.Text", "Input.Date") and element.get("id") == "text":
            return True
        return any(_has_text_input(value) for value in element.values())
    if isinstance(element, list):
        return any(_has_text_input(value) for value in element)
    return False


def stored_rows(database_url: str) -> dict[str, int]:
    """How many rows each table of the bot's database holds (migrations' own table aside)."""
    engine = sa.create_engine(sync_url(database_url), poolclass=sa.NullPool)
    try:
        with engine.connect() as db:
            tables = sa.inspect(db).get_table_names()
            return {
                table: db.execute(sa.text(f'SELECT COUNT(*) FROM "{table}"')).scalar_one()
                for table in tables
                if table != "alembic_version"
            }
    finally:
        engine.dispose()
