"""What people type and who they are never reaches the logs at info level.

A whole journey (all five steps, free questions, a question for a person, colleagues alerted by
name and e-mail address) is walked twice: in process, and over HTTP against the real app with
the web server's access log as `eckbot serve` configures it. Every log record at INFO or above,
of every logger, is searched for the person's name, the e-mail addresses, the names they gave,
and every sentence they typed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any, Protocol

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

import bot.app
import bot.cli
from bot.app import create_app
from bot.app_keys import COMPONENTS
from bot.cli import quiet_noisy_loggers
from bot.composition import Components
from bot.config import Settings
from bot.content import Content
from bot.onboarding.clock import FixedClock
from bot.onboarding.models import Board, StepId, StepStatus
from tests.flow import Flow
from tests.http.conftest import StartBot, loopback_only  # noqa: F401  (autouse: nothing beyond loopback)
from tests.http.fake_connector import FakeConnector
from tests.http.teams import Teams

COORDINATOR = "c0c0c0c0-2222-4a6e-9d1e-000000000002"
ASKER = "Anne de Vries"
QUESTION = "wat als een leerling geen BSN heeft?"
FOR_A_PERSON = "wie betaalt de taxi naar de sportdag van De Regenboog?"
ALERTED = ("Karin de Boer karin.deboer@regenboog.example.nl", "Joost Pietersen ict@kompas.example.nl")
# Everything personal the journey below gives the bot; none of it may be logged.
PERSONAL = (
    ASKER,
    "Stichting De Linde",
    "De Regenboog",
    "Het Kompas",
    "Uitgeverij Voorbeeld",
    "directeur bedrijfsvoering",
    "Karin de Boer",
    "karin.deboer@regenboog.example.nl",
    "Joost Pietersen",
    "ict@kompas.example.nl",
    "administratief medewerker",
    QUESTION,
    FOR_A_PERSON,
    "user-anne",
)


class Person(Protocol):
    """Someone using the bot: in process (Flow) or over HTTP (Teams)."""

    async def say(self, text: str) -> None: ...
    async def click(self, title: str) -> None: ...
    async def fill(self, text: str) -> None: ...
    async def board(self) -> Board | None: ...


class InProcess:
    def __init__(self, flow: Flow) -> None:
        self.flow = flow

    async def say(self, text: str) -> None:
        await self.flow.user(text)

    async def click(self, title: str) -> None:
        await self.flow.click(title)

    async def fill(self, text: str) -> None:
        await self.flow.fill(text)

    async def board(self) -> Board | None:
        return await self.flow.components.service.board_for(self.flow.adapter_speaker())


class OverHttp:
    def __init__(self, teams: Teams) -> None:
        self.teams = teams

    async def say(self, text: str) -> None:
        assert (await self.teams.say(text)).status < 300

    async def click(self, title: str) -> None:
        assert (await self.teams.press(title)).status < 300

    async def fill(self, text: str) -> None:
        assert (await self.teams.fill(text)).status < 300

    async def board(self) -> Board | None:
        return await self.teams.board()


async def walk_the_whole_journey(person: Person) -> None:
    await person.say("stap 1")
    await person.fill("41234")
    await person.fill("Stichting De Linde")
    await person.click("Verder")
    await person.click("Ja, gedaan")
    await person.fill("2026-11-20")
    await person.click("School toevoegen")
    await person.fill("01AB")
    await person.say(QUESTION)  # a free question in the middle of a step
    await person.fill("De Regenboog")
    await person.fill("directeur")
    await person.click("School toevoegen")
    await person.fill("02CD")
    await person.fill("Het Kompas")
    await person.fill("administratief medewerker")
    await person.click("Klaar")

    await person.click("Stap 2 van 5 · LAS-leverancier inlichten")
    await person.click("01AB De Regenboog · nog geen LAS gekozen")
    await person.click("ParnasSys")
    await person.click("Verder")
    await person.click("Ja, gedaan")
    await person.click("02CD Het Kompas · nog geen LAS gekozen")
    await person.click("ESIS")
    await person.click("Verder")
    await person.click("Ja, gedaan")
    await person.click("Klaar")

    await person.say("stap 3")
    await person.click("Verder")
    for agreement in ("Nummervoorziening (Kennisnet)", "ParnasSys", "ESIS"):
        await person.click(f"{agreement} · Nog niet aangeboden")
        await person.click("Getekend retour")
        await person.click("De bestuurder")
    await person.click("Andere leverancier toevoegen")
    await person.fill("Uitgeverij Voorbeeld")
    await person.click("Deelnemer")
    await person.click("Verder")
    await person.click("Getekend retour")
    await person.click("Een gemandateerde")
    await person.fill("directeur bedrijfsvoering")
    await person.click("Klaar")

    await person.say("stap 4")
    await person.click("Verder")
    for colleague in ALERTED:  # the administration, then ICT: a name and an e-mail address each
        await person.say(colleague)

    await person.say("stap 5")
    await person.click("Verder")
    await person.click("Ja")

    await person.say("status")
    await person.say(FOR_A_PERSON)  # the bot cannot answer this one: it goes to a person
    await person.click("Vraag een medewerker")

    board = await person.board()
    assert board is not None and all(board.step(step).status == StepStatus.DONE for step in StepId)


def logged_at_info(caplog: pytest.LogCaptureFixture) -> str:
    records = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert records, "nothing was logged: the search below would prove nothing"
    return "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in records)


def assert_nothing_personal(logged: str, *more: str) -> None:
    for personal in (*PERSONAL, *more):
        assert personal.lower() not in logged.lower(), f"{personal!r} was logged"


@pytest.fixture
def settings(database_url: str) -> Settings:
    """A coordinator is configured, so that a question can go to a person. The journey takes far
    more than a minute's worth of messages, but the test's clock stands still: no rate limit."""
    return Settings(
        _env_file=None,
        database_url=database_url,
        coordinators_setting=COORDINATOR,
        messages_per_minute=10_000,
    )


@pytest.fixture
def info_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every logger at INFO, as `eckbot serve` sets them (libraries that log activities from WARNING)."""
    quiet_noisy_loggers(logging.INFO)
    caplog.set_level(logging.INFO)
    yield caplog


