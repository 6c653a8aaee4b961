"""Two instances of the bot behind a load balancer, on one database: each has its own app, engine
and connection pool, as two servers would. Every request goes to the other instance than the one
before, so a conversation hops between them at every turn."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

from bot.config import Settings
from bot.onboarding.models import Actor, StepId, StepStatus
from bot.onboarding.recorders import Answer as Given
from bot.onboarding.service import Speaker
from tests.http.conftest import StartBot
from tests.http.fake_connector import card_lines
from tests.http.teams import Answer, Teams


class LoadBalancer:
    """Round robin over the instances, as a load balancer without sticky sessions spreads turns."""

    def __init__(self, *instances: Teams) -> None:
        self.instances = instances
        self._next = itertools.cycle(instances)
        self.served = dict.fromkeys(range(len(instances)), 0)

    def _pick(self) -> Teams:
        chosen = next(self._next)
        self.served[self.instances.index(chosen)] += 1
        return chosen

    async def say(self, text: str, **changes: Any) -> Answer:
        return await self._pick().say(text, **changes)

    async def press(self, title: str) -> Answer:
        return await self._pick().press(title)

    async def fill(self, text: str) -> Answer:
        return await self._pick().fill(text)

    def transcript(self) -> str:
        return self.instances[0].connector.outbox().transcript()


async def two_instances(start_bot: StartBot, settings: Settings) -> tuple[Teams, Teams]:
    first = await start_bot(settings)
    second = await start_bot(settings)
    # One Teams, two servers: activity ids stay unique across both.
    return first, Teams(second.client, second.connector, first_id=50_000)


async def walk_step1(bot: LoadBalancer) -> None:
    opened = await bot.say("stap 1")
    assert "Wat is het bevoegd-gezagnummer van uw bestuur?" in card_lines(opened.sent.last_card())
    await bot.fill("41234")
    await bot.fill("Stichting De Linde")
    await bot.press("Verder")
    await bot.press("Ja, gedaan")
    await bot.fill("2026-11-20")
    for brin, name, contact in (("01AB", "De Regenboog", "directeur"), ("02CD", "Het Kompas", "conciërge")):
        await bot.press("School toevoegen")
        await bot.fill(brin)
        await bot.fill(name)
        await bot.fill(contact)
    done = await bot.press("Klaar")
    assert "Stap 1, Aanmelden bij Nummervoorziening, is klaar." in done.sent.transcript()


async def test_a_journey_hopping_between_two_instances_completes(
    start_bot: StartBot, settings: Settings
) -> None:
    first, second = await two_instances(start_bot, settings)
    bot = LoadBalancer(first, second)

    await walk_step1(bot)
    await bot.press("Stap 2 van 5 · LAS-leverancier inlichten")
    await bot.press("01AB De Regenboog · nog geen LAS gekozen")
    await bot.press("ParnasSys")
    await bot.press("Verder")
    await bot.press("Ja, gedaan")
    await bot.press("02CD Het Kompas · nog geen LAS gekozen")
    await bot.press("ESIS")
    await bot.press("Verder")
    await bot.press("Ja, gedaan")
    done = await bot.press("Klaar")
    assert "Stap 2, LAS-leverancier inlichten, is klaar." in done.sent.transcript()

    await bot.say("stap 3")
    await bot.press("Verder")
    for agreement in ("Nummervoorziening (Kennisnet)", "ParnasSys", "ESIS"):
        await bot.press(f"{agreement} · Nog niet aangeboden")
        await bot.press("Getekend retour")
        await bot.press("De bestuurder")
    done = await bot.press("Klaar")
    assert "Stap 3, Privacy: verwerkersovereenkomsten, is klaar." in done.sent.transcript()

    await bot.say("stap 4")
    await bot.press("Verder")
    await bot.press("Ja, gedaan")
    await bot.fill("administratie alle scholen")
    await bot.press("Ja, gedaan")
    done = await bot.fill("ICT-coördinator")
    assert "Stap 4, Administratie en ICT inlichten, is klaar." in done.sent.transcript()

    await bot.say("stap 5")
    await bot.press("Verder")
    done = await bot.press("Ja")
    assert "Alle vijf stappen zijn klaar." in done.sent.transcript()

    status = await bot.say("status")
    assert "Alle vijf stappen zijn klaar" in status.sent.transcript()
    assert "02CD Het Kompas: ESIS ingelicht" in status.sent.transcript()
    for instance in (first, second):  # both instances see the same, finished board
        board = await instance.board()
        assert board is not None
        assert all(board.step(step).status == StepStatus.DONE for step in StepId)
        assert sorted(s.brin for s in board.schools) == ["01AB", "02CD"]
    assert min(bot.served.values()) > 10, bot.served
    assert "Dat begreep ik niet" not in bot.transcript()


async def test_fifty_answers_to_one_board_through_two_instances_all_land(
    start_bot: StartBot, settings: Settings
) -> None:
    first, second = await two_instances(start_bot, settings)
    anne = Speaker("tenant-a", Actor(key="anne", name="Anne de Vries"))
    board = await first.components.service.identify_board(anne, "41234")
    services = (first.components.service, second.components.service)
    brins = [f"{n:02d}AB" for n in range(50)]

    results = await asyncio.gather(
        *(
            services[n % 2].record(anne, board.id, StepId.NUMMERVOORZIENING, "add_school", Given(brin))
            for n, brin in enumerate(brins)
        ),
        return_exceptions=True,
    )

    assert [type(r).__name__ for r in results if isinstance(r, BaseException)] == []
    stored = await second.components.service.board_for(anne)
    assert stored is not None
    assert sorted(s.brin for s in stored.schools) == brins
    assert stored.version == 1 + len(brins)
    added = [
        e for e in await second.components.service.history(anne, board.id, 200) if e.kind == "school.added"
    ]
    assert len(added) == len(brins)
