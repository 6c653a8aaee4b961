"""“mijn gegevens”: a person sees, on one card, what the bot keeps about them, and nothing of anyone else."""

from __future__ import annotations

from collections.abc import Callable

from bot.composition import Components
from tests.flow import Flow
from tests.privacy.conftest import REFERENCE, People, ask_a_person


async def test_my_data_shows_my_board_what_i_did_and_my_questions(
    components: Components, people: People
) -> None:
    await ask_a_person(components, people.anne, people.board, "Moet elke school apart tekenen?")
    await ask_a_person(components, people.bert, people.board, "Wie is onze contactpersoon bij ESIS?")

    await people.anne.user("mijn gegevens")

    people.anne.bot_says(
        "Wat de wegwijzer over u bewaart",
        "Stichting De Linde (41234)",
        "U heeft dit bestuur in de wegwijzer aangemaakt",
        "Uw naam zoals vastgelegd: Anne de Vries",
        "“Moet elke school apart tekenen?” (nog open)",
    )
    people.anne.bot_does_not_say("Bert Jansen", "Wie is onze contactpersoon", "Clara", "Elders")
    assert "Verwijder mijn gegevens" in people.anne.buttons()


async def test_a_colleague_who_joined_is_not_the_bestuurder(people: People) -> None:
    await people.bert.user("my data")

    people.bert.bot_says("Stichting De Linde (41234)", "Uw naam zoals vastgelegd: Bert Jansen")
    people.bert.bot_does_not_say("aangemaakt", "Anne de Vries")


async def test_reminder_choice_and_reachability_are_shown(components: Components, people: People) -> None:
    anne = people.speaker(people.anne).actor.key
    await components.outbox.save_reference(anne, REFERENCE, components.service.now())
    await components.outbox.set_reminders(anne, False, components.service.now())

    await people.anne.user("mijn gegevens")

    people.anne.bot_says("Herinneringen: uit.", "in uw persoonlijke chat kan bereiken")


async def test_someone_the_bot_never_met_is_told_it_keeps_nothing(make_flow: Callable[..., Flow]) -> None:
    stranger = make_flow(name="Dirk", user_id="user-dirk", conversation_id="personal-dirk", locale="en")

    await stranger.user("my data")

    stranger.bot_says("What the bot keeps about you", "The bot keeps nothing about you.")
    assert stranger.buttons() == []


async def test_in_a_team_channel_it_points_to_the_personal_chat(make_flow: Callable[..., Flow]) -> None:
    in_team = make_flow(
        conversation_id="19:general@thread.tacv2", conversation_type="channel", team_id="team-1"
    )

    for command in ("mijn gegevens", "verwijder mijn gegevens", "exporteer bestuur", "verwijder bestuur"):
        await in_team.user(command)
        in_team.bot_says("Dit kan alleen in uw persoonlijke chat")
        in_team.bot_does_not_say("Wat de wegwijzer over u bewaart", "Ja, verwijder")
