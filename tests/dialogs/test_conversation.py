"""Typed answers, bad answers, stopping, going back, interruptions and double clicks."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from pathlib import Path

from bot.composition import build, load_checked_content
from bot.config import Settings
from bot.content import Content
from bot.onboarding.clock import FixedClock
from tests.flow import Flow


async def start_board(flow: Flow, number: str = "41234", name: str = "Stichting De Linde") -> None:
    await flow.user("stap 1")
    await flow.user(number)
    await flow.user(name)


async def register_today(flow: Flow) -> None:
    """From the explanation of step 1 to the school list: registered, today."""
    await flow.user("verder")
    await flow.user("ja")
    await flow.user("vandaag")


async def test_typed_answers_work_wherever_a_button_does(flow: Flow) -> None:
    await start_board(flow)
    await flow.user("verder")
    flow.bot_says("Heeft uw bestuur zich al aangemeld bij Nummervoorziening?")
    await flow.user("Ja!")
    flow.bot_says("Op welke datum heeft u zich aangemeld?")
    await flow.user("vandaag")
    await flow.user("school toevoegen")
    await flow.user("01ab")
    flow.bot_says("Hoe heet school 01AB?")
    await flow.user("De Regenboog")
    await flow.user("directeur")
    await flow.user("klaar")
    flow.bot_says("Stap 1, Aanmelden bij Nummervoorziening, is klaar.")

    await flow.user("stap 2")
    await flow.user("01AB")
    flow.bot_says("Welk leerlingadministratiesysteem (LAS) gebruikt De Regenboog?")
    await flow.user("parnassys")
    flow.bot_says("Laat ParnasSys weten dat De Regenboog het ECK iD gaat gebruiken")
    await flow.user("ok")
    await flow.user("ja")
    await flow.user("2")  # the number of the "Klaar" choice, as the terminal chat shows it
    flow.bot_says("Stap 2, LAS-leverancier inlichten, is klaar.")


async def test_a_wrong_bevoegd_gezagnummer_is_asked_again(flow: Flow) -> None:
    await flow.user("stap 1")
    await flow.user("1234")
    flow.bot_says("Een bevoegd-gezagnummer bestaat uit vijf cijfers", "Wat is het bevoegd-gezagnummer")
    await flow.fill("4123a")
    flow.bot_says("Een bevoegd-gezagnummer bestaat uit vijf cijfers")
    assert flow.invoke_response is not None  # the card stays usable in place
    await flow.user("41 234")
    flow.bot_says("Gekoppeld aan het bestuur (41234)")


async def test_a_wrong_brin_code_is_asked_again_and_nothing_is_lost(flow: Flow) -> None:
    await start_board(flow)
    await flow.user("verder")
    await flow.user("nee")
    flow.bot_says("Meld het bestuur aan via het aanmeldformulier")
    await flow.user("verder")
    await flow.user("toevoegen")
    await flow.user("1AB")
    flow.bot_says(
        "Een BRIN-code bestaat uit twee cijfers en twee letters", "Wat is de BRIN-code van de school?"
    )
    await flow.user("AB01")
    flow.bot_says("Een BRIN-code bestaat uit twee cijfers en twee letters")
    await flow.user("01AB")
    flow.bot_says("Hoe heet school 01AB?")
    await flow.user("status")
    flow.bot_says("Voortgang van Stichting De Linde (41234)", "Nog niet aangemeld bij Nummervoorziening")


async def test_an_unexpected_answer_gets_a_reprompt_not_a_lost_conversation(flow: Flow) -> None:
    await start_board(flow)
    await flow.user("verder")
    await flow.user("misschien")
    flow.bot_says("Dat begreep ik niet", "Heeft uw bestuur zich al aangemeld bij Nummervoorziening?")
    await flow.user("ja")
    flow.bot_says("Op welke datum heeft u zich aangemeld?")
    await flow.user("31-12-2099")
    flow.bot_says("Die datum ligt in de toekomst")
    await flow.user("12-11-2026")
    flow.bot_says("Welke scholen vallen onder het bestuur?")


async def test_stop_leaves_the_step_and_keeps_what_was_recorded(flow: Flow) -> None:
    await start_board(flow)
    await register_today(flow)
    await flow.user("toevoegen")
    await flow.user("01AB")
    await flow.user("stop")
    flow.bot_says("Gestopt. Alles wat u heeft ingevuld, is bewaard.")
    await flow.user("De Regenboog")
    flow.bot_says("Dat begreep ik niet")
    await flow.user("voortgang")
    flow.bot_says("Aangemeld bij Nummervoorziening op 23-11-2026", "01AB (naam nog niet bekend)")
    await flow.user("annuleer")
    flow.bot_says("Er loopt nu geen stap")


async def test_back_returns_to_the_previous_question(flow: Flow) -> None:
    await start_board(flow)
    await flow.user("verder")
    await flow.user("ja")
    flow.bot_says("Op welke datum heeft u zich aangemeld?")
    await flow.user("terug")
    flow.bot_says("Heeft uw bestuur zich al aangemeld bij Nummervoorziening?")
    await flow.user("nee")
    flow.bot_says("Meld het bestuur aan via het aanmeldformulier")


async def test_status_in_the_middle_of_a_step_is_an_interruption(flow: Flow) -> None:
    await start_board(flow)
    await flow.user("verder")
    await flow.user("status")
    flow.bot_says(
        "Voortgang van Stichting De Linde", "Heeft uw bestuur zich al aangemeld bij Nummervoorziening?"
    )
    await flow.user("help")
    flow.bot_says("Typ menu voor de vijf stappen", "Heeft uw bestuur zich al aangemeld")
    await flow.user("ja")
    flow.bot_says("Op welke datum heeft u zich aangemeld?")


async def test_a_double_click_changes_nothing_twice(flow: Flow) -> None:
    await start_board(flow)
    await flow.user("verder")
    card = flow.last_card()
    await flow.click("Ja, gedaan", card)
    flow.bot_says("✔ Ja, gedaan", "Op welke datum heeft u zich aangemeld?")
    board = await flow.components.service.board_for(flow.adapter_speaker())
    assert board is not None
    events = await flow.components.service.history(flow.adapter_speaker(), board.id, limit=500)

    await flow.click("Ja, gedaan", card)
    flow.bot_says("✔ Ja, gedaan", "Vastgelegd door Anne de Vries")
    flow.bot_does_not_say("Op welke datum")
    await flow.click("Nee, nog niet", card)  # the other button of the old card
    flow.bot_says("✔ Ja, gedaan")
    after = await flow.components.service.history(flow.adapter_speaker(), board.id, limit=500)
    assert len(after) == len(events)
    await flow.user("gisteren")
    flow.bot_says("Welke scholen vallen onder het bestuur?")


async def test_an_old_card_after_stop_shows_what_was_recorded(flow: Flow) -> None:
    await start_board(flow)
    await flow.user("verder")
    card = flow.last_card()
    await flow.user("ja")
    await flow.user("stop")
    await flow.click("Nee, nog niet", card)
    flow.bot_says("✔ Ja", "Vastgelegd door Anne de Vries")


async def test_a_conversation_resumes_after_a_restart(
    settings: Settings, clock: FixedClock, content: Content
) -> None:
    first = await build(settings, clock, content)
    flow = Flow(first)
    await start_board(flow)
    await flow.user("verder")
    flow.bot_says("Heeft uw bestuur zich al aangemeld bij Nummervoorziening?")
    await first.close()

    clock.advance(days=3)
    second = await build(settings, clock, content)  # a new process on the same database
    try:
        later = Flow(second)
        await later.user("ja")
        later.bot_says("Op welke datum heeft u zich aangemeld?")
        await later.user("vandaag")
        later.bot_says("Welke scholen vallen onder het bestuur?")
        await later.user("status")
        later.bot_says("Aangemeld bij Nummervoorziening op 26-11-2026")
    finally:
        await second.close()


async def test_english_speakers_get_english(make_flow: Callable[..., Flow]) -> None:
    flow = make_flow(locale="en")
    await flow.install()
    flow.bot_says("Welcome to the ECK iD guide", "The five steps")
    await flow.user("step 1")
    flow.bot_says("competent authority number")
    await flow.user("41234")
    await flow.user("Stichting De Linde")
    await flow.user("continue")
    await flow.user("not yet")
    flow.bot_says("Register the board with Kennisnet's registration form")


async def test_the_qa_locale_shows_text_keys(make_flow: Callable[..., Flow]) -> None:
    flow = make_flow(locale="qa")
    await flow.user("stap 1")
    flow.bot_says("prelude.bg_number.prompt")
    await flow.user("123")
    flow.bot_says("invalid.bg_number", "prelude.bg_number.prompt")


async def test_the_history_says_who_recorded_what(flow: Flow) -> None:
    await start_board(flow)
    await flow.user("verder")
    await flow.user("ja")
    await flow.user("geschiedenis")
    flow.bot_says(
        "Geschiedenis van Stichting De Linde",
        "23-11-2026 10:15 · Anne de Vries · Aangemeld bij Nummervoorziening",
        "Anne de Vries · Bestuur 41234 vastgelegd",
        "Op welke datum heeft u zich aangemeld?",  # the open question is asked again after it
    )
    lines = flow.lines()
    assert lines.index(next(x for x in lines if "Aangemeld bij" in x)) < lines.index(
        next(x for x in lines if "Bestuur 41234 vastgelegd" in x)
    ), "newest first"


async def test_a_double_click_arriving_as_two_requests_at_once_records_once(flow: Flow) -> None:
    await start_board(flow)
    await flow.user("verder")
    card = flow.last_card()
    board = await flow.components.service.board_for(flow.adapter_speaker())
    assert board is not None
    first, second = Flow(flow.components), Flow(flow.components)  # the same person, two requests
    await asyncio.gather(first.click("Ja, gedaan", card), second.click("Ja, gedaan", card))
    after = await flow.components.service.history(flow.adapter_speaker(), board.id, limit=500)
    assert len([e for e in after if e.kind == "step1.registration"]) == 1
    asked = [line for f in (first, second) for line in f.lines() if "Op welke datum" in line]
    assert len(asked) == 1, "the next question is asked once"


async def test_coming_back_to_step_1_after_registering_goes_straight_to_the_schools(flow: Flow) -> None:
    await start_board(flow)
    await register_today(flow)
    await flow.user("klaar")
    await flow.user("stap 1")
    flow.bot_says("Welke scholen vallen onder het bestuur?")
    flow.bot_does_not_say("Nummervoorziening maakt de ECK iD's", "Heeft uw bestuur zich al aangemeld")


async def test_a_content_edit_in_the_middle_of_a_step_loses_no_conversation(
    settings: Settings, clock: FixedClock, content: Content, tmp_path: Path
) -> None:
    first = await build(settings, clock, content)
    flow = Flow(first)
    await start_board(flow)
    await flow.user("verder")
    flow.bot_says("Heeft uw bestuur zich al aangemeld bij Nummervoorziening?")
    await first.close()

    edited = tmp_path / "content"
    shutil.copytree(content.root, edited)
    journey = edited / "journey.yaml"
    journey.write_text(journey.read_text().replace("id: registered\n", "id: has_registered\n"))
    journey.write_text(journey.read_text().replace("next: registered\n", "next: has_registered\n"))
    second = await build(
        settings, clock, load_checked_content(settings.model_copy(update={"content_dir": edited}))
    )
    try:
        later = Flow(second)
        await later.user("ja")  # answers a question whose id no longer exists
        later.bot_says("Nummervoorziening maakt de ECK iD's")  # the step starts again, nothing crashed
        await later.user("verder")
        await later.user("ja")
        later.bot_says("Op welke datum heeft u zich aangemeld?")
    finally:
        await second.close()
