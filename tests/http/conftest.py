"""The real bot app and a fake Bot Connector, both on loopback, and nothing beyond loopback."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

import bot.app
from bot.adapter import SERVER_LIMITS
from bot.app import create_app
from bot.config import DEFAULT_CONTENT_DIR, Settings
from bot.content import Content
from bot.onboarding.clock import FixedClock
from tests.auth.fake_openid import FakeOpenId
from tests.http.fake_connector import FakeConnector
from tests.http.teams import APP_ID, Teams

LOOPBACK = {"127.0.0.1", "::1", "localhost"}

StartBot = Callable[..., Awaitable[Teams]]


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Any attempt to look up a host other than loopback fails the test (and never leaves the box)."""
    attempts: list[str] = []
    resolve = socket.getaddrinfo

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and name not in LOOPBACK:
            attempts.append(name)
            raise OSError(f"tests/http: no network beyond loopback (tried {name})")
        return resolve(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)
    yield attempts
    assert not attempts, f"the bot tried to reach {attempts}"


@pytest.fixture
async def start_bot(
    clock: FixedClock, connector: FakeConnector, content: Content, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[StartBot]:
    """Starts bot.app.create_app(settings, clock) on 127.0.0.1; stopped after the test."""
    clients: list[TestClient[Any, Any]] = []

    def checked_content(settings: Settings, cache: object = None) -> Content:
        # Loading and checking the content takes most of a start-up; it is the same for every test.
        assert settings.content_dir == DEFAULT_CONTENT_DIR
        return content

    monkeypatch.setattr(bot.app, "load_checked_content", checked_content)

    async def start(settings: Settings, background: bool = False) -> Teams:
        app = create_app(settings, clock, background=background)
        server = TestServer(app, host="127.0.0.1")
        await server.start_server(**SERVER_LIMITS)  # TestServer's constructor drops handler arguments
        client: TestClient[Any, Any] = TestClient(server)
        await client.start_server()
        clients.append(client)
        return Teams(client, connector)

    yield start
    for client in clients:
        await client.close()


@pytest.fixture
async def teams(start_bot: StartBot, settings: Settings) -> Teams:
    """The bot in local mode (no app id: requests are not authenticated)."""
    return await start_bot(settings)


@pytest.fixture
async def openid() -> AsyncIterator[FakeOpenId]:
    """Bot Framework's (and a tenant's) OpenID metadata and signing keys on loopback."""
    fake = FakeOpenId()
    await fake.start()
    yield fake
    await fake.close()


@pytest.fixture
async def secured_teams(start_bot: StartBot, database_url: str, openid: FakeOpenId) -> Teams:
    """The bot with an app id and password: every request must carry a valid Bot Framework token."""
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        app_id=APP_ID,
        app_password="secret",
        openid_metadata_url=openid.bot_framework_url,
    )
    return await start_bot(settings)
