"""A fake Microsoft Entra token endpoint on loopback: the client-credentials grant a bot uses for replies."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from aiohttp import web

from tests.http.fake_connector import LoopbackServer


@dataclass(frozen=True)
class TokenRequest:
    form: dict[str, str]


class FakeLogin(LoopbackServer):
    """Hands out token-1, token-2, ... each valid for `lifetime_s`; `failing` makes it answer 500."""

    def __init__(self, lifetime_s: int = 3599) -> None:
        self.lifetime_s = lifetime_s
        self.failing = False
        self.requests: list[TokenRequest] = []
        self._numbers = itertools.count(1)
        app = web.Application()
        app.router.add_post("/tenant/oauth2/v2.0/token", self._token)
        super().__init__(app)

    @property
    def token_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/tenant/oauth2/v2.0/token"

    async def _token(self, request: web.Request) -> web.Response:
        self.requests.append(TokenRequest({k: str(v) for k, v in (await request.post()).items()}))
        if self.failing:
            return web.json_response({"error": "temporarily_unavailable"}, status=500)
        return web.json_response(
            {
                "token_type": "Bearer",
                "expires_in": self.lifetime_s,
                "access_token": f"token-{next(self._numbers)}",
            }
        )
