"""Signing keys are fetched once and kept: refreshed daily, and (rate-limited) for an unknown key id.

The fake key server counts every request for its key set, so these tests see exactly how often
the bot would have asked Microsoft.
"""

from __future__ import annotations

import asyncio

import pytest

from bot.config import Settings
from bot.onboarding.clock import FixedClock
from tests.auth.conftest import channel_claims, post_with
from tests.auth.fake_openid import TENANT_ID, TENANT_ISSUER, FakeOpenId, TestKey, mint
from tests.http.conftest import StartBot
from tests.http.teams import Answer, Teams
from tests.http.test_requests import assert_nothing_happened


async def send_signed(
    teams: Teams, clock: FixedClock, key: TestKey, claims: dict[str, object] | None = None
) -> Answer:
    token = mint(key, channel_claims(teams) | (claims or {}), now=clock().timestamp())
    return await post_with(teams, f"Bearer {token}")


def fetches(openid: FakeOpenId, which: str = "botframework") -> int:
    return openid.key_set_requests[which]


async def test_keys_are_fetched_once_and_refreshed_after_a_day(
    secured: Teams, openid: FakeOpenId, clock: FixedClock, auth_settings: Settings
) -> None:
    key = openid.bot_framework.keys[0]
    assert auth_settings.key_refresh_hours == 24

    for _ in range(3):
        assert (await send_signed(secured, clock, key)).status == 201
    clock.advance(hours=23, minutes=59)
    assert (await send_signed(secured, clock, key)).status == 201
    assert fetches(openid) == 1

    clock.advance(minutes=1)
    assert (await send_signed(secured, clock, key)).status == 201
    assert fetches(openid) == 2


async def test_a_key_dropped_from_the_published_set_is_refused_after_the_daily_refresh(
    secured: Teams, openid: FakeOpenId, clock: FixedClock
) -> None:
    old = openid.bot_framework.keys[0]
    assert (await send_signed(secured, clock, old)).status == 201

    openid.bot_framework.keys = [TestKey("bf-key-2")]
    clock.advance(hours=24)
    answer = await send_signed(secured, clock, old)

    assert answer.status == 401, answer.text
    assert answer.body["reason"] == "unknown signing key"


async def test_a_key_rotated_in_is_accepted_after_one_refresh(
    secured: Teams, openid: FakeOpenId, clock: FixedClock
) -> None:
    assert (await send_signed(secured, clock, openid.bot_framework.keys[0])).status == 201
    rotated = TestKey("bf-key-2")
    openid.bot_framework.keys.append(rotated)

    answers = [await send_signed(secured, clock, rotated) for _ in range(3)]

    assert [answer.status for answer in answers] == [201, 201, 201]
    assert fetches(openid) == 2


async def test_a_burst_of_unknown_key_ids_refreshes_at_most_once_per_interval(
    secured: Teams, openid: FakeOpenId, clock: FixedClock, auth_settings: Settings, database_url: str
) -> None:
    assert (await send_signed(secured, clock, openid.bot_framework.keys[0])).status == 201
    mark = secured.connector.mark()
    made_up = [TestKey(f"made-up-{n}", name="intruder") for n in range(20)]

    together = await asyncio.gather(*(send_signed(secured, clock, key) for key in made_up))
    one_by_one = [await send_signed(secured, clock, key) for key in made_up]

    assert {answer.status for answer in together + one_by_one} == {401}
    assert fetches(openid) == 2  # the first load, and one refresh for the whole burst
    assert len(secured.connector.since(mark)) == 0

    clock.advance(seconds=auth_settings.unknown_key_refresh_seconds)
    assert (await send_signed(secured, clock, made_up[0])).status == 401
    assert fetches(openid) == 3


async def test_when_the_metadata_cannot_be_loaded_the_request_gets_503_and_a_later_one_gets_in(
    secured: Teams, openid: FakeOpenId, clock: FixedClock, database_url: str
) -> None:
    openid.failing = True
    refused = await send_signed(secured, clock, openid.bot_framework.keys[0])

    assert refused.status == 503, refused.text
    assert_nothing_happened(secured, database_url)

    openid.failing = False
    clock.advance(seconds=30)
    assert (await send_signed(secured, clock, openid.bot_framework.keys[0])).status == 201


async def test_keys_already_loaded_stay_in_use_while_a_refresh_fails(
    secured: Teams, openid: FakeOpenId, clock: FixedClock
) -> None:
    key = openid.bot_framework.keys[0]
    assert (await send_signed(secured, clock, key)).status == 201

    openid.failing = True
    clock.advance(hours=25)

    assert (await send_signed(secured, clock, key)).status == 201


# A single-tenant bot also accepts tokens that its own tenant's Entra ID issues.


@pytest.fixture
async def single_tenant(start_bot: StartBot, auth_settings: Settings, openid: FakeOpenId) -> Teams:
    settings = auth_settings.model_copy(
        update={
            "app_type": "SingleTenant",
            "app_tenant_id": TENANT_ID,
            "tenant_openid_metadata_url_override": openid.tenant_url,
        }
    )
    return await start_bot(settings)


@pytest.mark.parametrize(
    "issuer", [TENANT_ISSUER, f"https://sts.windows.net/{TENANT_ID}/"], ids=["v2 issuer", "v1 issuer"]
)
async def test_a_single_tenant_bot_accepts_a_token_from_its_tenant(
    single_tenant: Teams, openid: FakeOpenId, clock: FixedClock, issuer: str
) -> None:
    key = openid.tenant.keys[0]

    answer = await send_signed(single_tenant, clock, key, {"iss": issuer})

    assert answer.status == 201, answer.text
    assert fetches(openid, "tenant") == 1


async def test_a_tenant_key_cannot_sign_as_bot_framework(
    single_tenant: Teams, openid: FakeOpenId, clock: FixedClock, database_url: str
) -> None:
    answer = await send_signed(single_tenant, clock, openid.tenant.keys[0])  # iss: api.botframework.com

    assert answer.status == 401, answer.text
    assert answer.body["reason"] == "wrong issuer"
    assert_nothing_happened(single_tenant, database_url)


async def test_a_single_tenant_bot_still_accepts_bot_framework_tokens(
    single_tenant: Teams, openid: FakeOpenId, clock: FixedClock
) -> None:
    answer = await send_signed(single_tenant, clock, openid.bot_framework.keys[0])

    assert answer.status == 201, answer.text
