"""How every dashboard response is made: the locale, the page around the content, the headers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from markupsafe import Markup

from bot.content_models import LOCALES
from bot.dashboard.texts import TEMPLATE_SUFFIX, DashboardTexts

TEXTS = web.AppKey("dashboard_texts", DashboardTexts)
PREFIX = "/dashboard"
DEFAULT_LOCALE = "nl"

# Teams shows the dashboard as a tab in an iframe; nothing else may frame it. No scripts at all.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "script-src 'none'; form-action 'self'; base-uri 'none'; "
        "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com "
        "https://*.cloud.microsoft"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # the sign-in link is in the URL: it must never leak onwards
    "Cache-Control": "no-store",
}


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """on_response_prepare: every dashboard response, aiohttp's own 404 and 405 included."""
    if request.path == PREFIX or request.path.startswith(PREFIX + "/"):
        response.headers.update(SECURITY_HEADERS)


def chosen_lang(request: web.Request) -> str | None:
    """The locale asked for in the address (?lang=en), which links then carry along."""
    lang = request.query.get("lang", "")
    return lang if lang in LOCALES else None


def locale_of(request: web.Request) -> str:
    """?lang= first, then the browser's Accept-Language, then Dutch."""
    chosen = chosen_lang(request)
    if chosen:
        return chosen
    for part in request.headers.get("Accept-Language", "").split(","):
        language = part.split(";")[0].strip().lower()[:2]
        if language in LOCALES:
            return language
    return DEFAULT_LOCALE


def link(request: web.Request, path: str, params: Mapping[str, str] | None = None) -> str:
    """A dashboard address that keeps the chosen language."""
    query = dict(params or {})
    lang = chosen_lang(request)
    if lang:
        query["lang"] = lang
    return f"{path}?{urlencode(query)}" if query else path


def other_language_link(request: web.Request, locale: str) -> str:
    query = {k: v for k, v in request.query.items() if k != "lang"}
    query["lang"] = "en" if locale == "nl" else "nl"
    return f"{request.path}?{urlencode(query)}"


def page(
    request: web.Request,
    template: str,
    status: int = 200,
    csrf_token: str | None = None,
    **variables: Any,
) -> web.Response:
    """A whole page rendered on the server; csrf_token set means signed in (menu and sign-out)."""
    texts = request.app[TEXTS]
    locale = locale_of(request)

    def t(key: str, **values: Any) -> Markup:
        return texts.markup(locale, key, **values)

    html = texts.html.get_template(template + TEMPLATE_SUFFIX).render(
        t=t,
        locale=locale,
        csrf_token=csrf_token,
        home=link(request, PREFIX),
        home_path=PREFIX,
        questions_link=link(request, PREFIX + "/questions"),
        logout_link=link(request, PREFIX + "/logout"),
        language_link=other_language_link(request, locale),
        **variables,
    )
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8")


Line = str | tuple[str, Mapping[str, Any]]  # a text key, or a key with its values


def problem(
    request: web.Request, status: int, title: str, lines: Sequence[Line], csrf_token: str | None = None
) -> web.Response:
    """An error page: a title and the sentences that say what happened and what to do."""
    keyed = [(line, {}) if isinstance(line, str) else line for line in lines]
    return page(request, "problem", status, csrf_token, title=title, lines=keyed)
