"""The real app on loopback with a coordinator, and a small factory for boards at given stages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

import bot.app
from bot.app import create_app
from bot.app_keys import COMPONENTS
from bot.composition import Components
from bot.config import DEFAULT_CONTENT_DIR, Settings
from bot.content import Content
from bot.onboarding.clock import FixedClock
from bot.onboarding.models import Actor, Board, StepId
from bot.onboarding.recorders import Answer
from bot.onboarding.service import Speaker

COORDINATOR = "coordinator@example.org"
MEMBER = Speaker("tenant-a", Actor(key="member-1", name="Mila Member"))


@dataclass
class Dashboard:
    """The dashboard as a coordinator's browser reaches it, and the boards behind it."""

    client: TestClient[Any, Any]
    clock: FixedClock
    made: int = field(default=0)

    @property
    def components(self) -> Components:
        components: Components = self.client.app[COMPONENTS]
        return components

    async def link(self, coordinator: str = COORDINATOR) -> str:
        return await self.components.coordination.dashboard_link_token(coordinator)

    async def sign_in(self, coordinator: str = COORDINATOR) -> None:
        response = await self.client.get(
            "/dashboard/login", params={"token": await self.link(coordinator)}, allow_redirects=False
        )
        assert response.status == 303, await response.text()

    async def get(self, path: str, **params: str) -> tuple[int, str]:
        response = await self.client.get(path, params=params, allow_redirects=False)
        return response.status, await response.text()

    async def board(
        self,
        name: str,
        bg_number: str | None = None,
        las: tuple[str, ...] = (),
        registered: bool | None = None,
    ) -> Board:
        """A board with a name; with `las`, one school per LAS supplier; `registered` answers step 1."""
        self.made += 1
        service = self.components.service
        speaker = Speaker(f"tenant-{self.made}", Actor(key=f"member-{self.made}", name=f"Member {self.made}"))
        board = await service.identify_board(speaker, bg_number or f"{40000 + self.made}")
        step1 = StepId.NUMMERVOORZIENING
        await service.record(speaker, board.id, step1, "set_board_name", Answer(name))
        if registered is not None:
            await service.record(
                speaker, board.id, step1, "set_registration", Answer("yes" if registered else "no")
            )
        for number, supplier in enumerate(las):
            brin = f"{number:02d}XY"
            await service.record(speaker, board.id, step1, "add_school", Answer(brin))
            await service.record(speaker, board.id, StepId.LAS, "set_school_las", Answer(supplier, item=brin))
        found = await service.board_for(speaker)
        assert found is not None
        return found


@pytest.fixture
def dashboard_settings(database_url: str) -> Settings:
    return Settings(_env_file=None, database_url=database_url, coordinators_setting=COORDINATOR)


@pytest.fixture
async def dashboard(
    dashboard_settings: Settings, clock: FixedClock, content: Content, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Dashboard]:
    def checked_content(settings: Settings, cache: object = None) -> Content:
        assert settings.content_dir == DEFAULT_CONTENT_DIR
        return content  # loaded once per session: most of a start-up's time

    monkeypatch.setattr(bot.app, "load_checked_content", checked_content)
    client: TestClient[Any, Any] = TestClient(
        TestServer(create_app(dashboard_settings, clock), host="127.0.0.1")
    )
    await client.start_server()
    yield Dashboard(client, clock)
    await client.close()
