"""The dashboard of a coordinator of program noord: pages, a board page by id, the questions and
the exports hold nothing of program zuid's board."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook

from bot.storage.schema import outbox
from bot.storage.sql import SqlStore
from tests.isolation.conftest import ALFA_NAME, BRAVO_NAME, BRAVO_NUMBER, CORA, ZEF, World
from tests.isolation.test_coordinators import ask_a_person

UNDELIVERED_ROW = b'<td class="num">8</td>'  # the attempts of the message the outbox gave up on


async def sign_in(world: World, coordinator: str) -> None:
    token = await world.teams.components.coordination.dashboard_link_token(coordinator)
    response = await world.teams.client.get(
        "/dashboard/login", params={"token": token}, allow_redirects=False
    )
    assert response.status == 303, await response.text()


async def get(world: World, path: str, **params: str) -> tuple[int, bytes]:
    response = await world.teams.client.get(path, params=params, allow_redirects=False)
    return response.status, await response.read()


def xlsx_text(body: bytes) -> str:
    book = load_workbook(io.BytesIO(body), read_only=True)
    return "\n".join(
        str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for cell in row
    )


async def undelivered_for_bravo(world: World) -> None:
    """A message for Bravo's member that the outbox gave up on: it shows on zuid's dashboard only."""
    now = world.teams.components.service.now()
    row = {
        "id": "bravo-undelivered",
        "idempotency_key": "bravo-undelivered",
        "kind": "reminder",
        "board_id": world.bravo.id,
        "recipient_key": "bram",
        "reference": "{}",
        "activities": "[]",
        "status": "failed",
        "attempts": 8,
        "next_attempt_at": now,
        "created_at": now - timedelta(hours=1),
        "last_error": "500",
    }
    store = world.teams.components.store
    assert isinstance(store, SqlStore)
    await store.runner.write(lambda conn: conn.execute(outbox.insert().values(**row)))


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/dashboard", {}),
        ("/dashboard", {"q": BRAVO_NUMBER}),
        ("/dashboard", {"q": "Bravo"}),
        ("/dashboard", {"supplier": "esis"}),
        ("/dashboard", {"step": "las", "status": "done"}),
        ("/dashboard/questions", {}),
        ("/dashboard/export.csv", {}),
        ("/dashboard/export.csv", {"q": BRAVO_NUMBER}),
    ],
)
async def test_pages_and_exports_show_nothing_of_another_programs_board(
    world: World, path: str, params: dict[str, str]
) -> None:
    await ask_a_person(world)
    await undelivered_for_bravo(world)
    await sign_in(world, CORA.oid)

    status, body = await get(world, path, **params)

    assert status == 200, body[:500]
    world.assert_nothing_of_bravo(body, typed=params.get("q", ""))


async def test_the_overview_and_the_csv_do_show_the_programs_own_board(world: World) -> None:
    await undelivered_for_bravo(world)
    await sign_in(world, CORA.oid)

    overview = (await get(world, "/dashboard"))[1]
    assert ALFA_NAME.encode() in overview
    assert UNDELIVERED_ROW not in overview
    assert ALFA_NAME.encode() in (await get(world, "/dashboard/export.csv"))[1]


async def test_the_excel_export_holds_only_the_programs_boards(world: World) -> None:
    await sign_in(world, CORA.oid)

    status, body = await get(world, "/dashboard/export.xlsx")

    assert status == 200
    text = xlsx_text(body)
    assert ALFA_NAME in text
    world.assert_nothing_of_bravo(text)


async def test_another_programs_board_page_is_not_found(world: World) -> None:
    await sign_in(world, CORA.oid)

    status, body = await get(world, f"/dashboard/boards/{world.bravo.id}")

    assert status == 404
    world.assert_nothing_of_bravo(body, typed=world.bravo.id)
    assert (await get(world, f"/dashboard/boards/{world.alfa.id}"))[0] == 200


async def test_the_other_programs_coordinator_sees_its_own_board_and_undelivered_messages(
    world: World,
) -> None:
    await undelivered_for_bravo(world)
    await sign_in(world, ZEF.oid)

    status, body = await get(world, "/dashboard")

    assert status == 200
    assert BRAVO_NAME.encode() in body
    assert ALFA_NAME.encode() not in body
    assert UNDELIVERED_ROW in body
