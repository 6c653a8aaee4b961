"""API tokens belong to the program of the coordinator who made them: a token of program noord
cannot list, count or fetch program zuid's board."""

from __future__ import annotations

from typing import Any

import pytest

from tests.isolation.conftest import ALFA_NAME, BRAVO_NAME, BRAVO_NUMBER, CORA, ZEF, World


async def token_of(world: World, coordinator: str) -> str:
    _, secret = await world.teams.components.coordination.create_token("tool", coordinator)
    return secret


async def get(world: World, token: str, path: str, **query: str) -> tuple[int, str, Any]:
    headers = {"Authorization": f"Bearer {token}"}
    async with world.teams.client.get(path, params=query, headers=headers) as response:
        text = await response.text()
        return response.status, text, await response.json()


@pytest.mark.parametrize(
    "query",
    [{}, {"q": BRAVO_NUMBER}, {"q": "Bravo"}, {"supplier": "esis"}, {"step": "las", "status": "done"}],
)
async def test_a_token_lists_only_its_programs_boards(world: World, query: dict[str, str]) -> None:
    token = await token_of(world, CORA.oid)

    status, text, body = await get(world, token, "/api/v1/boards", **query)

    assert status == 200
    world.assert_nothing_of_bravo(text)
    assert body["total"] == (0 if query.get("q") else 1)


async def test_a_token_cannot_fetch_another_programs_board(world: World) -> None:
    token = await token_of(world, CORA.oid)

    status, text, body = await get(world, token, f"/api/v1/boards/{world.bravo.id}")

    assert status == 404 and body == {"error": "not_found"}
    world.assert_nothing_of_bravo(text)
    own_status, own_text, _ = await get(world, token, f"/api/v1/boards/{world.alfa.id}")
    assert own_status == 200 and ALFA_NAME in own_text


async def test_the_summary_counts_only_the_programs_boards(world: World) -> None:
    noord = await get(world, await token_of(world, CORA.oid), "/api/v1/summary")
    zuid = await get(world, await token_of(world, ZEF.oid), "/api/v1/summary")

    assert noord[0] == zuid[0] == 200
    assert noord[2]["boards"] == 1 and zuid[2]["boards"] == 1
    world.assert_nothing_of_bravo(noord[1])


async def test_the_other_programs_token_sees_its_board(world: World) -> None:
    status, text, body = await get(world, await token_of(world, ZEF.oid), "/api/v1/boards")

    assert status == 200 and body["total"] == 1
    assert BRAVO_NAME in text and ALFA_NAME not in text
