"""Who gets in: a fresh signed link opens a session; anything else is a 401 or 403 with advice."""

from __future__ import annotations

import re

import pytest

from bot.config import Settings
from bot.coordination.service import NotCoordinator
from tests.dashboard.conftest import COORDINATOR, MEMBER, Dashboard

ASK_THE_BOT = "typ ‘dashboard’ in de chat"
PAGES = ["/dashboard", "/dashboard/boards/x", "/dashboard/questions", "/dashboard/export.csv", "/dashboard/x"]


async def login(dashboard: Dashboard, token: str) -> tuple[int, str]:
    return await dashboard.get("/dashboard/login", token=token)


@pytest.mark.parametrize("path", PAGES)
async def test_without_a_session_every_page_says_to_ask_the_bot(dashboard: Dashboard, path: str) -> None:
    status, text = await dashboard.get(path)
    assert status == 401
    assert ASK_THE_BOT in text


async def test_a_signed_link_opens_a_session_in_a_safe_cookie(dashboard: Dashboard) -> None:
    response = await dashboard.client.get(
        "/dashboard/login", params={"token": await dashboard.link()}, allow_redirects=False
    )
    assert response.status == 303
    assert response.headers["Location"] == "/dashboard"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("eckbot_session=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/dashboard" in cookie
    assert "Max-Age=28800" in cookie
    assert "Secure" not in cookie  # served over plain http on loopback
    status, text = await dashboard.get("/dashboard")
    assert status == 200 and "Voortgang van alle besturen" in text


async def test_behind_tls_the_cookie_is_secure_and_reaches_a_teams_tab(
    dashboard: Dashboard, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Settings, "secure_cookies", property(lambda self: True))
    response = await dashboard.client.get(
        "/dashboard/login", params={"token": await dashboard.link()}, allow_redirects=False
    )
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie
    # A tab is a frame on teams.microsoft.com: a Lax cookie would never reach the dashboard there.
    assert "SameSite=None" in cookie and "Partitioned" in cookie


async def test_a_link_works_once(dashboard: Dashboard) -> None:
    token = await dashboard.link()
    assert (await login(dashboard, token))[0] == 303
    dashboard.client.session.cookie_jar.clear()
    status, text = await login(dashboard, token)
    assert status == 401
    assert "al gebruikt" in text and ASK_THE_BOT in text


async def test_an_expired_link_is_refused(dashboard: Dashboard) -> None:
    token = await dashboard.link()
    dashboard.clock.advance(minutes=11)
    status, text = await login(dashboard, token)
    assert status == 401
    assert "verlopen" in text and ASK_THE_BOT in text


@pytest.mark.parametrize(
    "change",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # another signature
        lambda token: "x" + token,  # another payload
        lambda token: token.split(".")[0],  # no signature
        lambda token: "not-a-link",
    ],
)
async def test_a_tampered_or_malformed_link_is_forbidden(dashboard: Dashboard, change: object) -> None:
    token = await dashboard.link()
    status, text = await login(dashboard, change(token))  # type: ignore[operator]
    assert status == 403
    assert "niet geldig" in text


async def test_no_token_at_all_is_forbidden(dashboard: Dashboard) -> None:
    status, _ = await dashboard.get("/dashboard/login")
    assert status == 403


async def test_a_board_member_cannot_get_a_link(dashboard: Dashboard) -> None:
    with pytest.raises(NotCoordinator):
        await dashboard.components.coordination.dashboard_link_token(MEMBER.actor.key)


async def test_a_link_made_for_a_removed_coordinator_opens_nothing(dashboard: Dashboard) -> None:
    coordination = dashboard.components.coordination
    await coordination.add_coordinator("anna@example.org", by=COORDINATOR)
    token = await dashboard.link("anna@example.org")
    await coordination.remove_coordinator("anna@example.org", by=COORDINATOR)
    status, text = await login(dashboard, token)
    assert status == 403
    assert "alleen voor coördinatoren" in text


async def test_a_removed_coordinators_session_ends(dashboard: Dashboard) -> None:
    coordination = dashboard.components.coordination
    await coordination.add_coordinator("anna@example.org", by=COORDINATOR)
    await dashboard.sign_in("anna@example.org")
    assert (await dashboard.get("/dashboard"))[0] == 200
    await coordination.remove_coordinator("anna@example.org", by=COORDINATOR)
    status, _ = await dashboard.get("/dashboard")
    assert status == 401


async def test_a_session_expires(dashboard: Dashboard) -> None:
    await dashboard.sign_in()
    dashboard.clock.advance(hours=8, minutes=1)
    assert (await dashboard.get("/dashboard"))[0] == 401


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the page has no sign-out form with a CSRF token"
    return found.group(1)


async def test_sign_out_needs_the_sessions_csrf_token(dashboard: Dashboard) -> None:
    await dashboard.sign_in()
    _, page = await dashboard.get("/dashboard")
    token = csrf_token(page)
    for form in ({}, {"csrf_token": "wrong"}, {"csrf_token": token + "x"}):
        response = await dashboard.client.post("/dashboard/logout", data=form)
        assert response.status == 403, form
        assert "formulier is verlopen" in await response.text()
    assert (await dashboard.get("/dashboard"))[0] == 200  # still signed in

    response = await dashboard.client.post("/dashboard/logout", data={"csrf_token": token})
    assert response.status == 200
    assert "U bent uitgelogd" in await response.text()
    assert (await dashboard.get("/dashboard"))[0] == 401


async def test_the_old_session_cookie_is_dead_after_sign_out(dashboard: Dashboard) -> None:
    await dashboard.sign_in()
    _, page = await dashboard.get("/dashboard")
    cookie = next(c for c in dashboard.client.session.cookie_jar if c.key == "eckbot_session").value
    await dashboard.client.post("/dashboard/logout", data={"csrf_token": csrf_token(page)})
    response = await dashboard.client.get("/dashboard", headers={"Cookie": f"eckbot_session={cookie}"})
    assert response.status == 401


async def test_every_response_carries_the_security_headers(dashboard: Dashboard) -> None:
    await dashboard.sign_in()
    for path in ["/dashboard", "/dashboard/questions", "/dashboard/export.csv", "/dashboard/nope"]:
        response = await dashboard.client.get(path)
        policy = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com" in policy
        assert "https://*.cloud.microsoft" in policy and "default-src 'self'" in policy
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["Cache-Control"] == "no-store"
    response = await dashboard.client.get("/dashboard/login", params={"token": "x"})
    assert response.headers["Referrer-Policy"] == "no-referrer"
