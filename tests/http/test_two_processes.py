"""Two `eckbot serve` processes on one PostgreSQL database, a conversation alternating between
them at every turn, as behind a load balancer without sticky sessions: the whole journey (47
turns: buttons, card fields, typed answers) completes, with every reply sent."""

from __future__ import annotations

import pytest
from aiohttp import ClientSession

from bench.load import JOURNEY, Conversation, FakeConnector, journey_turn, post
from bench.turns import start_eckbot
from bot.onboarding.models import StepStatus
from bot.storage.migrate import upgrade_to_head
from bot.storage.sql import SqlStore


async def test_a_journey_alternating_between_two_server_processes_completes(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("several server processes belong on PostgreSQL; SQLite serves one process")
    upgrade_to_head(database_url)
    connector = FakeConnector()
    await connector.start()
    servers = [start_eckbot(database_url) for _ in range(2)]
    user, number = "hop000001", "41777"
    errors: list[str] = []
    try:
        async with ClientSession() as session:
            for turn, step in enumerate(JOURNEY):
                card = connector.conversations.get(f"a:{user}", Conversation()).last_card
                activity = journey_turn(step, user, connector.service_url, turn, card, number)
                await post(session, servers[turn % 2].url, activity, errors)
    finally:
        for server in servers:
            server.stop()
        await connector.close()

    assert errors == []
    assert connector.conversations[f"a:{user}"].calls == len(JOURNEY)  # a reply to every turn
    store = SqlStore.from_url(database_url)
    try:
        board = await store.find_board_by_bg_number(number)
    finally:
        await store.close()
    assert board is not None
    assert {step: progress.status for step, progress in board.steps.items()} == dict.fromkeys(
        board.steps, StepStatus.DONE
    )
