"""(b) A bare aiohttp echo: parse the activity, POST the reply over one pooled session. No framework.

This is the ceiling: what Python and aiohttp cost for one turn on this machine.
Run: python bench/echo_bare.py PORT
"""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator
from urllib.parse import quote

from aiohttp import ClientSession, TCPConnector, web

SESSION = web.AppKey("session", ClientSession)


async def messages(request: web.Request) -> web.Response:
    activity = json.loads(await request.read())
    if activity.get("type") == "message":
        reply = {
            "type": "message",
            "text": f"Echo: {activity.get('text', '')}",
            "from": activity.get("recipient"),
            "recipient": activity.get("from"),
            "conversation": activity.get("conversation"),
            "replyToId": activity.get("id"),
        }
        conversation = quote(activity["conversation"]["id"], safe="")
        base = activity["serviceUrl"].rstrip("/")
        url = f"{base}/v3/conversations/{conversation}/activities/{activity['id']}"
        async with request.app[SESSION].post(url, json=reply) as answer:
            await answer.read()
    return web.Response(status=200)


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "alive"})


async def session(app: web.Application) -> AsyncIterator[None]:
    app[SESSION] = ClientSession(connector=TCPConnector(limit=0))
    yield
    await app[SESSION].close()


def main(port: int) -> None:
    app = web.Application()
    app.cleanup_ctx.append(session)
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/readyz", healthz)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)


if __name__ == "__main__":
    main(int(sys.argv[1]))
