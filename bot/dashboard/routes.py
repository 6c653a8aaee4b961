"""The coordinators' dashboard: server-rendered pages under /dashboard."""

from __future__ import annotations

from aiohttp import web

from bot.config import Settings
from bot.dashboard import pages
from bot.dashboard.access import login_handler, logout
from bot.dashboard.respond import PREFIX, TEXTS, add_security_headers
from bot.dashboard.texts import load_dashboard_texts


def add_dashboard_routes(app: web.Application, settings: Settings) -> None:
    """Checks content/dashboard/ (broken content stops start-up) and adds the pages."""
    app[TEXTS] = load_dashboard_texts(settings.content_dir)
    app.on_response_prepare.append(add_security_headers)
    app.router.add_get(PREFIX + "/login", login_handler(settings))
    app.router.add_post(PREFIX + "/logout", logout)
    app.router.add_get(PREFIX, pages.overview)
    app.router.add_get(PREFIX + "/boards/{board_id}", pages.board_page)
    app.router.add_get(PREFIX + "/questions", pages.questions_page)
    app.router.add_get(PREFIX + "/export.csv", pages.export_csv)
    app.router.add_get(PREFIX + "/export.xlsx", pages.export_xlsx)
    app.router.add_get(PREFIX + "/{tail:.*}", pages.not_found)
