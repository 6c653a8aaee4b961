"""Coordinators in Teams: every board's progress, the drill-down into one board, roles added in
chat or configured by user principal name, the dashboard link and API tokens. Board members see
only their own board, and are refused the rest without being told what exists."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from bot.config import Settings
from bot.onboarding.clock import FixedClock
from bot.onboarding.models import Actor, Board, StepId
from bot.onboarding.recorders import Answer
from bot.onboarding.service import Speaker
from tests.http.conftest import StartBot
from tests.http.fake_connector import card_lines, cards_of
from tests.http.teams import Answer as Reply
from tests.http.teams import Teams

COORDINATOR = "C0C0C0C0-2222-4A6E-9D1E-000000000002"
COORDINATOR_CHAT = "a:coordinatorchat"
MEMBER_OID = "6b2f1c1e-1111-4a6e-9d1e-000000000001"  # Anne, of personal-message.json
UPN = "Carla.Coordinator@Program.example.nl"
REFUSED = "Dat kan ik voor u niet doen."
OVERVIEW_TITLE = "Overzicht van alle besturen"
UNANSWERABLE = "wie betaalt de taxi naar de sportdag?"


async def greeted(teams: Teams) -> Teams:
    """The coordinator and the board member (Anne) have said hello: welcomes are behind them."""
    await coordinator_says(teams, "hallo")
    await teams.say("hallo")
    return teams


@pytest.fixture
async def teams(start_bot: StartBot, settings: Settings) -> Teams:
    return await greeted(await start_bot(settings.model_copy(update={"coordinators_setting": COORDINATOR})))


def as_coordinator(
    teams: Teams,
    name: str,
    user_id: str = "29:coordinator",
    oid: str = COORDINATOR,
    chat: str = COORDINATOR_CHAT,
) -> Any:
    payload = teams.payload(name, id=f"c-{len(teams.connector.outbox())}")
    payload["from"] = {"id": user_id, "name": "Carla Coördinator", "aadObjectId": oid.lower()}
    payload["conversation"] = dict(payload["conversation"], id=chat)
    return payload


async def coordinator_says(teams: Teams, text: str, **who: str) -> Reply:
    return await teams.post(as_coordinator(teams, "personal-message.json", **who) | {"text": text})


async def coordinator_executes(teams: Teams, verb: str, data: dict[str, Any], **who: str) -> Reply:
    invoke = as_coordinator(teams, "invoke-adaptive-card-execute.json", **who)
    invoke["value"]["action"] = {"type": "Action.Execute", "verb": verb, "data": data}
    return await teams.post(invoke)


def only_card(reply: Reply) -> dict[str, Any]:
    [card] = cards_of(reply.sent.posted())
    return card


def lines(card: dict[str, Any]) -> str:
    return "\n".join(card_lines(card))


def step_counts(card: dict[str, Any], step_number: int) -> list[int]:
    """The four numbers (done, in progress, waiting, open) on the overview's row for one step."""
    for element in card["body"]:
        if element["type"] != "ColumnSet":
            continue
        texts = [column["items"][0]["text"] for column in element["columns"]]
        if texts[0].startswith(f"{step_number} · "):
            return [int(text) for text in texts[1:]]
    raise AssertionError(f"no row for step {step_number}:\n{lines(card)}")


def choices(card: dict[str, Any], input_id: str) -> dict[str, str]:
    """title -> value of a choice list on the card."""
    for element in card["body"]:
        if element["type"] == "Input.ChoiceSet" and element["id"] == input_id:
            return {choice["title"]: choice["value"] for choice in element["choices"]}
    raise AssertionError(f"no choice list {input_id!r}:\n{lines(card)}")


async def make_board(teams: Teams, tenant: str, bg_number: str, name: str, las: str, told: bool) -> Board:
    """A board in another Teams organisation with one school on this LAS."""
    service = teams.components.service
    speaker = Speaker(tenant_id=tenant, actor=Actor(key=f"person-{bg_number}", name="Bea Bestuurder"))
    board = await service.identify_board(speaker, bg_number)
    step1, step2 = StepId.NUMMERVOORZIENING, StepId.LAS
    await service.record(speaker, board.id, step1, "set_board_name", Answer(name))
    await service.record(speaker, board.id, step1, "add_school", Answer("01AB"))
    board = (await service.record(speaker, board.id, step2, "set_school_las", Answer(las, "01AB"))).board
    if told:
        board = (
            await service.record(speaker, board.id, step2, "set_supplier_told", Answer("yes", "01AB"))
        ).board
    return board


