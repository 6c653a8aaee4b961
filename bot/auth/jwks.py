"""OpenID metadata and JSON Web Key Sets as Microsoft publishes them, parsed into signing keys.

Bot Framework's keys carry `endorsements`: the channels (msteams, webchat, ...) that may use
them. Parsing happens once per refresh, so a request only looks a key up by its id.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from jwt.algorithms import RSAAlgorithm
from pydantic import BaseModel, ConfigDict, ValidationError

from bot.auth.errors import MetadataError

log = logging.getLogger(__name__)

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
_ENTRA_V2_ISSUER = re.compile(r"^https://login\.microsoftonline\.com/([^/]+)/v2\.0/?$")


@dataclass(frozen=True)
class MetadataSource:
    """One OpenID metadata URL: Bot Framework's, or the bot's own tenant's (single-tenant bots)."""

    url: str
    bot_framework: bool  # its tokens must carry the serviceUrl they were issued for
    tenant_id: str = ""  # fills Entra's "{tenantid}" placeholder


@dataclass(frozen=True)
class SigningKey:
    kid: str
    public_key: RSAPublicKey
    issuers: frozenset[str]  # the issuers a token signed by this key may name
    endorsements: frozenset[str] | None  # None: the key makes no claim about channels
    source: MetadataSource


class OpenIdMetadata(BaseModel):
    model_config = ConfigDict(extra="ignore")

    jwks_uri: str
    issuer: str | None = None


class _KeySet(BaseModel):
    model_config = ConfigDict(extra="ignore")

    keys: list[dict[str, Any]]


def parse_metadata(document: Any) -> OpenIdMetadata:
    try:
        metadata = OpenIdMetadata.model_validate(document)
    except ValidationError as error:
        raise MetadataError("the OpenID metadata has no usable jwks_uri") from error
    if not metadata.jwks_uri.startswith(("https://", "http://")):
        raise MetadataError("the OpenID metadata's jwks_uri is not a web address")
    return metadata


def issuers_of(source: MetadataSource, metadata: OpenIdMetadata) -> frozenset[str]:
    """The issuers the metadata names, and for Entra also its v1 form (sts.windows.net)."""
    if source.bot_framework:
        return frozenset({metadata.issuer or BOT_FRAMEWORK_ISSUER})
    issuer = (metadata.issuer or "").replace("{tenantid}", source.tenant_id)
    match = _ENTRA_V2_ISSUER.match(issuer)
    tenant = match.group(1) if match else source.tenant_id
    issuers = {issuer} if issuer else set()
    if tenant and "{" not in tenant:
        issuers |= {
            f"https://login.microsoftonline.com/{tenant}/v2.0",
            f"https://sts.windows.net/{tenant}/",
        }
    return frozenset(issuers)


def parse_key_set(document: Any, source: MetadataSource, issuers: frozenset[str]) -> tuple[SigningKey, ...]:
    """The RSA signing keys of a JWKS document; keys of another type or unreadable ones are skipped."""
    try:
        key_set = _KeySet.model_validate(document)
    except ValidationError as error:
        raise MetadataError("the key set has no keys list") from error
    keys = []
    skipped = 0
    for jwk in key_set.keys:
        key = _signing_key(jwk, source, issuers)
        if key is None:
            skipped += 1
        else:
            keys.append(key)
    if skipped:
        log.warning("signing_keys_skipped count=%d url=%s", skipped, source.url)
    return tuple(keys)


def _signing_key(jwk: dict[str, Any], source: MetadataSource, issuers: frozenset[str]) -> SigningKey | None:
    kid = jwk.get("kid")
    if not isinstance(kid, str) or not kid or jwk.get("kty") != "RSA" or jwk.get("use", "sig") != "sig":
        return None
    endorsements = jwk.get("endorsements")
    if endorsements is not None and not (
        isinstance(endorsements, list) and all(isinstance(e, str) for e in endorsements)
    ):
        return None
    try:
        public_key = RSAAlgorithm.from_jwk(jwk)
    except Exception:  # PyJWT raises InvalidKeyError, cryptography ValueError or others on odd keys
        return None
    if not isinstance(public_key, RSAPublicKey):
        return None
    return SigningKey(
        kid=kid,
        public_key=public_key,
        issuers=issuers,
        endorsements=frozenset(endorsements) if endorsements is not None else None,
        source=source,
    )
