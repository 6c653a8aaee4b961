"""Bot Framework's and a tenant's OpenID metadata and signing keys, on loopback, with keys the tests make.

`FakeOpenId.bot_framework_url` and `.tenant_url` go into the settings; `mint(...)` signs a token
with one of the keys, as Teams' channel service would. Every request to a key set is counted.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.http.fake_connector import LoopbackServer

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
TENANT_ID = "72f988bf-0000-0000-0000-0000000000t1"  # the tenant of the protocol payloads
TENANT_ISSUER = f"https://login.microsoftonline.com/{TENANT_ID}/v2.0"


@cache
def _private_key(name: str) -> rsa.RSAPrivateKey:
    """One RSA key per name for the whole run: generating one takes a noticeable moment."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass(frozen=True)
class TestKey:
    __test__ = False

    kid: str
    endorsements: tuple[str, ...] | None = ("msteams", "webchat")
    name: str = ""  # keys with the same name share their RSA key pair

    @property
    def private_key(self) -> rsa.RSAPrivateKey:
        return _private_key(self.name or self.kid)

    def jwk(self) -> dict[str, Any]:
        jwk: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        jwk |= {"kid": self.kid, "use": "sig"}
        if self.endorsements is not None:
            jwk["endorsements"] = list(self.endorsements)
        return jwk


@dataclass
class Published:
    """What one metadata URL publishes; tests change it while the server runs."""

    issuer: str
    keys: list[TestKey] = field(default_factory=list)


class FakeOpenId(LoopbackServer):
    def __init__(self) -> None:
        self.bot_framework = Published(BOT_FRAMEWORK_ISSUER, [TestKey("bf-key-1")])
        self.tenant = Published(TENANT_ISSUER, [TestKey("tenant-key-1", endorsements=None)])
        self.failing = False  # while set, every request gets 500
        self.key_set_requests: Counter[str] = Counter()  # "botframework" / "tenant" -> requests
        app = web.Application()
        app.router.add_get("/{which}/.well-known/openid-configuration", self._metadata)
        app.router.add_get("/{which}/keys", self._keys)
        super().__init__(app)

    @property
    def bot_framework_url(self) -> str:
        return f"{self._base}/botframework/.well-known/openid-configuration"

    @property
    def tenant_url(self) -> str:
        return f"{self._base}/tenant/.well-known/openid-configuration"

    @property
    def _base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _published(self, request: web.Request) -> Published:
        which = request.match_info["which"]
        if which not in ("botframework", "tenant"):
            raise web.HTTPNotFound()
        if self.failing:
            raise web.HTTPInternalServerError()
        return self.bot_framework if which == "botframework" else self.tenant

    async def _metadata(self, request: web.Request) -> web.Response:
        published = self._published(request)
        which = request.match_info["which"]
        return web.json_response(
            {
                "issuer": published.issuer,
                "jwks_uri": f"{self._base}/{which}/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
            }
        )

    async def _keys(self, request: web.Request) -> web.Response:
        self.key_set_requests[request.match_info["which"]] += 1
        published = self._published(request)
        return web.json_response({"keys": [key.jwk() for key in published.keys]})


def mint(
    key: TestKey,
    claims: dict[str, Any],
    now: float | None = None,
    lifetime_s: int = 3600,
    headers: dict[str, Any] | None = None,
) -> str:
    """A token as Teams' channel service signs it: iss/aud/serviceurl come from CLAIMS, times from NOW."""
    issued = int(now if now is not None else time.time())
    payload = {"nbf": issued, "iat": issued, "exp": issued + lifetime_s} | claims
    header = {"kid": key.kid} | (headers or {})
    return jwt.encode(payload, key.private_key, algorithm="RS256", headers=header)
