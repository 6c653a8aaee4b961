"""(a) The stock botbuilder-python echo bot, as Microsoft's samples write it: CloudAdapter + ActivityHandler.

Nothing of ours is imported: this is the baseline the issue measures against.
Run: python bench/echo_stock.py PORT
"""

from __future__ import annotations

import sys
from types import SimpleNamespace

from aiohttp import web
from botbuilder.core import ActivityHandler, MessageFactory, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication


class EchoBot(ActivityHandler):  # type: ignore[misc]
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await turn_context.send_activity(MessageFactory.text(f"Echo: {turn_context.activity.text}"))


def main(port: int) -> None:
    configuration = SimpleNamespace(APP_ID="", APP_PASSWORD="", APP_TYPE="MultiTenant", APP_TENANTID="")
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(configuration))
    bot = EchoBot()

    async def messages(request: web.Request) -> web.StreamResponse:
        response: web.StreamResponse = await adapter.process(request, bot)
        return response

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"status": "alive"})

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/readyz", healthz)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)


if __name__ == "__main__":
    main(int(sys.argv[1]))
