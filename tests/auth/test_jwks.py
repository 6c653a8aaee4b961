"""Reading Microsoft's key sets: what becomes a signing key, what is skipped, which issuers a key may name."""

from __future__ import annotations

from typing import Any

import pytest

from bot.auth.errors import MetadataError
from bot.auth.jwks import MetadataSource, OpenIdMetadata, issuers_of, parse_key_set, parse_metadata
from tests.auth.fake_openid import TENANT_ID, TestKey

BOT_FRAMEWORK = MetadataSource("https://login.botframework.com/v1/.well-known/openidconfiguration", True)
TENANT = MetadataSource(
    "https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration", False, TENANT_ID
)
ISSUERS = frozenset({"https://api.botframework.com"})


def test_a_published_key_keeps_its_endorsements() -> None:
    keys = parse_key_set({"keys": [TestKey("k1", ("msteams",)).jwk()]}, BOT_FRAMEWORK, ISSUERS)

    assert [(key.kid, key.endorsements) for key in keys] == [("k1", frozenset({"msteams"}))]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"kid": None}, id="no kid"),
        pytest.param({"kty": "EC"}, id="not RSA"),
        pytest.param({"use": "enc"}, id="for encryption"),
        pytest.param({"n": "!!"}, id="unreadable modulus"),
        pytest.param({"endorsements": "msteams"}, id="endorsements not a list"),
    ],
)
def test_an_unusable_key_is_skipped_and_the_others_are_kept(change: dict[str, Any]) -> None:
    odd = {k: v for k, v in (TestKey("odd").jwk() | change).items() if v is not None}
    document = {"keys": [odd, TestKey("good").jwk()]}

    keys = parse_key_set(document, BOT_FRAMEWORK, ISSUERS)

    assert [key.kid for key in keys] == ["good"]


@pytest.mark.parametrize(
    "document",
    [{}, {"keys": "none"}, [], None],
    ids=["no keys", "keys not a list", "a list", "null"],
)
def test_a_key_set_that_is_not_one_is_a_metadata_error(document: Any) -> None:
    with pytest.raises(MetadataError):
        parse_key_set(document, BOT_FRAMEWORK, ISSUERS)


@pytest.mark.parametrize(
    "document",
    [{}, {"jwks_uri": 5}, {"jwks_uri": "file:///etc/passwd"}],
    ids=["no jwks_uri", "not a string", "not a web address"],
)
def test_metadata_without_a_usable_jwks_uri_is_a_metadata_error(document: Any) -> None:
    with pytest.raises(MetadataError):
        parse_metadata(document)


def test_bot_framework_keys_sign_for_the_issuer_its_metadata_names() -> None:
    metadata = OpenIdMetadata(jwks_uri="https://x/keys", issuer="https://api.botframework.com")

    assert issuers_of(BOT_FRAMEWORK, metadata) == {"https://api.botframework.com"}


@pytest.mark.parametrize(
    "issuer",
    [
        f"https://login.microsoftonline.com/{TENANT_ID}/v2.0",
        "https://login.microsoftonline.com/{tenantid}/v2.0",
        None,
    ],
    ids=["the tenant's", "the common placeholder", "none named"],
)
def test_tenant_keys_sign_for_the_tenants_v1_and_v2_issuers(issuer: str | None) -> None:
    metadata = OpenIdMetadata(jwks_uri="https://x/keys", issuer=issuer)

    assert issuers_of(TENANT, metadata) == {
        f"https://login.microsoftonline.com/{TENANT_ID}/v2.0",
        f"https://sts.windows.net/{TENANT_ID}/",
    }
