"""A person's own data and a board's export (issue 10's privacy part) hold nothing of another
tenant's board; a board's export link opens only the board it was made for.

Backups are not here: `eckbot backup` is an operator's tool, run on the server with the database's
credentials, and holds every board by design (see docs/privacy.md); no chat, dashboard or API
path reaches it."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

from tests.isolation.conftest import ALFA_NAME, ALFA_NUMBER, ANNE, World

EXPORT_LINK = re.compile(r"https?://[^\s\"']*/privacy/export\?token=[A-Za-z0-9_.%-]+")


async def test_my_data_shows_nothing_of_the_other_board(world: World) -> None:
    reply = await world.as_(ANNE).say("mijn gegevens")

    assert reply.status in (200, 201)
    world.assert_nothing_of_bravo(reply)


async def test_the_board_export_holds_only_the_own_board(world: World) -> None:
    reply = await world.as_(ANNE).say("exporteer bestuur")
    sent = json.dumps([call.body for call in reply.sent])
    [link] = EXPORT_LINK.findall(sent)
    url = urlsplit(link)

    response = await world.teams.client.get(f"{url.path}?{url.query}")
    body = await response.text()

    assert response.status == 200, body[:300]
    assert ALFA_NAME in body and ALFA_NUMBER in body
    world.assert_nothing_of_bravo(body, reply)


async def test_a_forged_export_link_opens_nothing(world: World) -> None:
    signer_key = "x" * 40
    for token in (signer_key, f"{world.bravo.id}.{signer_key}", ""):
        response = await world.teams.client.get("/privacy/export", params={"token": token})
        assert response.status in (400, 403, 410)
        world.assert_nothing_of_bravo(await response.text())
