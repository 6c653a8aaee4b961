"""Security headers on every response the bot's web server sends.

A hook on aiohttp's on_response_prepare rather than a middleware: the signal also sees the
responses no handler made (aiohttp's own 404, 405 and 413), which a middleware only sees as
exceptions. Headers a route set itself win: the dashboard sets its own Content-Security-Policy,
with frame-ancestors for the Teams tab (bot/dashboard/respond.py), and keeps it.
"""

from __future__ import annotations

from aiohttp import web

from bot.config import Settings

HSTS = "max-age=31536000; includeSubDomains"
# Nothing but the dashboard is a page: the rest (JSON, the OpenAPI document) loads and frames nothing.
DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'"


def security_headers(settings: Settings) -> dict[str, str]:
    """The headers every response carries unless it set its own; HSTS only behind TLS."""
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Content-Security-Policy": DEFAULT_CSP,
    }
    if settings.secure_cookies:  # the public address is https: browsers must never fall back to http
        headers["Strict-Transport-Security"] = HSTS
    return headers


def add_security_headers(app: web.Application, settings: Settings) -> None:
    """Adds the headers to every response of APP."""
    headers = security_headers(settings)

    async def on_prepare(request: web.Request, response: web.StreamResponse) -> None:
        for name, value in headers.items():
            response.headers.setdefault(name, value)

    app.on_response_prepare.append(on_prepare)
