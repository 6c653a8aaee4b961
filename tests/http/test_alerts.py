"""Step 4 over HTTP with real Teams payloads: a board in a team alerts colleagues from the roster,
they press "Gelezen" in their own chat, and the board's checklist shows who read it."""

from __future__ import annotations

import asyncio
import copy
import itertools
from typing import Any

import pytest

from bot.card_text import card_to_text
from bot.connector.pool import ConnectorPool
from bot.onboarding.clock import FixedClock
from bot.onboarding.models import Board
from bot.outbox.models import OutboxStatus
from bot.outbox.sender import OutboxSender
from bot.storage.outbox_sql import SqlOutboxStore
from bot.turns import pseudonym
from tests.http.fake_connector import card_lines, cards_of
from tests.http.teams import Answer, Teams

CHANNEL = "channel-message-with-mention.json"
INVOKE = "invoke-adaptive-card-execute.json"
TENANT = "72f988bf-0000-0000-0000-0000000000t1"
TEAM = "19:teamid@thread.tacv2"
BOT = "28:00000000-0000-0000-0000-00000000b0t1"
ANNE = {
    "id": "29:1a2b3c-personal-user",
    "name": "Anne de Vries",
    "aadObjectId": "6b2f1c1e-1111-4a6e-9d1e-000000000001",
}
PIET = {"id": "29:piet", "name": "Piet Jansen", "aadObjectId": "0000aaaa-0000-0000-0000-00000000p1e7"}
KARIN = {"id": "29:karin", "name": "Karin de Boer", "aadObjectId": "0000aaaa-0000-0000-0000-0000000ka714"}
_ids = itertools.count(500)


def key_of(member: dict[str, str]) -> str:
    return pseudonym(TENANT, "person", member["aadObjectId"])


def outbox_of(teams: Teams) -> SqlOutboxStore:
    return SqlOutboxStore(teams.components.store.runner)  # type: ignore[attr-defined]


def invoke(teams: Teams, verb: str, data: dict[str, Any], where: str = CHANNEL, sender: Any = None) -> Any:
    """An Action.Execute press in the conversation of payload WHERE, by SENDER (else its sender)."""
    payload = teams.payload(INVOKE, id=f"17000000{next(_ids):05d}")
    place = teams.payload(where)
    payload["conversation"] = place["conversation"]
    payload["channelData"] = place["channelData"] | {"source": {"name": "message"}}
    payload["from"] = sender or place["from"]
    payload["value"]["action"] = {"type": "Action.Execute", "verb": verb, "data": data}
    return payload


async def press_in_channel(teams: Teams, title: str) -> Answer:
    for card in reversed(teams.connector.outbox().cards()):
        for choice in card_to_text(card).choices:
            if choice.title == title and choice.verb:
                return await teams.post(invoke(teams, choice.verb, copy.deepcopy(choice.data)))
    raise AssertionError(f"no button {title!r}:\n{teams.connector.outbox().transcript()}")


async def fill_in_channel(teams: Teams, text: str) -> Answer:
    card = teams.connector.outbox().last_card()
    save = next(a for a in card["actions"] if a.get("type") == "Action.Execute")
    return await teams.post(invoke(teams, save["verb"], dict(save["data"]) | {"text": text}))


def send_data(card: dict[str, Any]) -> dict[str, Any]:
    [action] = [a for a in card["actions"] if a.get("data", {}).get("value") == "send"]
    return dict(action["data"])


def people_on(card: dict[str, Any]) -> dict[str, Any]:
    [people] = [e for e in card["body"] if e.get("id") == "people"]
    return dict(people)


@pytest.fixture
async def team_at_step4(teams: Teams) -> Board:
    """A team whose board (41234) has step 4 open in its channel; the team has Anne, Piet and Karin."""
    teams.connector.roster = [ANNE, PIET, KARIN, {"id": BOT, "name": "ECK iD wegwijzer"}]
    teams.connector.page_size = 2  # Teams pages the roster: the bot reads every page
    await teams.say("stap 4", name=CHANNEL)
    await fill_in_channel(teams, "41234")
    await fill_in_channel(teams, "Stichting De Linde")
    await press_in_channel(teams, "Verder")
    board = await teams.board(CHANNEL)
    assert board is not None
    return board


async def alert(teams: Teams, *members: dict[str, str]) -> Answer:
    picker = teams.connector.outbox().last_card()
    data = send_data(picker) | {"people": ",".join(m["id"] for m in members), "name": "", "email": ""}
    return await teams.post(invoke(teams, "answer", data))


