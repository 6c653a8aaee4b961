"""Who sees which board: colleagues share one, other organisations never see it."""

from __future__ import annotations

from collections.abc import Callable

from tests.flow import Flow


async def board_with_school(flow: Flow, number: str, name: str, brin: str, school: str) -> None:
    await flow.user("stap 1")
    await flow.user(number)
    await flow.user(name)
    await flow.user("verder")
    await flow.user("ja")
    await flow.user("vandaag")
    await flow.user("toevoegen")
    await flow.user(brin)
    await flow.user(school)
    await flow.user("directeur")
    await flow.user("klaar")


async def test_two_boards_in_one_database_never_see_each_other(make_flow: Callable[..., Flow]) -> None:
    anne = make_flow(tenant_id="tenant-a", user_id="anne", name="Anne", conversation_id="chat-anne")
    piet = make_flow(tenant_id="tenant-b", user_id="piet", name="Piet", conversation_id="chat-piet")
    await board_with_school(anne, "41234", "Stichting De Linde", "01AB", "De Regenboog")

    await piet.user("stap 1")
    await piet.user("41234")  # Anne's number, typed by someone of another organisation
    piet.bot_says("al in gebruik bij een andere organisatie", "Wat is het bevoegd-gezagnummer")
    piet.bot_does_not_say("Stichting De Linde", "De Regenboog")
    await board_with_school(piet, "55555", "Scholengroep Oost", "09ZZ", "De Esch")

    await anne.user("status")
    anne.bot_says("Stichting De Linde", "De Regenboog")
    anne.bot_does_not_say("Scholengroep Oost", "De Esch", "09ZZ")
    await piet.user("status")
    piet.bot_says("Scholengroep Oost", "09ZZ De Esch")
    piet.bot_does_not_say("Stichting De Linde", "De Regenboog", "01AB")


async def test_a_colleague_of_the_same_organisation_continues_the_same_board(
    make_flow: Callable[..., Flow],
) -> None:
    anne = make_flow(user_id="anne", name="Anne", conversation_id="chat-anne")
    bram = make_flow(user_id="bram", name="Bram", conversation_id="chat-bram")
    await board_with_school(anne, "41234", "Stichting De Linde", "01AB", "De Regenboog")

    await bram.user("status")
    bram.bot_says("Er is nog geen bestuur gekoppeld")
    await bram.user("stap 2")
    await bram.user("41234")
    bram.bot_says("Gekoppeld aan Stichting De Linde (41234)", "Voor welke school")
    await bram.user("01AB")
    await bram.user("esis")
    await bram.user("verder")
    await bram.user("ja")
    await bram.user("klaar")

    await anne.user("status")
    anne.bot_says("01AB De Regenboog: ESIS ingelicht", "Klaar · 23-11-2026 10:15 · Bram")


async def test_the_bot_in_a_team_channel_shares_the_board_with_the_whole_team(
    make_flow: Callable[..., Flow],
) -> None:
    def in_channel(user: str, thread: str) -> Flow:
        return make_flow(
            user_id=user,
            name=user.title(),
            conversation_type="channel",
            conversation_id=f"19:general@thread.tacv2;messageid={thread}",
            team_id="19:team@thread.tacv2",
        )

    anne = in_channel("anne", "1")
    await board_with_school(anne, "41234", "Stichting De Linde", "01AB", "De Regenboog")
    kees = in_channel("kees", "2")  # another colleague, in another thread of the same team
    await kees.user("voortgang")
    kees.bot_says("Voortgang van Stichting De Linde (41234)", "01AB De Regenboog")
