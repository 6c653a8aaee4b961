"""create_app(settings): the aiohttp application with its routes, start-up and clean-up."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

from aiohttp import web

from bot.adapter import TeamsAdapter
from bot.api_v1.routes import add_api_routes
from bot.app_keys import ADAPTER, COMPONENTS
from bot.composition import build, load_checked_content
from bot.config import Settings
from bot.connector.pool import ConnectorPool
from bot.dashboard.routes import add_dashboard_routes
from bot.onboarding.clock import Clock, system_clock
from bot.outbox.sender import OutboxSender

log = logging.getLogger(__name__)


async def messages(request: web.Request) -> web.StreamResponse:
    components = request.app[COMPONENTS]
    response: web.StreamResponse = await request.app[ADAPTER].process(request, components.bot)
    return response


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "alive"})


async def readyz(request: web.Request) -> web.Response:
    try:
        await request.app[COMPONENTS].store.ping()
    except Exception as error:
        log.warning("not_ready error=%s", type(error).__name__)
        return web.json_response({"status": "database unreachable"}, status=503)
    return web.json_response({"status": "ready"})


def create_app(settings: Settings, clock: Clock = system_clock, background: bool = False) -> web.Application:
    """Builds the app; content is checked here, so broken content stops start-up at once.

    BACKGROUND (as `eckbot serve` runs it) also starts the outbox sender and the reminder
    scheduler; tests start them where they test them.
    """
    content = load_checked_content(settings)
    app = web.Application(client_max_size=settings.max_request_bytes)
    connectors = ConnectorPool(settings.app_id, settings.app_password, settings.token_url)
    app[ADAPTER] = TeamsAdapter(settings, content, connectors)
    if settings.local_mode:
        log.warning(
            "local_mode: no MicrosoftAppId is set, so requests are NOT authenticated. "
            "Use this only on your own machine."
        )

    async def components(app: web.Application) -> AsyncIterator[None]:
        app[COMPONENTS] = built = await build(settings, clock, content)
        stop = asyncio.Event()
        jobs = []
        if background:
            sender = OutboxSender(built.outbox, connectors, clock)
            jobs = [asyncio.create_task(sender.run(stop)), asyncio.create_task(built.reminders.run(stop))]
        yield
        stop.set()
        await asyncio.gather(*jobs)
        await built.close()
        await connectors.close()

    app.cleanup_ctx.append(components)
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    add_dashboard_routes(app, settings)
    add_api_routes(app, settings)
    return app
