"""Two Teams organisations, each with its own board, on one bot: a world in which one person
tries to see the other board.

Tenant "noord" holds board Alfa (Anne speaks for it); tenant "zuid" holds board Bravo (Bram).
Each tenant is its own program, with its own coordinator. Every test acts as someone who must
not see Bravo, and checks that nothing of Bravo (its name, number, school, its member's name,
its id) is in any reply.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from botbuilder.schema import Activity

from bot.config import Settings
from bot.onboarding.models import Board, StepId
from bot.onboarding.recorders import Answer
from bot.onboarding.service import Speaker
from bot.turns import speaker_of
from tests.http.conftest import StartBot, loopback_only, start_bot, teams  # noqa: F401  (fixtures: the app on loopback)
from tests.http.fake_connector import FakeConnector
from tests.http.teams import Answer as Reply
from tests.http.teams import Teams

NOORD = "11111111-aaaa-4aaa-8aaa-000000000001"
ZUID = "22222222-bbbb-4bbb-8bbb-000000000002"
FOREIGN = "99999999-ffff-4fff-8fff-000000000009"

ALFA_NUMBER, ALFA_NAME, ALFA_SCHOOL = "11111", "Stichting Alfa", "11AA"
BRAVO_NUMBER, BRAVO_NAME, BRAVO_SCHOOL = "22222", "Stichting Bravo Zuidwaarts", "22BB"
BRAVO_ASKS = "mag onze conciërge in Zuidwaarts de koffiepot beheren?"  # a question nobody answers


@dataclass(frozen=True)
class Person:
    tenant: str
    oid: str
    name: str
    chat: str  # their personal chat with the bot

    @property
    def user_id(self) -> str:
        return f"29:{self.oid[:8]}"


ANNE = Person(NOORD, "aaaaaaaa-0000-4000-8000-00000000a001", "Anne Alfa", "a:anne-personal")
BRAM = Person(ZUID, "bbbbbbbb-0000-4000-8000-00000000b001", "Bram Bravo", "a:bram-personal")
CORA = Person(NOORD, "cccccccc-0000-4000-8000-00000000c001", "Cora Noordcoördinator", "a:cora-personal")
ZEF = Person(ZUID, "dddddddd-0000-4000-8000-00000000d001", "Zef Zuidcoördinator", "a:zef-personal")

# What of Bravo must never reach anyone outside zuid (its id is added per test: it is random).
BRAVO_SECRETS = (BRAVO_NAME, "Zuidwaarts", BRAVO_NUMBER, BRAVO_SCHOOL, BRAM.name, "koffiepot")


def as_person(payload: dict[str, Any], person: Person) -> dict[str, Any]:
    """A Teams payload as this person sends it from their own tenant and personal chat."""
    payload["from"] = {"id": person.user_id, "name": person.name, "aadObjectId": person.oid}
    conversation: dict[str, Any] = payload.get("conversation") or {}
    payload["conversation"] = dict(conversation, id=person.chat, tenantId=person.tenant)
    channel_data: dict[str, Any] = (
        payload["channelData"] if isinstance(payload.get("channelData"), dict) else {}
    )
    payload["channelData"] = dict(channel_data, tenant={"id": person.tenant})
    return payload


class PersonTeams(Teams):
    """Teams as one person uses it: every payload comes from them (say, fill, press, execute)."""

    def __init__(
        self,
        client: TestClient[web.Request, web.Application],
        connector: FakeConnector,
        person: Person,
        first: int,
    ) -> None:
        super().__init__(client, connector, first_id=first)
        self.person = person

    def payload(self, name: str, **changes: Any) -> dict[str, Any]:
        return as_person(super().payload(name, **changes), self.person)

    def speaker(self, name: str = "personal-message.json") -> Speaker:
        return speaker_of(Activity().deserialize(self.payload(name)))


@dataclass
class World:
    teams: Teams
    alfa: Board
    bravo: Board
    _people: dict[Person, PersonTeams] = field(default_factory=dict)

    def as_(self, person: Person) -> PersonTeams:
        if person not in self._people:  # one per person, so that activity ids never repeat
            first = 10_000 * (len(self._people) + 1)
            self._people[person] = PersonTeams(self.teams.client, self.teams.connector, person, first)
        return self._people[person]

    @property
    def secrets(self) -> tuple[str, ...]:
        return (*BRAVO_SECRETS, self.bravo.id)

    def assert_nothing_of_bravo(self, *seen: Reply | str | bytes, typed: str = "") -> None:
        """TYPED: what the asker typed themselves (a search, an id in a URL), which a page may echo."""
        for text in _texts(seen):
            for secret in self.secrets:
                if secret != typed:
                    assert secret not in text, f"{secret!r} leaked:\n{text[:2000]}"


def _texts(seen: Iterable[Reply | str | bytes]) -> list[str]:
    texts = []
    for item in seen:
        if isinstance(item, bytes):
            texts.append(item.decode("utf-8", "replace"))
        elif isinstance(item, str):
            texts.append(item)
        else:  # the HTTP answer and everything sent to the connector meanwhile, as raw JSON
            texts.append(item.text)
            texts.append(json.dumps([call.body for call in item.sent], ensure_ascii=False))
    return texts


def world_settings(settings: Settings, **changes: Any) -> Settings:
    return settings.model_copy(
        update={
            "allowed_tenants_setting": f"{NOORD},{ZUID}",
            "programs_setting": f"noord={NOORD};zuid={ZUID}",
            "coordinators_setting": f"noord:{CORA.oid},zuid:{ZEF.oid}",
            **changes,
        }
    )


async def make_board(person: PersonTeams, number: str, name: str, school: str) -> Board:
    """The person's board, walked through the real service: a name, a school on ESIS, told."""
    service = person.components.service
    speaker = person.speaker()
    board = await service.identify_board(speaker, number)
    step1, step2 = StepId.NUMMERVOORZIENING, StepId.LAS
    await service.record(speaker, board.id, step1, "set_board_name", Answer(name))
    await service.record(speaker, board.id, step1, "add_school", Answer(school))
    await service.record(speaker, board.id, step2, "set_school_las", Answer("esis", school))
    outcome = await service.record(speaker, board.id, step2, "set_supplier_told", Answer("yes", school))
    return outcome.board


@pytest.fixture
async def world(start_bot: StartBot, settings: Settings) -> World:  # noqa: F811
    bot = await start_bot(world_settings(settings))
    people = World(bot, alfa=None, bravo=None)  # type: ignore[arg-type]
    for person in (ANNE, BRAM, CORA, ZEF):
        await people.as_(person).say("hallo")  # welcomes behind them
    people.alfa = await make_board(people.as_(ANNE), ALFA_NUMBER, ALFA_NAME, ALFA_SCHOOL)
    people.bravo = await make_board(people.as_(BRAM), BRAVO_NUMBER, BRAVO_NAME, BRAVO_SCHOOL)
    return people