async def three_boards(teams: Teams) -> dict[str, Board]:
    """ESIS told nothing yet (step 2 busy), ParnasSys told (step 2 done), another system (waiting)."""
    return {
        "esis": await make_board(teams, "tenant-e", "11111", "Stichting Esdoorn", "esis", False),
        "parnassys": await make_board(teams, "tenant-p", "22222", "Stichting Populier", "parnassys", True),
        "other": await make_board(teams, "tenant-o", "33333", "Stichting Olm", "other", False),
    }


# the overview


async def test_a_coordinator_sees_every_board_counted_per_step(teams: Teams, clock: FixedClock) -> None:
    await three_boards(teams)

    card = only_card(await coordinator_says(teams, "overzicht"))

    assert OVERVIEW_TITLE in lines(card)
    assert step_counts(card, 2) == [1, 1, 1, 0]  # done, in progress, waiting, open
    assert step_counts(card, 1) == [0, 3, 0, 0]  # a school without a name: step 1 is not done
    assert step_counts(card, 5) == [0, 0, 0, 3]
    assert "3 besturen, waarvan 0 met alle vijf stappen klaar" in lines(card)
    target = date(2027, 8, 1)
    assert f"Nog {(target - clock().date()).days} dagen tot de streefdatum (01-08-2027)" in lines(card)
    assert "0 besturen zonder voortgang in 14 dagen of langer" in lines(card)


async def test_boards_without_progress_for_two_weeks_are_named_with_their_step(
    teams: Teams, clock: FixedClock
) -> None:
    await three_boards(teams)
    clock.advance(days=15)
    await make_board(teams, "tenant-n", "44444", "Stichting Nieuw", "esis", False)

    card = only_card(await coordinator_says(teams, "overzicht"))

    text = lines(card)
    assert "3 besturen zonder voortgang in 14 dagen of langer" in text
    assert (
        "Stichting Esdoorn (11111) · stil sinds 23-11-2026 · bij stap 1: Aanmelden bij Nummervoorziening"
        in text
    )
    assert "Stichting Esdoorn (11111) · stil sinds" in text
    assert "Stichting Nieuw (44444) · stil sinds" not in text


async def test_the_supplier_filter_changes_the_counts_on_the_same_card(teams: Teams) -> None:
    await three_boards(teams)
    card = only_card(await coordinator_says(teams, "overzicht"))
    assert choices(card, "supplier")["ESIS"] == "esis"

    filtered = await coordinator_executes(teams, "coordination.overview", {"supplier": "esis"})

    card = filtered.card()  # the invoke answers with the card that replaces the clicked one
    assert step_counts(card, 2) == [0, 1, 0, 0]
    assert "1 bestuur, waarvan 0 met alle vijf stappen klaar" in lines(card)
    assert list(choices(card, "board")) == ["Stichting Esdoorn (11111)"]
    everything = await coordinator_executes(teams, "coordination.overview", {"supplier": "all"})
    assert step_counts(everything.card(), 2) == [1, 1, 1, 0]


async def test_the_drill_down_shows_one_boards_checklist_and_events(teams: Teams) -> None:
    boards = await three_boards(teams)
    card = only_card(await coordinator_says(teams, "overzicht"))
    board_id = choices(card, "board")["Stichting Populier (22222)"]
    assert board_id == boards["parnassys"].id

    shown = await coordinator_executes(teams, "coordination.board", {"board": board_id, "supplier": "all"})

    text = shown.card_text()
    assert "Voortgang van Stichting Populier (22222)" in text
    assert "01AB (naam nog niet bekend): contactpersoon nog open" in text  # the checklist of step 1
    assert "LAS van 01AB: ParnasSys" in text  # its events, newest first
    assert "Bestuur 22222 vastgelegd" in text
    assert "Stichting Esdoorn" not in text
    assert "Terug naar overzicht" in text
    back = await coordinator_executes(teams, "coordination.overview", {"supplier": "all"})
    assert OVERVIEW_TITLE in back.card_text()


@pytest.mark.parametrize(
    ("verb", "data", "says"),
    [
        ("coordination.board", {"board": "no-such-board"}, "Dat bestuur bestaat niet (meer)"),
        ("coordination.board", {}, "Kies eerst een bestuur"),
        ("coordination.overview", {"supplier": "</script>"}, "Die LAS-leverancier ken ik niet"),
        ("coordination.board", {"board": ["a list"]}, "Kies eerst een bestuur"),
    ],
)
async def test_a_stale_or_forged_value_gets_a_clear_card(
    teams: Teams, verb: str, data: dict[str, Any], says: str
) -> None:
    answer = await coordinator_executes(teams, verb, data)

    assert answer.status == 200
    assert says in answer.card_text()
    assert "Terug naar overzicht" in answer.card_text()


