"""“verwijder mijn gegevens”: after a confirmation, the board keeps what was done, not who did it."""

from __future__ import annotations

import logging

import pytest

from bot.composition import Components
from bot.onboarding.models import Board
from bot.privacy.pseudonyms import is_erased
from bot.privacy.service import PersonalDataService
from tests.privacy.conftest import REFERENCE, People, ask_a_person


async def _board(components: Components, people: People) -> Board:
    board = await components.store.get_board(people.board.id, people.board.tenant_id)
    assert board is not None
    return board


async def test_no_keeps_everything(
    components: Components, people: People, privacy: PersonalDataService
) -> None:
    anne = people.speaker(people.anne)
    await people.anne.user("verwijder mijn gegevens")
    people.anne.bot_says("Uw gegevens verwijderen?", "een verwijderde gebruiker")
    before = await privacy.what_we_keep(anne)
    assert before.memberships and before.events.count and before.reach
    assert people.anne.buttons() == ["Ja, verwijder", "Nee"]
    await people.anne.click("Nee")

    people.anne.bot_says("Er is niets verwijderd")
    assert await privacy.what_we_keep(anne) == before
    assert await components.store.board_id_for_person(anne.tenant_id, anne.actor.key) == people.board.id


async def test_yes_erases_me_and_keeps_what_the_board_did(
    components: Components, people: People, privacy: PersonalDataService
) -> None:
    anne, bert = people.speaker(people.anne), people.speaker(people.bert)
    mine = await ask_a_person(components, people.anne, people.board, "Moet elke school apart tekenen?")
    theirs = await ask_a_person(components, people.bert, people.board, "Wie belt ESIS?")
    await components.helpdesk.answer(mine.id, "Nee, één keer per bestuur.", bert.actor)
    await components.outbox.save_reference(anne.actor.key, REFERENCE, components.service.now())
    await people.anne.user("stap 1")  # leaves a bookmark in Anne's chat
    history_before = await components.store.list_events(people.board.id, anne.tenant_id, 100)
    board_before = await _board(components, people)

    await people.anne.user("verwijder mijn gegevens")
    await people.anne.click("Ja, verwijder")

    people.anne.bot_says("Uw gegevens zijn verwijderd")
    history = await components.store.list_events(people.board.id, anne.tenant_id, 100)
    # What the board did stays: the same events, in the same order, of the same kinds.
    assert [(e.kind, e.data, e.at) for e in history] == [(e.kind, e.data, e.at) for e in history_before]
    was_anne = [i for i, e in enumerate(history_before) if e.actor_key == anne.actor.key]
    assert was_anne, "Anne did something to erase"
    erased_keys = {history[i].actor_key for i in was_anne}
    assert len(erased_keys) == 1 and is_erased(erased_keys.pop())  # one pseudonym for all of it
    assert all(history[i].actor_name == "" for i in was_anne)
    # Bert's own records stay exactly as they were.
    assert [e for e in history if e.actor_key == bert.actor.key] == [
        e for e in history_before if e.actor_key == bert.actor.key
    ]
    board = await _board(components, people)
    assert "Anne de Vries" not in board.model_dump_json()
    assert board.created.by == "" and board.created.at == board_before.created.at
    assert board.registration is not None and board.registration.said.by == "Bert Jansen"
    assert [s.brin for s in board.schools] == ["01AB"] and board.name == "Stichting De Linde"
    # Her link, her ticket's text, her chat, and where to reach her: gone.
    assert await components.store.board_id_for_person(anne.tenant_id, anne.actor.key) is None
    assert await components.store.board_id_for_person(bert.tenant_id, bert.actor.key) == people.board.id
    erased_ticket = await components.helpdesk._store.get_ticket(mine.id)
    assert erased_ticket is not None and "tekenen" not in erased_ticket.model_dump_json()
    assert await components.outbox.recipient(anne.actor.key) is None
    kept = await privacy.what_we_keep(anne)
    assert kept.empty, kept
    assert (await privacy.what_we_keep(bert)).tickets[0].question == theirs.question


