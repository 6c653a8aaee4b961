"""With an app id, only a request whose token passes every check Bot Framework makes gets in.

Each refused request gets 401 with a short reason, and reaches neither the bot nor the database.
Checks that need no key refuse before the key set is fetched.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization

from bot.onboarding.clock import FixedClock
from tests.auth.conftest import channel_claims, post_with
from tests.auth.fake_openid import FakeOpenId, TestKey, mint
from tests.http.fake_login import FakeLogin
from tests.http.teams import Teams
from tests.http.test_requests import assert_nothing_happened

SKEW_S = 300


@dataclass
class Case:
    """What a test case needs to forge its Authorization header."""

    teams: Teams
    openid: FakeOpenId
    now: float

    @property
    def claims(self) -> dict[str, Any]:
        return channel_claims(self.teams)

    @property
    def key(self) -> TestKey:
        return self.openid.bot_framework.keys[0]

    def bearer(
        self,
        claims: dict[str, Any] | None = None,
        key: TestKey | None = None,
        issued: float = 0,
        lifetime_s: int = 3600,
    ) -> str:
        """A token signed with KEY (the published one), issued ISSUED seconds from now; a claim set to
        None is left out."""
        merged = {name: value for name, value in (self.claims | (claims or {})).items() if value is not None}
        token = mint(key or self.key, merged, now=self.now + issued, lifetime_s=lifetime_s)
        return f"Bearer {token}"


def _segment(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _alg_none(case: Case) -> str:
    payload = case.claims | {"exp": case.now + 600}
    return f"Bearer {jwt.encode(payload, '', algorithm='none', headers={'kid': case.key.kid})}"


def _hs256_with_public_key(case: Case) -> str:
    """The classic confusion: HMAC keyed with the published RSA public key, which anyone has."""
    secret = case.key.private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = ".".join(
        [
            _segment({"alg": "HS256", "typ": "JWT", "kid": case.key.kid}),
            _segment(case.claims | {"exp": case.now + 600}),
        ]
    )
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"Bearer {signing_input}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"


def _without_kid(case: Case) -> str:
    payload = case.claims | {"exp": case.now + 600}
    return f"Bearer {jwt.encode(payload, case.key.private_key, algorithm='RS256')}"


def _not_endorsed_for_teams(case: Case) -> str:
    webchat_only = TestKey("bf-webchat-only", endorsements=("webchat",))
    case.openid.bot_framework.keys.append(webchat_only)
    return case.bearer(key=webchat_only)


Forge = Callable[[Case], str | None]

# (id, how the header is made, the reason the bot gives, refused before the key set is fetched)
REFUSED: list[tuple[str, Forge, str, bool]] = [
    ("expired", lambda c: c.bearer(issued=-3600 - SKEW_S - 1, lifetime_s=3600), "expired", False),
    ("not yet valid", lambda c: c.bearer(issued=SKEW_S + 1), "not yet valid", False),
    (
        "signed by another key",
        lambda c: c.bearer(key=TestKey(c.key.kid, name="intruder")),
        "bad signature",
        False,
    ),
    (
        "wrong audience",
        lambda c: c.bearer({"aud": "00000000-0000-0000-0000-00000000beef"}),
        "wrong audience",
        False,
    ),
    ("wrong issuer", lambda c: c.bearer({"iss": "https://issuer.invalid"}), "wrong issuer", False),
    (
        "serviceUrl mismatch",
        lambda c: c.bearer({"serviceurl": "https://smba.invalid/emea/"}),
        "serviceUrl mismatch",
        False,
    ),
    ("no serviceUrl claim", lambda c: c.bearer({"serviceurl": None}), "no serviceUrl claim", False),
    ("key not endorsed for msteams", _not_endorsed_for_teams, "key not endorsed for this channel", False),
    ("alg none", _alg_none, "algorithm not allowed", True),
    ("HS256 signed with the public key", _hs256_with_public_key, "algorithm not allowed", True),
    ("missing kid", _without_kid, "no key id", True),
    ("malformed token", lambda c: "Bearer eyJhbGciOi.bm90IGpzb24.c2ln", "malformed token", True),
    ("not a JWT at all", lambda c: "Bearer not-a-jwt", "malformed token", True),
    ("100 KB token", lambda c: c.bearer({"padding": "x" * 77_000}), "token too long", True),
    ("not a bearer token", lambda c: "Basic dXNlcjpwYXNz", "not a bearer token", True),
    ("no Authorization header", lambda c: None, "no token", True),
]


@pytest.mark.parametrize(
    ("forge", "reason", "before_keys"),
    [pytest.param(forge, reason, early, id=name) for name, forge, reason, early in REFUSED],
)
async def test_a_token_that_fails_a_check_gets_401_and_nothing_happens(
    secured: Teams,
    openid: FakeOpenId,
    clock: FixedClock,
    database_url: str,
    forge: Forge,
    reason: str,
    before_keys: bool,
) -> None:
    authorization = forge(Case(secured, openid, clock().timestamp()))

    answer = await post_with(secured, authorization)

    assert answer.status == 401, answer.text
    assert answer.body == {"error": "unauthorized", "reason": reason}
    assert_nothing_happened(secured, database_url)
    if before_keys:
        assert sum(openid.key_set_requests.values()) == 0


async def test_the_100_kb_token_really_is_that_long(
    secured: Teams, openid: FakeOpenId, clock: FixedClock
) -> None:
    forge = next(forge for name, forge, _, _ in REFUSED if name == "100 KB token")

    authorization = forge(Case(secured, openid, clock().timestamp()))

    assert authorization is not None and len(authorization) > 100 * 1024


async def test_a_valid_token_gets_in_and_the_reply_carries_the_bots_own_token(
    secured: Teams, openid: FakeOpenId, clock: FixedClock, login: FakeLogin
) -> None:
    case = Case(secured, openid, clock().timestamp())

    answer = await post_with(secured, case.bearer())

    assert answer.status == 201, answer.text
    assert len(answer.sent) > 0
    assert {call.authorization for call in answer.sent} == {"Bearer token-1"}


@pytest.mark.parametrize(
    ("issued_at", "lifetime_s"),
    [
        pytest.param(-3600 - SKEW_S + 1, 3600, id="expired within the skew"),
        pytest.param(SKEW_S - 1, 3600, id="starts within the skew"),
    ],
)
async def test_a_token_within_the_clock_skew_is_accepted(
    secured: Teams, openid: FakeOpenId, clock: FixedClock, issued_at: int, lifetime_s: int
) -> None:
    case = Case(secured, openid, clock().timestamp())

    answer = await post_with(secured, case.bearer(issued=issued_at, lifetime_s=lifetime_s))

    assert answer.status == 201, answer.text
    assert len(answer.sent) > 0


async def test_an_invoke_with_a_valid_token_is_answered(
    secured: Teams, openid: FakeOpenId, clock: FixedClock
) -> None:
    case = Case(secured, openid, clock().timestamp())
    claims = channel_claims(secured, "invoke-adaptive-card-execute.json")

    answer = await post_with(secured, case.bearer(claims), "invoke-adaptive-card-execute.json")

    assert answer.status == 200, answer.text


async def test_an_invoke_without_a_token_is_refused(secured: Teams, database_url: str) -> None:
    answer = await post_with(secured, None, "invoke-adaptive-card-execute.json")

    assert answer.status == 401, answer.text
    assert_nothing_happened(secured, database_url)