async def test_a_board_member_typing_overzicht_sees_only_their_own_checklist(teams: Teams) -> None:
    await three_boards(teams)
    board = await teams.components.service.identify_board(teams.speaker(), "55555")

    reply = await teams.say("overzicht")

    text = reply.sent.transcript()
    assert f"Voortgang van uw bestuur ({board.bg_number})" in text
    assert OVERVIEW_TITLE not in text
    assert not any(name in text for name in ("Esdoorn", "Populier", "Olm"))


async def test_a_board_member_cannot_press_a_coordinators_button(teams: Teams) -> None:
    boards = await three_boards(teams)

    pressed = await teams.execute("coordination.board", {"board": boards["esis"].id})
    overview = await teams.execute("coordination.overview", {"supplier": "esis"})

    assert pressed.message().startswith(REFUSED)
    assert overview.message().startswith(REFUSED)


@pytest.mark.parametrize(
    "typed",
    ["dashboard", "coordinator toevoegen iemand@school.nl", "token maken x", "tokens", "coordinatoren"],
)
async def test_anyone_else_is_refused_without_learning_what_exists(teams: Teams, typed: str) -> None:
    reply = await teams.say(typed)

    assert reply.sent.texts() == [REFUSED + " Typ **help** om te zien wat u hier kunt."]
    assert not reply.sent.cards()
    coordination = teams.components.coordination
    assert await coordination.tokens(COORDINATOR) == []
    assert await coordination.added() == frozenset()


# roles


async def test_a_coordinator_adds_another_who_then_sees_the_overview(teams: Teams) -> None:
    await three_boards(teams)
    assert OVERVIEW_TITLE not in (await teams.say("overzicht")).sent.transcript()

    added = await coordinator_says(teams, f"coordinator toevoegen {MEMBER_OID.upper()}")
    again = await coordinator_says(teams, f"Coördinator toevoegen {MEMBER_OID}")

    assert added.sent.texts() == [f"{MEMBER_OID} is nu coördinator."]
    assert again.sent.texts() == [f"{MEMBER_OID} is al coördinator."]
    assert step_counts(only_card(await teams.say("overzicht")), 2) == [1, 1, 1, 0]
    listed = lines(only_card(await coordinator_says(teams, "coordinatoren")))
    assert f"{COORDINATOR.lower()} · ingesteld (ECKBOT_COORDINATORS)" in listed
    assert f"{MEMBER_OID} · toegevoegd in de chat" in listed

    removed = await coordinator_says(teams, f"coordinator verwijderen {MEMBER_OID}")

    assert removed.sent.texts() == [f"{MEMBER_OID} is geen coördinator meer."]
    assert OVERVIEW_TITLE not in (await teams.say("overzicht")).sent.transcript()


async def test_a_configured_coordinator_cannot_be_removed_in_chat(teams: Teams) -> None:
    reply = await coordinator_says(teams, f"coordinator verwijderen {COORDINATOR}")

    assert "kan niet in de chat worden verwijderd" in reply.sent.texts()[0]
    assert OVERVIEW_TITLE in (await coordinator_says(teams, "overzicht")).sent.transcript()


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("coordinator toevoegen hallo", "is geen object-id"),
        ("coordinator toevoegen 1234-abcd", "is geen object-id"),
        ("coordinator toevoegen a@b@c.nl", "is geen object-id"),
        ("coordinator toevoegen", "Typ achter het commando het object-id"),
        ("coordinator verwijderen iemand@nergens.nl", "staat niet in de lijst"),
    ],
)
async def test_a_bad_identity_gets_a_clear_message(teams: Teams, typed: str, says: str) -> None:
    reply = await coordinator_says(teams, typed)

    assert says in reply.sent.texts()[0]
    assert await teams.components.coordination.added() == frozenset()


async def test_an_address_teams_sent_as_a_mail_link_is_read_as_the_address(teams: Teams) -> None:
    typed = 'coordinator toevoegen <a href="mailto:bo@school.nl">bo@school.nl</a>'

    reply = await coordinator_says(teams, typed)

    assert reply.sent.texts() == ["bo@school.nl is nu coördinator."]


async def test_a_coordinator_configured_by_upn_is_recognised(start_bot: StartBot, settings: Settings) -> None:
    teams = await start_bot(settings.model_copy(update={"coordinators_setting": UPN}))
    teams.connector.members["29:coordinator"] = {
        "id": "29:coordinator",
        "name": "Carla Coördinator",
        "aadObjectId": COORDINATOR.lower(),
        "userPrincipalName": UPN,
    }
    await greeted(teams)  # Anne is no member the connector knows (404): no coordinator either

    first = await coordinator_says(teams, "overzicht")
    second = await coordinator_says(teams, "overzicht")
    member = await teams.say("overzicht")

    assert OVERVIEW_TITLE in first.sent.transcript() and OVERVIEW_TITLE in second.sent.transcript()
    assert OVERVIEW_TITLE not in member.sent.transcript()
    lookups = sorted(c.raw_path.rsplit("/", 1)[1] for c in teams.connector.outbox() if c.route == "member")
    assert lookups == ["29%3A1a2b3c-personal-user", "29%3Acoordinator"], "asked once per person, then kept"