async def test_a_whole_journey_in_process_logs_nothing_personal(
    make_flow: Any, info_logs: pytest.LogCaptureFixture
) -> None:
    coordinator: Flow = make_flow(
        name="Carla Coördinator", user_id=COORDINATOR, tenant_id="tenant-c", conversation_id="personal-carla"
    )
    await coordinator.user("hallo")  # the coordinator has talked to the bot: reachable for tickets
    flow: Flow = make_flow(locale="nl")
    await flow.install()

    await walk_the_whole_journey(InProcess(flow))

    flow.bot_says("Uw vraag is doorgestuurd")
    assert_nothing_personal(logged_at_info(info_logs), "Carla Coördinator")


@pytest.fixture
async def served(
    settings: Settings,
    clock: FixedClock,
    connector: FakeConnector,
    content: Content,
    monkeypatch: pytest.MonkeyPatch,
) -> Any:
    """The real app on loopback, its web server configured exactly as `eckbot serve` configures it."""
    monkeypatch.setattr(bot.app, "load_checked_content", lambda *_: content)
    serve_options: dict[str, Any] = {}

    def run_app(app: web.Application, **options: Any) -> None:
        serve_options.update(options)

    monkeypatch.setattr(web, "run_app", run_app)  # what serve would run, captured
    bot.cli._serve(settings, "127.0.0.1", 0)
    runner_options = {
        k: v for k, v in serve_options.items() if k.startswith("access_log") or k.startswith("max_")
    }
    server = TestServer(create_app(settings, clock), host="127.0.0.1")
    await server.start_server(**runner_options)
    client: TestClient[Any, Any] = TestClient(server)
    await client.start_server()
    yield Teams(client, connector)
    await client.close()


async def test_a_whole_journey_over_http_logs_nothing_personal_nor_tokens(
    served: Teams, info_logs: pytest.LogCaptureFixture
) -> None:
    logging.getLogger("aiohttp.access").setLevel(logging.INFO)  # whatever serve decided, it may speak
    coordinator = dict(served.payload("personal-message.json"))
    coordinator.update(
        id="c-1",
        text="hallo",
        conversation=dict(coordinator["conversation"], id="a:coordinatorchat"),
        **{"from": {"id": "29:carla", "name": "Carla Coördinator", "aadObjectId": COORDINATOR}},
    )
    assert (await served.post(coordinator)).status < 300
    await served.send("conversation-update-bot-added-personal.json")

    await walk_the_whole_journey(OverHttp(served))

    components: Components = served.client.app[COMPONENTS]
    token = await components.coordination.dashboard_link_token(COORDINATOR)
    async with served.client.get(
        "/dashboard/login", params={"token": token}, allow_redirects=False
    ) as signed_in:
        assert signed_in.status == 303
        session = signed_in.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]
    assert_nothing_personal(logged_at_info(info_logs), "Carla Coördinator", token, session)
