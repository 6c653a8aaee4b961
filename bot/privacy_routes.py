"""GET /privacy/export?token=…: a board's export, downloaded once by its bestuurder.

The link comes from "exporteer bestuur" in the bestuurder's personal chat (dialogs/privacy.py).
A Teams message cannot carry a file without the file-consent flow, and a board's history soon
outgrows a message; a signed one-time link that expires in minutes keeps the file out of the
chat and out of every other conversation. The token is checked, and the holder must still be the
board's bestuurder, before anything is read.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from aiohttp import web

from bot.content import Content
from bot.coordination.links import LinkProblem
from bot.privacy.export_links import EXPORT_PATH
from bot.privacy.service import PersonalDataService

log = logging.getLogger(__name__)

_STATUS = {
    LinkProblem.MALFORMED: 400,
    LinkProblem.TAMPERED: 403,
    LinkProblem.EXPIRED: 410,
    LinkProblem.USED: 410,
}
_PRIVATE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def add_privacy_routes(
    app: web.Application, content: Content, service_of: Callable[[web.Application], PersonalDataService]
) -> None:
    """SERVICE_OF finds the PersonalDataService once the app's components are built."""

    async def export(request: web.Request) -> web.Response:
        token = request.query.get("token", "")
        found = await service_of(request.app).export_by_link(token[:2000])
        if isinstance(found, LinkProblem):
            log.info("board_export_refused reason=%s", found.value)
            # Both languages: whoever opens the link has not told this page theirs.
            text = "\n\n".join(content.text(locale, "privacy.export.link_problem") for locale in ("nl", "en"))
            return web.Response(status=_STATUS[found], text=text, headers=_PRIVATE)
        number, exported = found
        body = json.dumps(exported, ensure_ascii=False, indent=2)
        disposition = f'attachment; filename="bestuur-{number or "export"}.json"'
        return web.Response(
            text=body,
            content_type="application/json",
            headers=_PRIVATE | {"Content-Disposition": disposition},
        )

    app.router.add_get(EXPORT_PATH, export)
