"""A Bot Framework channel token, checked the way the Bot Framework SDK checks it, against our own key cache.

The order matters: everything that needs no key (length, scheme, algorithm, key id) is refused
before the key cache is asked, so a forged header never costs a request to Microsoft.
"""

from __future__ import annotations

from typing import Any

import jwt
from botframework.connector.auth import ClaimsIdentity

from bot.auth.errors import AuthenticationError
from bot.auth.jwks import SigningKey
from bot.auth.keys import KeyCache
from bot.onboarding.clock import Clock

MAX_AUTHORIZATION_CHARS = 16 * 1024  # Bot Framework tokens are 1-2 KB
ALGORITHM = "RS256"  # the only one Microsoft signs with; never "none", never HMAC
CLOCK_SKEW_S = 300
_NOT_VERIFIED_HERE = {"verify_exp": False, "verify_nbf": False, "verify_iat": False}  # our clock does


class TokenValidator:
    def __init__(self, keys: KeyCache, app_id: str, clock: Clock, skew_s: float = CLOCK_SKEW_S) -> None:
        self._keys = keys
        self._app_id = app_id
        self._clock = clock
        self._skew_s = skew_s

    async def validate(
        self, authorization: str, service_url: str | None, channel_id: str | None
    ) -> ClaimsIdentity:
        """The claims of the token in AUTHORIZATION ("Bearer <jwt>"), or AuthenticationError.

        KeysUnavailable (from the key cache) means the token could not be judged at all.
        """
        token = _bearer_token(authorization)
        kid = _key_id(token)
        candidates = await self._keys.keys_for(kid)
        if not candidates:
            raise AuthenticationError("unknown signing key")
        key, claims = self._verified(token, candidates)
        self._check_lifetime(claims)
        _check_service_url(claims, key, service_url)
        _check_endorsement(key, channel_id)
        return ClaimsIdentity(claims, True)

    def _verified(self, token: str, candidates: tuple[SigningKey, ...]) -> tuple[SigningKey, dict[str, Any]]:
        """The signature, audience and issuer; with a key id in two sources, the one whose issuer fits."""
        refusal = AuthenticationError("wrong issuer")
        for key in candidates:
            try:
                claims = jwt.decode(
                    token,
                    key.public_key,
                    algorithms=[ALGORITHM],
                    audience=self._app_id,
                    issuer=key.issuers,
                    options=_NOT_VERIFIED_HERE,  # type: ignore[arg-type]
                )
            except (jwt.InvalidIssuerError, jwt.MissingRequiredClaimError) as error:
                if isinstance(error, jwt.MissingRequiredClaimError) and error.claim != "iss":
                    raise AuthenticationError(f"no {error.claim} claim") from error
                refusal.__cause__ = error
                continue
            except jwt.InvalidSignatureError as error:
                raise AuthenticationError("bad signature") from error
            except jwt.InvalidAudienceError as error:
                raise AuthenticationError("wrong audience") from error
            except jwt.PyJWTError as error:
                raise AuthenticationError("malformed token") from error
            return key, claims
        raise refusal

    def _check_lifetime(self, claims: dict[str, Any]) -> None:
        now = self._clock().timestamp()
        expires = _number(claims, "exp")
        if expires is None:
            raise AuthenticationError("no exp claim")
        if now > expires + self._skew_s:
            raise AuthenticationError("expired")
        not_before = _number(claims, "nbf")
        if not_before is not None and now + self._skew_s < not_before:
            raise AuthenticationError("not yet valid")


def _bearer_token(authorization: str) -> str:
    if not authorization:
        raise AuthenticationError("no token")
    if len(authorization) > MAX_AUTHORIZATION_CHARS:
        raise AuthenticationError("token too long")
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or " " in token:
        raise AuthenticationError("not a bearer token")
    return token


def _key_id(token: str) -> str:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise AuthenticationError("malformed token") from error
    if header.get("alg") != ALGORITHM:
        raise AuthenticationError("algorithm not allowed")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise AuthenticationError("no key id")
    return kid


def _number(claims: dict[str, Any], name: str) -> float | None:
    value = claims.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise AuthenticationError(f"{name} is not a number")
    return float(value)


def _check_service_url(claims: dict[str, Any], key: SigningKey, service_url: str | None) -> None:
    claimed = claims.get("serviceurl", claims.get("serviceUrl"))
    if claimed is None:
        if key.source.bot_framework:  # every Bot Framework channel token names its serviceUrl
            raise AuthenticationError("no serviceUrl claim")
        return
    if claimed != service_url:
        raise AuthenticationError("serviceUrl mismatch")


def _check_endorsement(key: SigningKey, channel_id: str | None) -> None:
    if key.endorsements is not None and (not channel_id or channel_id not in key.endorsements):
        raise AuthenticationError("key not endorsed for this channel")
