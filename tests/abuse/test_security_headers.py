"""Every response carries security headers; the dashboard keeps its own policy for the Teams tab,
and its session cookie is HttpOnly, Secure behind TLS, and SameSite."""

from __future__ import annotations

import pytest
from multidict import CIMultiDictProxy

from bot.config import Settings
from tests.http.conftest import StartBot
from tests.http.teams import Teams

COORDINATOR = "coordinator@example.org"
HTTPS = "https://eckbot.example.org"
HSTS = "max-age=31536000; includeSubDomains"
PATHS = [
    "/healthz",
    "/readyz",
    "/api/v1/openapi.json",
    "/api/v1/boards",
    "/no-such-page",
    "/dashboard",
    "/dashboard/login",
]


async def start(start_bot: StartBot, database_url: str, public_url: str) -> Teams:
    settings = Settings(
        _env_file=None, database_url=database_url, public_url=public_url, coordinators_setting=COORDINATOR
    )
    return await start_bot(settings)


async def headers_of(teams: Teams, path: str) -> CIMultiDictProxy[str]:
    async with teams.client.get(path, allow_redirects=False) as response:
        assert response.status < 500, (path, response.status)
        return response.headers


@pytest.mark.parametrize("path", PATHS)
async def test_every_response_says_nosniff_and_no_referrer(
    start_bot: StartBot, database_url: str, path: str
) -> None:
    teams = await start(start_bot, database_url, "http://127.0.0.1:3978")

    headers = await headers_of(teams, path)

    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "Strict-Transport-Security" not in headers  # reached without TLS: HSTS would lock out


@pytest.mark.parametrize("path", PATHS)
async def test_behind_tls_every_response_asks_for_https_only(
    start_bot: StartBot, database_url: str, path: str
) -> None:
    teams = await start(start_bot, database_url, HTTPS)

    headers = await headers_of(teams, path)

    assert headers["Strict-Transport-Security"] == HSTS


@pytest.mark.parametrize("path", ["/healthz", "/api/v1/openapi.json", "/api/v1/boards", "/no-such-page"])
async def test_what_is_no_page_may_load_and_be_framed_by_nothing(
    start_bot: StartBot, database_url: str, path: str
) -> None:
    teams = await start(start_bot, database_url, HTTPS)

    headers = await headers_of(teams, path)

    assert headers.getall("Content-Security-Policy") == ["default-src 'none'; frame-ancestors 'none'"]


@pytest.mark.parametrize("path", ["/dashboard", "/dashboard/login", "/dashboard/no-such-page"])
async def test_the_dashboard_keeps_its_own_policy_that_lets_teams_frame_it(
    start_bot: StartBot, database_url: str, path: str
) -> None:
    teams = await start(start_bot, database_url, HTTPS)

    policies = (await headers_of(teams, path)).getall("Content-Security-Policy")

    assert len(policies) == 1
    assert "frame-ancestors 'self' https://teams.microsoft.com" in policies[0]
    assert "script-src 'none'" in policies[0]


async def test_a_refused_oversized_request_carries_the_headers_too(
    start_bot: StartBot, database_url: str
) -> None:
    teams = await start(start_bot, database_url, HTTPS)

    async with teams.client.post(
        "/api/messages", data=b"x" * (1024 * 1024), headers={"Content-Type": "application/json"}
    ) as response:
        assert response.status == 413
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Strict-Transport-Security"] == HSTS


async def session_cookie(teams: Teams) -> dict[str, str]:
    """The attributes of the cookie a sign-in sets, names in lower case (Python's cookie parser
    rejects a header with Partitioned, so it is read by hand)."""
    token = await teams.components.coordination.dashboard_link_token(COORDINATOR)
    async with teams.client.get(
        "/dashboard/login", params={"token": token}, allow_redirects=False
    ) as response:
        assert response.status == 303
        (header,) = response.headers.getall("Set-Cookie")
    _, *attributes = header.split(";")
    return {name.strip().lower(): value.strip() for name, _, value in (a.partition("=") for a in attributes)}


async def test_behind_tls_the_session_cookie_is_httponly_secure_and_samesite(
    start_bot: StartBot, database_url: str
) -> None:
    teams = await start(start_bot, database_url, HTTPS)

    cookie = await session_cookie(teams)

    assert "httponly" in cookie and "secure" in cookie
    assert cookie["samesite"] == "None"  # the Teams tab is a frame on another site
    assert "partitioned" in cookie  # so the cookie is that frame's alone
    assert cookie["path"] == "/dashboard"


async def test_without_tls_the_session_cookie_is_httponly_and_samesite_lax(
    start_bot: StartBot, database_url: str
) -> None:
    teams = await start(start_bot, database_url, "http://127.0.0.1:3978")

    cookie = await session_cookie(teams)

    assert "httponly" in cookie and "secure" not in cookie
    assert cookie["samesite"] == "Lax"