async def test_a_upn_coordinator_receives_the_questions_for_a_person(
    start_bot: StartBot, settings: Settings
) -> None:
    teams = await start_bot(settings.model_copy(update={"coordinators_setting": UPN}))
    teams.connector.members["29:coordinator"] = {"id": "29:coordinator", "userPrincipalName": UPN.lower()}
    await greeted(teams)  # the coordinator has talked to the bot: reachable

    await teams.say(UNANSWERABLE)
    opened = await teams.press("Vraag een medewerker")

    to_coordinator = [
        line
        for call in opened.sent
        if call.conversation_id == COORDINATOR_CHAT
        for card in cards_of([call.activity])
        for line in card_lines(card)
    ]
    assert UNANSWERABLE in to_coordinator


async def test_a_coordinator_added_in_chat_receives_the_questions_for_a_person(teams: Teams) -> None:
    colleague = "c0c0c0c0-4444-4a6e-9d1e-000000000004"
    await coordinator_says(teams, f"coordinator toevoegen {colleague}")
    await coordinator_says(teams, "hallo", user_id="29:colleague", oid=colleague, chat="a:colleaguechat")

    await teams.say(UNANSWERABLE)
    opened = await teams.press("Vraag een medewerker")

    reached = sorted(call.conversation_id or "" for call in opened.sent if UNANSWERABLE in str(call.body))
    assert reached == ["a:colleaguechat", COORDINATOR_CHAT]


async def test_without_upn_coordinators_nobody_is_looked_up(teams: Teams) -> None:
    await teams.say("status")
    await coordinator_says(teams, "overzicht")
    await coordinator_says(teams, "coordinator toevoegen 0f8fad5b-d9cb-469f-a165-70867728950e")
    await teams.say("status")

    assert not [call for call in teams.connector.outbox() if call.route == "member"]


# the dashboard link and API tokens


async def test_the_dashboard_link_opens_a_session_once(teams: Teams) -> None:
    card = only_card(await coordinator_says(teams, "dashboard"))

    [button] = [a for a in card["actions"] if a["type"] == "Action.OpenUrl"]
    url = urlsplit(button["url"])
    assert f"{url.scheme}://{url.netloc}{url.path}" == "http://127.0.0.1:3978/dashboard/login"
    [token] = parse_qs(url.query)["token"]
    assert "werkt één keer en 10 minuten lang" in lines(card)
    coordination = teams.components.coordination
    opened = await coordination.open_session(token)
    assert isinstance(opened, tuple)
    assert not isinstance(await coordination.open_session(token), tuple)  # used once


async def test_tokens_are_created_listed_without_secret_and_revoked(teams: Teams) -> None:
    coordination = teams.components.coordination
    created = only_card(await coordinator_says(teams, "token maken rapportage"))
    text = lines(created)
    [secret] = [line for line in text.splitlines() if line.startswith("eckbot_")]
    assert "U ziet dit token maar één keer" in text
    assert "http://127.0.0.1:3978/api/v1/boards" in text
    assert f"Authorization: Bearer {secret}" in text
    assert await coordination.token_is_valid(secret)
    [token] = await coordination.tokens(COORDINATOR)

    listed = await coordinator_says(teams, "tokens")

    assert f"  {token.id}: rapportage · gemaakt 23-11-2026 10:15" in lines(only_card(listed))
    assert secret not in str(listed.sent.posted())

    revoked = await coordinator_says(teams, f"token intrekken {token.id}")
    again = await coordinator_says(teams, f"token intrekken {token.id}")

    assert revoked.sent.texts() == [f"Token {token.id} is ingetrokken en werkt niet meer."]
    assert "Er is geen geldig token" in again.sent.texts()[0]
    assert not await coordination.token_is_valid(secret)
    assert "· ingetrokken" in lines(only_card(await coordinator_says(teams, "tokens")))


async def test_a_token_needs_a_name_and_a_revocation_an_id(teams: Teams) -> None:
    assert "Geef het token een naam" in (await coordinator_says(teams, "token maken")).sent.texts()[0]
    assert "het id van het token" in (await coordinator_says(teams, "token intrekken")).sent.texts()[0]
    assert (
        "Er is geen geldig token" in (await coordinator_says(teams, "token intrekken ../x")).sent.texts()[0]
    )


async def test_english_coordinators_type_english_commands(teams: Teams) -> None:
    await three_boards(teams)

    english = as_coordinator(teams, "personal-message.json") | {"text": "overview", "locale": "en-US"}
    reply = await teams.post(english)

    assert "Overview of all boards" in reply.sent.transcript()
