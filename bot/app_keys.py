"""The keys under which the aiohttp application holds what its routes need."""

from __future__ import annotations

from aiohttp import web

from bot.adapter import TeamsAdapter
from bot.composition import Components

COMPONENTS = web.AppKey("components", Components)
ADAPTER = web.AppKey("adapter", TeamsAdapter)
