"""A board member of one tenant tries every path that shows board data, naming the other
tenant's board where a path takes a board: they see their own board, and nothing of the other."""

from __future__ import annotations

from typing import Any

import pytest

from tests.http.conftest import StartBot
from tests.http.teams import Answer as Reply
from tests.isolation.conftest import (
    ALFA_NAME,
    ANNE,
    BRAM,
    BRAVO_NUMBER,
    BRAVO_SCHOOL,
    NOORD,
    Person,
    World,
    as_person,
)

NINA = Person(NOORD, "aaaaaaaa-0000-4000-8000-00000000a002", "Nina Noord", "a:nina-personal")

TYPED = [
    "status",
    "checklist",
    "geschiedenis",
    "overzicht",
    "menu",
    "help",
    "vragen",
    "dashboard",
    "tokens",
    "coordinatoren",
    "stap 1",
    "stap 2",
    "stap 3",
    "stap 4",
    "stap 5",
    BRAVO_NUMBER,
    "Stichting Bravo",
]


async def bravo_unchanged(world: World) -> None:
    service = world.teams.components.service
    stored = await world.teams.components.store.get_board(world.bravo.id, world.bravo.tenant_id)
    assert stored is not None and stored.version == world.bravo.version
    events = await service.history(world.as_(BRAM).speaker(), world.bravo.id, limit=1000)
    assert all(event.actor_key != world.as_(ANNE).speaker().actor.key for event in events)


@pytest.mark.parametrize("text", TYPED)
async def test_what_a_member_types_shows_only_their_own_board(world: World, text: str) -> None:
    anne = world.as_(ANNE)

    reply = await anne.say(text)

    assert reply.status in (200, 201), reply.text
    world.assert_nothing_of_bravo(reply)


async def test_status_shows_the_members_own_board(world: World) -> None:
    """The paths above answer with a board: the member's own (so the checks above can fail)."""
    reply = await world.as_(ANNE).say("status")

    assert ALFA_NAME in reply.sent.transcript()


def forged(world: World) -> list[tuple[str, dict[str, Any]]]:
    """Buttons of cards, with the other board named in every way a card names a board."""
    bravo = world.bravo
    bram_key = world.as_(BRAM).speaker().actor.key
    presses: list[tuple[str, dict[str, Any]]] = []
    for named in (bravo.id, BRAVO_NUMBER):
        presses += [
            ("step1.registered", {"registeredOn": "2026-11-20", "boardId": named}),
            ("step2.supplier", {"school": BRAVO_SCHOOL, "las": "parnassys", "boardId": named}),
            ("status", {"boardId": named}),
            ("history", {"boardId": named}),
            ("menu", {"boardId": named}),
            ("step.start", {"step": "las", "boardId": named}),
        ]
    presses += [
        ("alert.read", {"boardId": bravo.id, "person": bram_key, "audience": "administration"}),
        ("coordination.board", {"board": bravo.id, "supplier": "all"}),
        ("coordination.overview", {"supplier": "all"}),
        ("ticket.answer", {"ticket": "0" * 32, "answer": "ja"}),
        ("privacy.board.delete", {"boardId": bravo.id}),
    ]
    return presses


async def test_card_buttons_naming_the_other_board_show_and_change_nothing_of_it(world: World) -> None:
    anne = world.as_(ANNE)
    replies: list[Reply] = []

    for verb, data in forged(world):
        reply = await anne.execute(verb, data)
        assert reply.status == 200, (verb, reply.status, reply.text)
        replies.append(reply)

    world.assert_nothing_of_bravo(*replies)
    await bravo_unchanged(world)


async def test_typing_the_other_boards_number_does_not_join_it(world: World) -> None:
    nina = world.as_(NINA)
    await nina.say("hallo")
    opened = await nina.say("stap 1")
    assert "bevoegd-gezagnummer" in opened.sent.transcript()

    typed = await nina.fill(BRAVO_NUMBER)

    assert "al in gebruik bij een andere organisatie" in typed.text + typed.sent.transcript()
    world.assert_nothing_of_bravo(typed, await nina.say("status"))
    assert await world.teams.components.service.board_for(nina.speaker()) is None
    await bravo_unchanged(world)


async def test_the_same_person_in_another_tenant_is_someone_else(world: World) -> None:
    """An object id is unique per tenant only: Bram's id arriving from tenant noord is not Bram."""
    impostor = Person(NOORD, BRAM.oid, "Ivo Impostor", "a:impostor")
    reply = await world.as_(impostor).say("status")

    world.assert_nothing_of_bravo(reply)
    assert await world.teams.components.service.board_for(world.as_(impostor).speaker()) is None


async def test_another_tenants_conversation_id_does_not_reach_its_board(world: World) -> None:
    """A conversation id is linked to a board per tenant: posting into Bram's chat from tenant noord,
    even in the middle of Bram's dialog, reaches nothing of Bravo."""
    bram = world.as_(BRAM)
    await bram.say("stap 2")  # Bram's dialog is open at a question about Bravo's schools
    intruder = Person(NOORD, NINA.oid, NINA.name, BRAM.chat)
    replies = [await world.as_(intruder).say(text) for text in ("status", "verder", "ja", "geschiedenis")]

    world.assert_nothing_of_bravo(*replies)
    await bravo_unchanged(world)


async def test_a_member_without_a_board_sees_no_board_at_all(start_bot: StartBot, world: World) -> None:
    nina = world.as_(NINA)
    replies = [await nina.say(text) for text in ("hallo", "status", "geschiedenis", "overzicht")]

    world.assert_nothing_of_bravo(*replies)
    for reply in replies:
        assert ALFA_NAME not in reply.text + reply.sent.transcript()


async def test_a_group_chat_of_the_other_tenant_is_not_linked_here(world: World) -> None:
    payload = world.teams.payload("groupchat-message-with-mention.json")
    reply = await world.teams.post(as_person(payload, ANNE))

    world.assert_nothing_of_bravo(reply)
