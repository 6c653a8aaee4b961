"""The real app on loopback with a temporary SQLite database, a coordinator's API token, and a
small factory that walks boards through the real onboarding service."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

import bot.app
from bot.app import create_app
from bot.app_keys import COMPONENTS
from bot.composition import Components
from bot.config import Settings
from bot.content import Content
from bot.onboarding.clock import FixedClock
from bot.onboarding.models import Actor, Board, StepId
from bot.onboarding.recorders import Answer
from bot.onboarding.service import Speaker

COORDINATOR = "coordinator@example.org"
ANNE = Actor(key="anne-key", name="Anne de Vries")  # a board member: her name must never leave the API
TENANT = "tenant-a"
STEP1, LAS, AGREEMENTS, ALERT, MORE_INFO = StepId


@dataclass
class Reply:
    status: int
    body: Any
    headers: Any


class Api:
    """GETs /api/v1/... with or without a token; builds boards through the onboarding service."""

    def __init__(self, client: TestClient[Any, Any], clock: FixedClock, token: str) -> None:
        self.client = client
        self.clock = clock
        self.token = token

    @property
    def components(self) -> Components:
        components: Components = self.client.app[COMPONENTS]
        return components

    async def get(self, path: str, token: str | None = "valid", **query: str) -> Reply:
        headers = {"Authorization": f"Bearer {self.token if token == 'valid' else token}"} if token else {}
        async with self.client.get(path, params=query, headers=headers) as response:
            text = await response.text()
            body = await response.json() if response.content_type == "application/json" else text
            return Reply(response.status, body, response.headers)

    async def board(self, number: str, *answers: tuple[StepId, str, str, str | None]) -> Board:
        speaker = Speaker(TENANT, ANNE)
        service = self.components.service
        board = await service.identify_board(speaker, number)
        for step, recorder, value, item in answers:
            board = (await service.record(speaker, board.id, step, recorder, Answer(value, item))).board
        return board


def named(name: str) -> tuple[StepId, str, str, str | None]:
    return (STEP1, "set_board_name", name, None)


def school(brin: str, las: str, told: bool = True) -> list[tuple[StepId, str, str, str | None]]:
    """A school named, with a contact and its LAS; its supplier told."""
    return [
        (STEP1, "add_school", brin, None),
        (STEP1, "set_school_name", f"School {brin}", brin),
        (STEP1, "set_school_contact_role", "Bram Jansen, directeur", brin),
        (LAS, "set_school_las", las, brin),
        *([(LAS, "set_supplier_told", "yes", brin)] if told else []),
    ]


REGISTERED = [(STEP1, "set_registration", "yes", None)]


@pytest.fixture
async def api(
    database_url: str, clock: FixedClock, content: Content, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Api]:
    monkeypatch.setattr(bot.app, "load_checked_content", lambda *_: content)
    settings = Settings(_env_file=None, database_url=database_url, coordinators_setting=COORDINATOR)
    client: TestClient[Any, Any] = TestClient(TestServer(create_app(settings, clock), host="127.0.0.1"))
    await client.start_server()
    _, secret = await client.app[COMPONENTS].coordination.create_token("tests", by=COORDINATOR)
    yield Api(client, clock, secret)
    await client.close()
