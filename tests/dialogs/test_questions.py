"""A question typed in the middle of a step is answered, and the step goes on where it was."""

from __future__ import annotations

import sqlalchemy as sa

from bot.card_text import card_to_text
from bot.console import invoke_card
from bot.storage.schema import answer_feedback, questions_asked
from tests.dialogs.test_conversation import register_today, start_board
from tests.flow import Flow

BSN_ANSWER = "Krijgt een leerling zonder BSN ook een ECK iD?"


async def test_a_question_mid_step_is_answered_and_the_step_resumes(flow: Flow) -> None:
    await start_board(flow)
    await flow.user("verder")
    flow.bot_says("Heeft uw bestuur zich al aangemeld bij Nummervoorziening?")

    await flow.user("wat als een leerling geen BSN heeft?")

    flow.bot_says(BSN_ANSWER, "Dan gaan we verder waar we waren:", "Heeft uw bestuur zich al aangemeld")
    flow.bot_does_not_say("Dat begreep ik niet")
    await flow.user("ja")
    flow.bot_says("Op welke datum heeft u zich aangemeld?")  # the answer still counts for the open question


async def test_a_question_at_a_free_text_prompt_is_not_taken_as_the_answer(flow: Flow) -> None:
    await start_board(flow)
    await register_today(flow)
    await flow.user("school toevoegen")
    await flow.user("01ab")
    flow.bot_says("Hoe heet school 01AB?")

    await flow.user("wat als een leerling geen BSN heeft?")

    flow.bot_says(BSN_ANSWER, "Hoe heet school 01AB?")
    await flow.user("De Regenboog")
    flow.bot_says("Wie is de operationele contactpersoon van De Regenboog?")
    board = await flow.components.service.board_for(flow.adapter_speaker())
    assert board is not None and [s.name for s in board.schools] == ["De Regenboog"]


async def test_commands_keep_priority_over_questions(flow: Flow) -> None:
    await start_board(flow)
    await flow.user("verder")

    await flow.user("status")

    flow.bot_does_not_say(BSN_ANSWER, "Antwoord op uw vraag")
    flow.bot_says("Heeft uw bestuur zich al aangemeld")


async def test_low_confidence_offers_the_closest_questions(flow: Flow) -> None:
    await flow.user("handtekening?")  # whose signature, on what?

    flow.bot_says("Bedoelt u een van deze vragen?", "Wie tekent de verwerkersovereenkomsten?")
    await flow.click("Wie tekent de verwerkersovereenkomsten?")
    answer = card_to_text(invoke_card(flow.invoke_response) or {})
    assert (
        "Antwoord op uw vraag" in answer.lines and "Wie tekent de verwerkersovereenkomsten?" in answer.lines
    )


async def test_an_answer_asks_whether_it_helped_and_stores_the_feedback(flow: Flow) -> None:
    await flow.user("wat als een leerling geen BSN heeft?")
    flow.bot_says(BSN_ANSWER)

    await flow.click("👎 Niet nuttig")

    card = card_to_text(invoke_card(flow.invoke_response) or {})
    assert "Dank u voor uw reactie; daarmee verbeteren we de antwoorden." in card.lines
    assert "Vraag een medewerker" not in [c.title for c in card.choices]  # nobody is set up to answer
    assert await not_helpful_count(flow, "leerling-zonder-bsn") == 1


async def not_helpful_count(flow: Flow, entry_id: str) -> int:
    runner = flow.components.store.runner  # type: ignore[attr-defined]
    query = sa.select(sa.func.count()).where(
        answer_feedback.c.entry_id == entry_id, ~answer_feedback.c.helpful
    )
    count: int = await runner.read(lambda conn: conn.execute(query).scalar_one())
    return count


async def test_a_text_that_is_no_question_is_not_kept(flow: Flow) -> None:
    await flow.install()
    await flow.user("Jansen")
    await flow.user("wie wint het songfestival dit jaar?")

    runner = flow.components.store.runner  # type: ignore[attr-defined]
    query = sa.select(questions_asked.c.text)
    kept = await runner.read(lambda conn: conn.execute(query).scalars().all())
    assert kept == ["wie wint het songfestival dit jaar?"]  # the question, for the editors; not the name