async def test_tickets_keep_when_not_who_or_what(
    components: Components, people: People, privacy: PersonalDataService
) -> None:
    anne, bert = people.speaker(people.anne), people.speaker(people.bert)
    answered = await ask_a_person(components, people.anne, people.board, "Moet elke school apart tekenen?")
    await components.helpdesk.answer(answered.id, "Nee.", bert.actor)
    still_open = await ask_a_person(components, people.anne, people.board, "Wie belt ESIS?")

    await privacy.erase(anne)

    store = components.helpdesk._store  # the ticket as stored
    closed = await store.get_ticket(answered.id)
    assert closed is not None
    assert (closed.question, closed.asker_name, closed.answer, closed.reply_to) == ("", "", None, {})
    assert is_erased(closed.asker_key) and closed.asked_at == answered.asked_at
    assert await store.get_ticket(still_open.id) is None  # nobody left to answer it to


async def test_a_second_erasure_changes_nothing(people: People, privacy: PersonalDataService) -> None:
    anne = people.speaker(people.anne)
    first = await privacy.erase(anne)
    assert first.events > 0 and first.memberships == 1

    again = await privacy.erase(anne)

    assert again.total == 0


async def test_the_history_no_longer_names_me(components: Components, people: People) -> None:
    await people.anne.user("verwijder mijn gegevens")
    await people.anne.click("Ja, verwijder")

    await people.bert.user("geschiedenis")

    people.bert.bot_says("Bert Jansen")
    people.bert.bot_does_not_say("Anne de Vries")


async def test_erasing_in_one_tenant_leaves_the_other_alone(
    components: Components, people: People, privacy: PersonalDataService
) -> None:
    clara = people.speaker(people.clara)
    before = await privacy.what_we_keep(clara)
    other_events = await components.store.list_events(people.other.id, clara.tenant_id, 100)

    await privacy.erase(people.speaker(people.anne))
    await privacy.erase(people.speaker(people.bert))

    assert await privacy.what_we_keep(clara) == before
    assert await components.store.list_events(people.other.id, clara.tenant_id, 100) == other_events


async def test_my_dialog_state_goes_and_is_not_written_again(components: Components, people: People) -> None:
    await people.anne.user("stap 1")
    key = "msteams/tenant-a/conversations/personal-anne"  # by tenant, then conversation
    states = await components.store.read_states([key])
    assert states, f"expected Anne's state under {key!r}, found none"

    await people.anne.user("verwijder mijn gegevens")
    await people.anne.click("Ja, verwijder")

    assert await components.store.read_states([key]) == {}


async def test_erasing_logs_counts_not_who(
    components: Components, people: People, caplog: pytest.LogCaptureFixture
) -> None:
    await ask_a_person(components, people.anne, people.board, "Moet elke school apart tekenen?")
    anne = people.speaker(people.anne)
    caplog.set_level(logging.DEBUG)

    await people.anne.user("verwijder mijn gegevens")
    await people.anne.click("Ja, verwijder")

    assert "personal_data_erased" in caplog.text
    for secret in ("Anne de Vries", "user-anne", anne.actor.key, "tekenen"):
        assert secret not in caplog.text


async def test_in_the_middle_of_a_step_the_confirmation_comes_alone_and_my_data_returns_to_the_step(
    people: People,
) -> None:
    await people.anne.user("stap 1")
    open_question = people.anne.last_card()

    await people.anne.user("verwijder mijn gegevens")
    assert people.anne.cards() == [people.anne.last_card()], "only the confirmation: nothing stale after it"
    assert people.anne.last_card() != open_question
    people.anne.bot_says("Ja, verwijder")

    await people.anne.user("mijn gegevens")

    def question(card: dict[str, object]) -> list[object]:
        body = card["body"]
        assert isinstance(body, list)
        return [block.get("text") for block in body if block.get("weight") == "Bolder"]

    assert question(people.anne.last_card()) == question(open_question), "the step's question again"