async def test_in_a_team_step4_offers_the_roster_to_choose_from(teams: Teams, team_at_step4: Board) -> None:
    picker = teams.connector.outbox().last_card()
    assert "Wie van de schooladministratie moet het weten?" in card_lines(picker)
    people = people_on(picker)
    assert people["isMultiSelect"] is True
    # Anne is the one choosing, and the bot is no colleague.
    assert [(c["title"], c["value"]) for c in people["choices"]] == [
        ("Karin de Boer", "29:karin"),
        ("Piet Jansen", "29:piet"),
    ]
    paged = [c for c in teams.connector.calls if c.route == "paged_members"]
    assert len(paged) == 2 and {c.conversation_id for c in paged} == {TEAM}


async def test_alerting_colleagues_queues_one_message_each_exactly_once(
    teams: Teams, team_at_step4: Board
) -> None:
    board = team_at_step4
    picker = teams.connector.outbox().last_card()
    data = send_data(picker) | {"people": "29:piet,29:karin", "name": "", "email": ""}
    # A double click: two presses of the same card at once.
    first, second = await asyncio.gather(
        teams.post(invoke(teams, "answer", data)), teams.post(invoke(teams, "answer", data))
    )
    assert first.status == second.status == 200
    said = "\n".join(first.sent.texts() + second.sent.texts())
    assert "Ik stuur Piet Jansen, Karin de Boer een persoonlijk bericht" in said
    answered = first.card_text() + second.card_text()
    assert "Ingelicht: Piet Jansen, Karin de Boer" in answered

    created = teams.connector.created_conversations()
    assert [c.body["members"][0]["id"] for c in created] == ["29:piet", "29:karin"]
    for call in created:
        assert call.body["bot"]["id"] == BOT
        assert call.body["channelData"]["tenant"]["id"] == TENANT
        assert call.body["isGroup"] is False

    outbox = outbox_of(teams)
    assert await outbox.counts() == {OutboxStatus.QUEUED: 2}
    message = await outbox.by_key(f"alert:{board.id}:{key_of(PIET)}:administration")
    assert message is not None and message.kind == "alert" and message.recipient_key == key_of(PIET)
    assert message.reference["conversation"]["id"].startswith("connector-")
    assert message.reference["user"] == {"id": "29:piet"}
    [card] = cards_of(message.activities)
    assert "Het ECK iD: wat verandert er in uw werk?" in card_lines(card)
    [read] = card["actions"]
    assert (read["title"], read["verb"]) == ("Gelezen", "alert.read")
    assert read["data"] == {"boardId": board.id, "person": key_of(PIET), "audience": "administration"}
    # Where Piet can be reached is remembered, for this and later messages.
    piet = await outbox.recipient(key_of(PIET))
    assert piet is not None and piet.reference == message.reference and piet.reachable

    # Step 4 again from its start, Piet chosen again: he is not messaged twice.
    await teams.say("stop", name=CHANNEL)
    await teams.say("stap 4", name=CHANNEL)
    await press_in_channel(teams, "Verder")
    again = await alert(teams, PIET)
    assert "Piet Jansen kreeg dit bericht al eerder" in "\n".join(again.sent.texts())
    assert len(teams.connector.created_conversations()) == 2
    assert await outbox.counts() == {OutboxStatus.QUEUED: 2}

    updated = await teams.board(CHANNEL)
    assert updated is not None and [a.who for a in updated.alerts] == ["2 personen via de wegwijzer"]
    # The board's record is what coordinators, the dashboard and the API read: it names nobody.
    assert "Piet" not in updated.model_dump_json() and "Karin" not in updated.model_dump_json()


async def test_gelezen_by_the_colleague_marks_it_read_and_the_board_sees_it(
    teams: Teams, team_at_step4: Board, clock: FixedClock
) -> None:
    board = team_at_step4
    await alert(teams, PIET, KARIN)
    status = await teams.say("status", name=CHANNEL)
    assert "Piet Jansen (Schooladministratie): nog niet gelezen" in status.sent.transcript()
    message = await outbox_of(teams).by_key(f"alert:{board.id}:{key_of(PIET)}:administration")
    assert message is not None
    [card] = cards_of(message.activities)
    data = card["actions"][0]["data"]
    piet_chat = {"conversation": message.reference["conversation"] | {"conversationType": "personal"}}

    # Karin presses Piet's button (a forwarded card): nothing changes.
    not_hers = invoke(teams, "alert.read", data, where="personal-message.json", sender=KARIN) | piet_chat
    refused = await teams.post(not_hers)
    assert "alleen die kan het als gelezen markeren" in refused.message()

    clock.advance(minutes=5)
    pressed = await teams.post(
        invoke(teams, "alert.read", data, where="personal-message.json", sender=PIET) | piet_chat
    )
    text = pressed.card_text()
    assert "✔ Gelezen op 23-11-2026 10:20. Dank u wel!" in text
    assert "Gelezen" not in [c.title for c in card_to_text(pressed.card()).choices]

    clock.advance(minutes=5)
    twice = await teams.post(
        invoke(teams, "alert.read", data, where="personal-message.json", sender=PIET) | piet_chat
    )
    assert "U had dit al als gelezen gemarkeerd op 23-11-2026 10:20" in twice.card_text()

    status = await teams.say("status", name=CHANNEL)
    shown = status.sent.transcript()
    assert "Piet Jansen (Schooladministratie): gelezen op 23-11-2026 10:20" in shown
    assert "Karin de Boer (Schooladministratie): nog niet gelezen" in shown


