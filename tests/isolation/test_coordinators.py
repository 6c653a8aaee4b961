"""Coordinators see only the boards of their own program: in chat (overview, drill-down, who the
coordinators are, API tokens) and for questions and tickets."""

from __future__ import annotations

from tests.isolation.conftest import (
    ALFA_NAME,
    ALFA_NUMBER,
    BRAM,
    BRAVO_ASKS,
    BRAVO_NAME,
    CORA,
    NOORD,
    ZEF,
    Person,
    World,
)

DINA = Person(NOORD, "eeeeeeee-0000-4000-8000-00000000d002", "Dina Noordhelper", "a:dina-personal")


async def test_the_overview_counts_and_names_only_the_programs_boards(world: World) -> None:
    cora = await world.as_(CORA).say("overzicht")
    zef = await world.as_(ZEF).say("overzicht")

    assert ALFA_NAME in cora.sent.transcript()
    assert "1 bestuur, waarvan" in cora.sent.transcript()
    world.assert_nothing_of_bravo(cora)
    assert BRAVO_NAME in zef.sent.transcript()  # the other program does see it
    assert ALFA_NAME not in zef.sent.transcript() and ALFA_NUMBER not in zef.sent.transcript()


async def test_the_drill_down_into_another_programs_board_says_it_does_not_exist(world: World) -> None:
    cora = world.as_(CORA)
    replies = [
        await cora.execute("coordination.board", {"board": world.bravo.id, "supplier": "all"}),
        await cora.execute("coordination.board", {"board": world.bravo.id, "supplier": "esis"}),
        await cora.execute("coordination.overview", {"supplier": "esis"}),
    ]

    assert "Dat bestuur bestaat niet (meer)" in replies[0].card_text()
    world.assert_nothing_of_bravo(*replies)
    own = await cora.execute("coordination.board", {"board": world.alfa.id, "supplier": "all"})
    assert ALFA_NAME in own.card_text()


async def test_coordinators_and_tokens_of_another_program_are_not_listed_or_revocable(world: World) -> None:
    zef_token, _ = await world.teams.components.coordination.create_token("zuid-tool", ZEF.oid)
    cora = world.as_(CORA)

    listed = await cora.say("coordinatoren")
    tokens = await cora.say("tokens")
    revoke = await cora.say(f"token intrekken {zef_token.id}")

    assert CORA.oid in listed.sent.transcript() and ZEF.oid not in listed.sent.transcript()
    assert zef_token.id not in tokens.sent.transcript() and "zuid-tool" not in tokens.sent.transcript()
    assert "geen geldig token" in revoke.sent.transcript()
    [still] = await world.teams.components.coordination.tokens(ZEF.oid)
    assert still.revoked_at is None


async def test_a_coordinator_added_in_chat_joins_the_adders_program(world: World) -> None:
    await world.as_(CORA).say(f"coordinator toevoegen {DINA.oid}")
    dina = world.as_(DINA)
    await dina.say("hallo")

    overview = await dina.say("overzicht")

    assert ALFA_NAME in overview.sent.transcript()
    world.assert_nothing_of_bravo(overview)
    removed_by_other_program = await world.as_(ZEF).say(f"coordinator verwijderen {DINA.oid}")
    assert "niet" in removed_by_other_program.sent.transcript()
    assert await world.teams.components.coordination.is_coordinator(DINA.oid)


async def ask_a_person(world: World) -> str:
    bram = world.as_(BRAM)
    unknown = await bram.say(BRAVO_ASKS)
    assert "Dat weet ik niet zeker" in unknown.sent.transcript()
    opened = await bram.press("Vraag een medewerker")
    to_cora = [c for c in opened.sent if c.conversation_id == CORA.chat]
    to_zef = [c for c in opened.sent if c.conversation_id == ZEF.chat]
    assert not to_cora, "a ticket of zuid reached the coordinator of noord"
    assert to_zef, "the ticket did not reach the coordinator of its own program"
    [ticket] = await world.teams.components.helpdesk.open_tickets()
    return ticket.id


async def test_a_ticket_reaches_only_the_coordinators_of_the_askers_program(world: World) -> None:
    await ask_a_person(world)


async def test_open_tickets_of_another_program_are_not_listed_nor_answerable(world: World) -> None:
    ticket_id = await ask_a_person(world)
    cora = world.as_(CORA)

    listed = await cora.say("vragen")
    answered = await cora.execute("ticket.answer", {"ticket": ticket_id, "answer": "Ja hoor."})
    drafted = await cora.execute("ticket.draft", {"ticket": ticket_id})

    world.assert_nothing_of_bravo(listed, answered, drafted)
    [still_open] = await world.teams.components.helpdesk.open_tickets()
    assert still_open.id == ticket_id and still_open.answer is None
    assert "koffiepot" in (await world.as_(ZEF).say("vragen")).sent.transcript()


async def test_question_statistics_count_only_the_programs_tenants(world: World) -> None:
    await ask_a_person(world)
    coordination = world.teams.components.coordination
    noord = await coordination.scope_of(CORA.oid)
    zuid = await coordination.scope_of(ZEF.oid)
    assert noord is not None and zuid is not None

    seen_by_noord = await coordination.questions(noord)
    seen_by_zuid = await coordination.questions(zuid)

    assert seen_by_noord.escalated == 0 and seen_by_noord.open_tickets == 0
    assert not any("koffiepot" in text for text, _ in seen_by_noord.unanswered)
    assert seen_by_zuid.escalated == 1 and any("koffiepot" in text for text, _ in seen_by_zuid.unanswered)
