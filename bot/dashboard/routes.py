"""The coordinators' dashboard: server-rendered pages under /dashboard."""

from __future__ import annotations

from aiohttp import web

from bot.config import Settings


def add_dashboard_routes(app: web.Application, settings: Settings) -> None:
    """Being built (issue 5)."""