async def test_the_sender_delivers_the_alert_and_gelezen_changes_the_checklist(
    teams: Teams, team_at_step4: Board, clock: FixedClock
) -> None:
    board = team_at_step4
    await alert(teams, PIET)
    outbox = outbox_of(teams)
    pool = ConnectorPool("", "", "")
    try:
        mark = teams.connector.mark()
        assert await OutboxSender(outbox, pool, clock, "sender-test").drain_once() == 1
    finally:
        await pool.close()
    message = await outbox.by_key(f"alert:{board.id}:{key_of(PIET)}:administration")
    assert message is not None and message.status == OutboxStatus.SENT
    [delivered] = teams.connector.since(mark).calls
    assert delivered.route == "send"
    assert delivered.conversation_id == message.reference["conversation"]["id"]
    [card] = cards_of([delivered.activity])
    [button] = card["actions"]

    piet_chat = {"conversation": message.reference["conversation"] | {"conversationType": "personal"}}
    read = (
        invoke(teams, button["verb"], button["data"], where="personal-message.json", sender=PIET) | piet_chat
    )
    assert "Gelezen op 23-11-2026 10:15" in (await teams.post(read)).card_text()
    status = await teams.say("status", name=CHANNEL)
    assert "Piet Jansen (Schooladministratie): gelezen op 23-11-2026 10:15" in status.sent.transcript()


async def test_a_board_members_personal_chat_is_remembered_once(teams: Teams) -> None:
    outbox = outbox_of(teams)
    await teams.say("hallo")  # Anne, not yet linked to a board
    assert await outbox.recipient(key_of(ANNE)) is None

    await teams.say("stap 1")
    await teams.fill("41234")
    await teams.say("status")
    anne = await outbox.recipient(key_of(ANNE))
    assert anne is not None and anne.reachable
    assert anne.reference is not None
    assert anne.reference["conversation"]["id"] == "a:1personalconversationid"
    assert "name" not in anne.reference["user"]

    # Later turns in this process do not write it again.
    await outbox.save_reference(key_of(ANNE), {"written": "elsewhere"}, teams.components.service.now())
    await teams.say("status")
    await teams.say("menu")
    anne = await outbox.recipient(key_of(ANNE))
    assert anne is not None and anne.reference == {"written": "elsewhere"}


async def test_removing_the_bot_marks_the_person_unreachable(teams: Teams) -> None:
    outbox = outbox_of(teams)
    await teams.say("stap 1")
    await teams.fill("41234")
    await teams.say("status")

    removed = await teams.send("installation-update-remove-personal.json")
    assert removed.status in (200, 201)
    anne = await outbox.recipient(key_of(ANNE))
    assert anne is not None and not anne.reachable

    # Added again and talking: reachable again, with the reference saved anew.
    await teams.send("installation-update-add-personal.json")
    await teams.say("status")
    anne = await outbox.recipient(key_of(ANNE))
    assert anne is not None and anne.reachable


async def test_in_a_personal_chat_step4_offers_only_the_email_route(teams: Teams) -> None:
    await teams.say("stap 4")
    await teams.fill("41234")
    await teams.fill("Stichting De Linde")
    await teams.press("Verder")
    picker = teams.connector.outbox().last_card()
    assert not [e for e in picker["body"] if e.get("id") == "people"]
    assert not [c for c in teams.connector.calls if c.route in ("paged_members", "members")]
    answer = await teams.execute("answer", send_data(picker) | {"name": "Piet", "email": "piet@school"})
    assert "Dat e-mailadres klopt niet" in "\n".join(answer.sent.texts())
    kept = {e["id"]: e.get("value") for e in answer.card()["body"] if e.get("id") in ("name", "email")}
    assert kept == {"name": "Piet", "email": "piet@school"}
    answer = await teams.execute("answer", send_data(picker) | {"name": "Piet", "email": "piet@school.nl"})
    [mailto] = [c.url for c in card_to_text(answer.sent.cards()[0]).choices if c.url]
    assert mailto.startswith("mailto:piet@school.nl?subject=") and "&body=Beste%20Piet%2C" in mailto
    assert not teams.connector.created_conversations()
