"""Who may see the dashboard: a signed link opens a session (a cookie); a form carries its CSRF token.

Nothing here redirects to a sign-in page: there is none. Without a session a page says how to
get a new link (ask the bot), so a coordinator never lands in a redirect loop.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable

from aiohttp import hdrs, web

from bot.app_keys import COMPONENTS
from bot.config import Settings
from bot.coordination.links import LinkProblem
from bot.coordination.models import DashboardSession
from bot.coordination.service import SESSION_LIFETIME
from bot.dashboard.respond import PREFIX, link, page, problem

log = logging.getLogger(__name__)

COOKIE = "eckbot_session"
MAX_TOKEN_CHARS = 2000  # a signed link's token is about 150; anything far longer is not one
MAX_COOKIE_CHARS = 200

Page = Callable[[web.Request], Awaitable[web.StreamResponse]]
SignedInPage = Callable[[web.Request, DashboardSession], Awaitable[web.StreamResponse]]


def _session_id(request: web.Request) -> str | None:
    value = request.cookies.get(COOKIE, "")
    return value if 0 < len(value) <= MAX_COOKIE_CHARS else None


async def current_session(request: web.Request) -> DashboardSession | None:
    session_id = _session_id(request)
    if session_id is None:
        return None
    return await request.app[COMPONENTS].coordination.session(session_id)


def unauthorised(request: web.Request, *reasons: str) -> web.Response:
    """401: signed out, expired or used; the remedy is always a new link from the bot."""
    return problem(
        request,
        401,
        "access.unauthorised_title",
        [*reasons, "access.new_link"] if reasons else ["access.unauthorised_body", "access.new_link"],
    )


def forbidden(request: web.Request, reason: str, csrf_token: str | None = None) -> web.Response:
    return problem(request, 403, "access.forbidden_title", [reason], csrf_token)


def signed_in(handler: SignedInPage) -> Page:
    """Runs the page only for a valid session of someone who is still a coordinator."""

    async def guarded(request: web.Request) -> web.StreamResponse:
        session = await current_session(request)
        if session is None:
            return unauthorised(request)
        return await handler(request, session)

    return guarded


_LINK_PROBLEM_PAGES: dict[LinkProblem, tuple[int, str]] = {
    LinkProblem.EXPIRED: (401, "access.expired_link"),
    LinkProblem.USED: (401, "access.used_link"),
    LinkProblem.MALFORMED: (403, "access.tampered_link"),
    LinkProblem.TAMPERED: (403, "access.tampered_link"),
}


def login_handler(settings: Settings) -> Page:
    async def login(request: web.Request) -> web.StreamResponse:
        token = request.query.get("token", "")
        if not token or len(token) > MAX_TOKEN_CHARS:
            return forbidden(request, "access.tampered_link")
        opened = await request.app[COMPONENTS].coordination.open_session(token)
        if opened is None:
            log.info("dashboard_login refused=not_coordinator")
            return forbidden(request, "access.not_coordinator")
        if isinstance(opened, LinkProblem):
            log.info("dashboard_login refused=%s", opened.value)
            status, reason = _LINK_PROBLEM_PAGES[opened]
            return unauthorised(request, reason) if status == 401 else forbidden(request, reason)
        session_id, _ = opened
        response = web.HTTPSeeOther(link(request, PREFIX))
        response.headers.add(hdrs.SET_COOKIE, session_cookie(session_id, settings.secure_cookies))
        log.info("dashboard_login opened")
        return response

    return login


def session_cookie(session_id: str, secure: bool) -> str:
    """The session's Set-Cookie header: HttpOnly, for /dashboard only, for one session's lifetime.

    Behind TLS the dashboard may open in a Teams tab, a frame on another site: only a cookie with
    SameSite=None, partitioned to that site, reaches it there, and every form carries the
    session's CSRF token, so cross-site requests gain nothing. Without TLS, SameSite=Lax. (Python
    3.11's cookie writer knows no Partitioned attribute, hence the header by hand; the id is
    URL-safe base64.)
    """
    attributes = [
        f"{COOKIE}={session_id}",
        f"Max-Age={int(SESSION_LIFETIME.total_seconds())}",
        f"Path={PREFIX}",
    ]
    attributes += (
        ["HttpOnly", "Secure", "SameSite=None", "Partitioned"] if secure else ["HttpOnly", "SameSite=Lax"]
    )
    return "; ".join(attributes)


async def logout(request: web.Request) -> web.StreamResponse:
    session_id = _session_id(request)
    session = await current_session(request)
    if session is None or session_id is None:
        return unauthorised(request)
    form = await request.post()
    sent = form.get("csrf_token")
    if not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), session.csrf_token.encode()):
        return forbidden(request, "access.csrf", session.csrf_token)
    await request.app[COMPONENTS].coordination.end_session(session_id)
    response = page(request, "signed_out")
    response.del_cookie(COOKIE, path=PREFIX)
    return response
