"""The read-only JSON API under /api/v1/ for coordinators' own tools."""

from __future__ import annotations

from aiohttp import web

from bot.config import Settings


def add_api_routes(app: web.Application, settings: Settings) -> None:
    """Being built (issue 5)."""
