"""create_app(settings): the aiohttp application with its routes, start-up and clean-up."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor

from aiohttp import web

from bot.adapter import TeamsAdapter
from bot.api_v1.routes import add_api_routes
from bot.app_keys import ADAPTER, COMPONENTS
from bot.composition import build, load_checked_content
from bot.config import Settings
from bot.connector.pool import ConnectorPool
from bot.coordination.programs import checked_programs
from bot.dashboard.routes import add_dashboard_routes
from bot.onboarding.clock import Clock, system_clock
from bot.outbox.sender import OutboxSender
from bot.privacy_routes import add_privacy_routes
from bot.rate_limit import ConversationRateLimit
from bot.security_headers import add_security_headers
from bot.startup_cache import StartupCache
from bot.storage.migrate import upgrade_to_head

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

    BACKGROUND (as `eckbot serve` runs it) also starts the outbox sender, the reminder scheduler
    and the retention job; tests start them where they test them.
    """
    # The schema is brought up to date on a worker thread while the content is read and checked.
    migrating = ThreadPoolExecutor(max_workers=1, thread_name_prefix="migrate")
    migration = migrating.submit(upgrade_to_head, settings.database_url)
    migrating.shutdown(wait=False)
    # `eckbot serve` keeps what start-up derives from unchanged files; tests start from nothing
    cache = (
        StartupCache.from_setting(settings.cache_dir_setting, settings.content_dir)
        if background
        else StartupCache.off()
    )
    content = load_checked_content(settings, cache)
    checked_programs(settings.programs_setting, settings.coordinators)  # a wrong setting stops start-up here
    app = web.Application(client_max_size=settings.max_request_bytes)
    connectors = ConnectorPool(settings.app_id, settings.app_password, settings.token_url)
    authenticator = None
    if not settings.local_mode:
        from bot.auth.inbound import InboundAuthenticator

        authenticator = InboundAuthenticator.from_settings(settings, clock)
    app[ADAPTER] = TeamsAdapter(settings, content, connectors, authenticator)
    app[ADAPTER].use(ConversationRateLimit(settings.messages_per_minute, content, clock))
    add_security_headers(app, settings)
    if settings.local_mode:
        log.warning(
            "local_mode: no MicrosoftAppId is set, so requests are NOT authenticated. "
            "Use this only on your own machine."
        )

    async def components(app: web.Application) -> AsyncIterator[None]:
        app[COMPONENTS] = built = await build(settings, clock, content, cache, migration)
        stop = asyncio.Event()
        jobs = []
        if background:
            sender = OutboxSender(built.outbox, connectors, clock)
            jobs = [
                asyncio.create_task(sender.run(stop)),
                asyncio.create_task(built.reminders.run(stop)),
                asyncio.create_task(built.retention.run(stop)),
            ]
        yield
        stop.set()
        await asyncio.gather(*jobs)
        await built.close()
        await connectors.close()
        if authenticator is not None:
            await authenticator.close()

    app.cleanup_ctx.append(components)
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    add_dashboard_routes(app, settings)
    add_api_routes(app, settings)
    add_privacy_routes(app, content, lambda app: app[COMPONENTS].privacy)
    return app
