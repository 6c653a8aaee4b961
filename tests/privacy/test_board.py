"""“exporteer bestuur” and “verwijder bestuur”: the board's bestuurder only, and only their own board."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.composition import Components
from bot.content import Content
from bot.onboarding.clock import FixedClock
from bot.privacy.service import PersonalDataService
from bot.privacy_routes import add_privacy_routes
from dialogs.privacy import BOARD_CANCEL, BOARD_DELETE
from tests.privacy.conftest import People, ask_a_person


@pytest.fixture
async def web_client(content: Content, privacy: PersonalDataService) -> AsyncIterator[TestClient[Any, Any]]:
    app = web.Application()
    add_privacy_routes(app, content, lambda _app: privacy)
    client: TestClient[Any, Any] = TestClient(TestServer(app, host="127.0.0.1"))
    await client.start_server()
    yield client
    await client.close()


def download_path(card: dict[str, Any]) -> str:
    [action] = [a for a in card["actions"] if a["type"] == "Action.OpenUrl"]
    url = urlsplit(action["url"])
    return f"{url.path}?token={parse_qs(url.query)['token'][0]}"


async def test_the_bestuurder_downloads_the_board_once(
    components: Components, people: People, web_client: TestClient[Any, Any]
) -> None:
    await ask_a_person(components, people.bert, people.board, "Wie belt ESIS?")
    await ask_a_person(components, people.clara, people.other, "Geheime vraag van elders?")

    await people.anne.user("exporteer bestuur")
    people.anne.bot_says("Gegevens van Stichting De Linde (41234) downloaden", "[Download]")
    path = download_path(people.anne.last_card())

    response = await web_client.get(path)
    assert response.status == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert 'filename="bestuur-41234.json"' in response.headers["Content-Disposition"]
    exported = json.loads(await response.text())
    assert exported["board"]["bg_number"] == "41234" and exported["board"]["name"] == "Stichting De Linde"
    assert {e["kind"] for e in exported["events"]} >= {"board.created", "school.added"}
    assert len(exported["members"]) == 2
    assert [t["question"] for t in exported["tickets"]] == ["Wie belt ESIS?"]
    text = json.dumps(exported, ensure_ascii=False)
    for elsewhere in ("51234", "Stichting Elders", "Clara Smit", "Geheime vraag", people.other.id):
        assert elsewhere not in text

    again = await web_client.get(path)
    assert again.status == 410
    assert "exporteer bestuur" in await again.text()


async def test_a_link_is_worthless_when_changed_late_or_after_erasure(
    people: People, privacy: PersonalDataService, web_client: TestClient[Any, Any], clock: FixedClock
) -> None:
    await people.anne.user("exporteer bestuur")
    path = download_path(people.anne.last_card())
    assert (await web_client.get(path[:-3] + "abc")).status == 403
    assert (await web_client.get("/privacy/export?token=nonsense")).status == 400

    await privacy.erase(people.speaker(people.anne))
    assert (await web_client.get(path)).status == 403  # no longer the bestuurder: nothing read

    await people.bert.user("exporteer bestuur")  # nor is Bert now
    people.bert.bot_says("Alleen de bestuurder")
    clock.advance(minutes=11)
    assert (await web_client.get(path)).status in (403, 410)


async def test_an_expired_link_is_refused(
    people: People, web_client: TestClient[Any, Any], clock: FixedClock
) -> None:
    await people.anne.user("exporteer bestuur")
    path = download_path(people.anne.last_card())
    clock.advance(minutes=11)

    assert (await web_client.get(path)).status == 410


async def test_a_colleague_can_neither_export_nor_delete(components: Components, people: People) -> None:
    for command in ("exporteer bestuur", "verwijder bestuur"):
        await people.bert.user(command)
        people.bert.bot_says("Alleen de bestuurder")
        people.bert.bot_does_not_say("[Download]", "Verwijder bestuur")

    # Nor by sending the delete button's data without the card.
    await people.bert.invoke(BOARD_DELETE, {"boardId": people.board.id, "text": "41234"})
    people.bert.bot_says("Alleen de bestuurder")
    assert await components.store.find_board_by_bg_number("41234") is not None


async def test_someone_of_another_organisation_gets_only_their_own_board(people: People) -> None:
    await people.clara.user("exporteer bestuur")
    people.clara.bot_says("Stichting Elders (51234)")
    people.clara.bot_does_not_say("41234", "De Linde")

    await people.clara.invoke(BOARD_DELETE, {"boardId": people.board.id, "text": "41234"})
    people.clara.bot_says("bestaat niet (meer)")


async def test_the_bestuurder_deletes_the_board_after_typing_its_number(
    components: Components, people: People, privacy: PersonalDataService
) -> None:
    await ask_a_person(components, people.bert, people.board, "Wie belt ESIS?")
    clara = people.speaker(people.clara)
    elsewhere = await privacy.what_we_keep(clara)
    other_events = await components.store.list_events(people.other.id, clara.tenant_id, 100)

    await people.anne.user("verwijder bestuur")
    people.anne.bot_says("Stichting De Linde (41234) verwijderen?")
    [typed] = [e for e in people.anne.last_card()["body"] if e["type"] == "Input.Text"]
    assert typed["label"] == "Typ ter bevestiging het bevoegd-gezagnummer (41234)"
    [delete] = [a for a in people.anne.last_card()["actions"] if a["verb"] == BOARD_DELETE]
    await people.anne.invoke(BOARD_DELETE, delete["data"] | {"text": "51234"})
    people.anne.bot_says("Dat is niet het bevoegd-gezagnummer van dit bestuur")
    assert await components.store.find_board_by_bg_number("41234") is not None

    await people.anne.invoke(BOARD_DELETE, delete["data"] | {"text": " 41234 "})

    people.anne.bot_says("Bestuur verwijderd", "Stichting De Linde (41234) is verwijderd")
    assert await components.store.find_board_by_bg_number("41234") is None
    anne, bert = people.speaker(people.anne), people.speaker(people.bert)
    assert await components.store.board_id_for_person(bert.tenant_id, bert.actor.key) is None
    assert (await privacy.what_we_keep(bert)).tickets == []
    assert (await privacy.what_we_keep(anne)).memberships == []
    assert await privacy.what_we_keep(clara) == elsewhere
    assert await components.store.list_events(people.other.id, clara.tenant_id, 100) == other_events

    await people.anne.user("status")
    people.anne.bot_says("Er is nog geen bestuur gekoppeld")


async def test_no_keeps_the_board(components: Components, people: People) -> None:
    await people.anne.user("delete board")
    actions = {a["title"]: a["verb"] for a in people.anne.last_card()["actions"]}
    assert actions == {"Verwijder bestuur": BOARD_DELETE, "Nee": BOARD_CANCEL}
    await people.anne.invoke(BOARD_CANCEL, {})

    people.anne.bot_says("Het bestuur is niet verwijderd")
    assert await components.store.find_board_by_bg_number("41234") is not None


async def test_the_bestuurder_still_exports_after_retention_has_pseudonymised_the_old_history(
    components: Components, people: People, clock: FixedClock
) -> None:
    clock.advance(days=731)
    report = await components.retention.run_once(clock())
    assert report.events_pseudonymised > 0

    await people.anne.user("exporteer bestuur")
    people.anne.bot_says("Gegevens van Stichting De Linde (41234) downloaden", "[Download]")
    await people.bert.user("exporteer bestuur")
    people.bert.bot_says("Alleen de bestuurder")
