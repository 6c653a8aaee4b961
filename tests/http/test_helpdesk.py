"""Questions the bot cannot answer go to a person: a ticket reaches the coordinators in Teams, and
the coordinator's answer reaches the asker in the asker's own conversation, proactively."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.card_text import card_to_text
from bot.cli import quiet_noisy_loggers
from bot.config import Settings
from tests.http.conftest import StartBot
from tests.http.fake_connector import card_lines
from tests.http.teams import Answer, Teams

COORDINATOR = "C0C0C0C0-2222-4A6E-9D1E-000000000002"  # configured in capitals: ids are matched without case
COORDINATOR_CHAT = "a:coordinatorchat"
ASKER_CHAT = "a:1personalconversationid"
OUT_OF_SCOPE = "wie betaalt de taxi naar de sportdag?"
REPLY = "De taxi valt buiten het ECK iD; vraag het uw penningmeester."


def as_coordinator(teams: Teams, name: str, **changes: Any) -> dict[str, Any]:
    payload = teams.payload(name, id=f"c-{id(changes)}-{len(teams.connector.outbox())}", **changes)
    payload["from"] = {
        "id": "29:coordinator",
        "name": "Carla Coördinator",
        "aadObjectId": COORDINATOR.lower(),
    }
    payload["conversation"] = dict(payload["conversation"], id=COORDINATOR_CHAT)
    return payload


async def coordinator_says(teams: Teams, text: str) -> Answer:
    return await teams.post(as_coordinator(teams, "personal-message.json", text=text))


async def coordinator_executes(teams: Teams, verb: str, data: dict[str, Any]) -> Answer:
    invoke = as_coordinator(teams, "invoke-adaptive-card-execute.json")
    invoke["value"]["action"] = {"type": "Action.Execute", "verb": verb, "data": data}
    return await teams.post(invoke)


def sent_to(answer: Answer, conversation: str) -> list[str]:
    return [
        line for call in answer.sent if call.conversation_id == conversation for line in _lines(call.activity)
    ]


def _lines(activity: dict[str, Any]) -> list[str]:
    lines = [activity["text"]] if activity.get("text") else []
    for attachment in activity.get("attachments") or []:
        lines += card_lines(attachment["content"])
    return lines


@pytest.fixture
async def helpdesk(start_bot: StartBot, settings: Settings) -> Teams:
    return await start_bot(settings.model_copy(update={"coordinators_setting": f" {COORDINATOR} , other-id"}))


async def ask_a_person(teams: Teams) -> tuple[Answer, str]:
    """The asker types an unanswerable question and presses "Vraag een medewerker"; returns the ticket id."""
    await coordinator_says(teams, "hallo")  # the coordinator has talked to the bot: reachable
    unknown = await teams.say(OUT_OF_SCOPE)
    assert "Dat weet ik niet zeker" in unknown.sent.transcript()
    opened = await teams.press("Vraag een medewerker")
    assert "Uw vraag is doorgestuurd" in opened.card_text()
    [ticket] = await teams.components.helpdesk.open_tickets()
    return opened, ticket.id


async def test_a_question_for_a_person_reaches_the_coordinator_as_a_card(helpdesk: Teams) -> None:
    opened, _ = await ask_a_person(helpdesk)

    to_coordinator = sent_to(opened, COORDINATOR_CHAT)
    assert OUT_OF_SCOPE in to_coordinator
    assert "  Gesteld door: Anne de Vries" in to_coordinator
    assert not sent_to(opened, ASKER_CHAT)  # the asker's own click is answered in place


async def test_the_coordinators_answer_arrives_in_the_askers_conversation(helpdesk: Teams) -> None:
    _, ticket_id = await ask_a_person(helpdesk)

    answered = await coordinator_executes(helpdesk, "ticket.answer", {"ticket": ticket_id, "answer": REPLY})

    to_asker = sent_to(answered, ASKER_CHAT)
    assert "Antwoord van een medewerker" in to_asker
    assert REPLY in to_asker
    assert f"U vroeg: {OUT_OF_SCOPE}" in to_asker
    assert "Beantwoord door Carla Coördinator" in answered.card_text()
    assert await helpdesk.components.helpdesk.open_tickets() == []  # the ticket closed with the answer


async def test_the_answer_becomes_a_draft_entry_in_one_click(helpdesk: Teams) -> None:
    _, ticket_id = await ask_a_person(helpdesk)
    await coordinator_executes(helpdesk, "ticket.answer", {"ticket": ticket_id, "answer": REPLY})

    drafted = await coordinator_executes(helpdesk, "ticket.draft", {"ticket": ticket_id})
    again = await coordinator_executes(helpdesk, "ticket.draft", {"ticket": ticket_id})

    assert "Conceptvraag gemaakt" in drafted.card_text()
    assert "Conceptvraag gemaakt" in again.card_text()
    [draft] = await helpdesk.components.helpdesk.drafts()  # a double click makes one draft
    assert (draft.question, draft.answer) == (OUT_OF_SCOPE, REPLY)


async def test_a_second_answer_to_the_same_ticket_is_refused(helpdesk: Teams) -> None:
    _, ticket_id = await ask_a_person(helpdesk)
    await coordinator_executes(helpdesk, "ticket.answer", {"ticket": ticket_id, "answer": REPLY})

    second = await coordinator_executes(
        helpdesk, "ticket.answer", {"ticket": ticket_id, "answer": "Iets anders"}
    )

    assert "al beantwoord" in second.message()
    assert not sent_to(second, ASKER_CHAT)


async def test_only_a_coordinator_can_answer_a_ticket(helpdesk: Teams) -> None:
    _, ticket_id = await ask_a_person(helpdesk)

    attempt = await helpdesk.execute("ticket.answer", {"ticket": ticket_id, "answer": "Ik weet het!"})

    assert "alleen medewerkers van het implementatieprogramma" in attempt.message()
    assert len(await helpdesk.components.helpdesk.open_tickets()) == 1


async def test_an_answer_that_cannot_be_delivered_reopens_the_ticket(helpdesk: Teams) -> None:
    _, ticket_id = await ask_a_person(helpdesk)
    helpdesk.connector.refuse_with = 503

    answered = await coordinator_executes(helpdesk, "ticket.answer", {"ticket": ticket_id, "answer": REPLY})

    helpdesk.connector.refuse_with = None
    [ticket] = await helpdesk.components.helpdesk.open_tickets()
    assert ticket.id == ticket_id and ticket.answer is None
    assert "kon nu niet worden bezorgd" in answered.message()  # and the form stays, to send again


async def test_an_answer_that_did_not_help_offers_a_person(helpdesk: Teams) -> None:
    await helpdesk.say("wat als een leerling geen BSN heeft?")

    not_helpful = await helpdesk.press("👎 Niet nuttig")

    assert "Wilt u dat een medewerker uw vraag beantwoordt?" in not_helpful.card_text()
    assert "Vraag een medewerker" in [c.title for c in card_to_text(not_helpful.card()).choices]


async def test_without_coordinators_the_unknown_card_promises_no_person(teams: Teams) -> None:
    unknown = await teams.say(OUT_OF_SCOPE)

    assert "Een medewerker van het implementatieprogramma" not in unknown.sent.transcript()


async def test_coordinators_list_the_open_questions(helpdesk: Teams) -> None:
    await ask_a_person(helpdesk)

    listed = await coordinator_says(helpdesk, "vragen")

    assert "Er staat 1 vraag open:" in listed.sent.transcript()
    assert OUT_OF_SCOPE in listed.sent.transcript()


async def test_without_coordinators_the_bot_says_where_else_to_ask(teams: Teams) -> None:
    unknown = await teams.say(OUT_OF_SCOPE)

    assert "Er is nog geen medewerker ingesteld" in unknown.sent.transcript()
    assert "Vraag een medewerker" not in unknown.sent.transcript()


async def test_questions_answers_and_names_never_reach_the_logs(
    helpdesk: Teams, caplog: pytest.LogCaptureFixture
) -> None:
    quiet_noisy_loggers(logging.INFO)
    caplog.set_level(logging.INFO)
    _, ticket_id = await ask_a_person(helpdesk)
    await helpdesk.say("wat als een leerling geen BSN heeft?")
    await helpdesk.press("👎 Niet nuttig")
    await coordinator_executes(helpdesk, "ticket.answer", {"ticket": ticket_id, "answer": REPLY})

    logged = "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records)
    assert "ticket_answered" in logged  # the events are logged, by id
    for personal in (OUT_OF_SCOPE, "taxi", REPLY, "penningmeester", "Anne de Vries", "Carla", "BSN"):
        assert personal not in logged
