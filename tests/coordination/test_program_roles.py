"""Coordinators, sessions and API tokens carry their program; rows from before programs belong to
the default program, and to none once several programs exist."""

from __future__ import annotations

from datetime import timedelta

from bot.coordination.links import LinkSigner
from bot.coordination.models import ApiToken, Scope
from bot.coordination.programs import Programs, parse_programs
from bot.coordination.service import CoordinatorService, hash_secret
from bot.onboarding.clock import FixedClock
from bot.storage.overview_sql import SqlOverviewStore
from bot.storage.sql import SqlStore

NOORD, ZUID = "noord=t-a", "zuid=t-b"


def service(store: SqlStore, clock: FixedClock, programs: Programs, *configured: str) -> CoordinatorService:
    signer = LinkSigner(b"k" * 32, timedelta(minutes=10))
    return CoordinatorService(
        SqlOverviewStore(store.runner), configured, signer, clock=clock, programs=programs
    )


async def test_rows_from_before_programs_belong_to_the_only_program_and_to_none_among_several(
    store: SqlStore, clock: FixedClock
) -> None:
    overview = SqlOverviewStore(store.runner)
    await overview.add_coordinator("old-coordinator", "someone", clock())
    await overview.insert_token(
        ApiToken("0ld70ken", "old", "someone", clock(), None), hash_secret("eckbot_old")
    )

    one = service(store, clock, parse_programs(NOORD))
    assert await one.scope_of("old-coordinator") == Scope("noord", frozenset({"t-a"}))
    assert await one.token_scope("eckbot_old") == Scope("noord", frozenset({"t-a"}))

    several = service(store, clock, parse_programs(f"{NOORD};{ZUID}"))
    assert not await several.is_coordinator("old-coordinator")
    assert await several.token_scope("eckbot_old") is None


async def test_a_token_and_a_session_see_their_makers_program(store: SqlStore, clock: FixedClock) -> None:
    coordination = service(store, clock, parse_programs(f"{NOORD};{ZUID}"), "zuid:zef")
    _, secret = await coordination.create_token("tool", "zef")
    opened = await coordination.open_session(await coordination.dashboard_link_token("zef"))
    assert isinstance(opened, tuple)
    session_id, _ = opened

    assert await coordination.token_scope(secret) == Scope("zuid", frozenset({"t-b"}))
    session = await coordination.session(session_id)
    assert session is not None and session.scope == Scope("zuid", frozenset({"t-b"}))


async def test_a_token_of_a_program_no_longer_configured_opens_nothing(
    store: SqlStore, clock: FixedClock
) -> None:
    before = service(store, clock, parse_programs(f"{NOORD};{ZUID}"), "zuid:zef")
    _, secret = await before.create_token("tool", "zef")

    after = service(store, clock, parse_programs(NOORD))

    assert await after.token_scope(secret) is None
