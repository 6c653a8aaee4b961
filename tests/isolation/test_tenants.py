"""Only allow-listed Microsoft 365 tenants get in; any other gets 403 and leaves nothing behind."""

from __future__ import annotations

import pytest
from botbuilder.schema import Activity

from bot.config import Settings
from bot.tenants import NO_TENANT, TENANT_NOT_ALLOWED, activity_tenant, tenant_refusal
from tests.http.conftest import StartBot
from tests.http.teams import Teams, stored_rows
from tests.isolation.conftest import (
    FOREIGN,
    NOORD,
    ZUID,
    Person,
    PersonTeams,
    as_person,
    world_settings,
)

STRANGER = Person(FOREIGN, "eeeeeeee-0000-4000-8000-00000000e001", "Eve Elders", "a:eve-personal")
BEA = Person(ZUID, "bbbbbbbb-0000-4000-8000-00000000b002", "Bea Zuid", "a:bea-personal")

EVERYTHING_A_PERSON_SENDS = [
    "conversation-update-bot-added-personal.json",
    "installation-update-add-personal.json",
    "personal-message.json",
    "invoke-adaptive-card-execute.json",
    "message-action-submit.json",
    "conversation-update-bot-added-team.json",
    "channel-message-with-mention.json",
    "groupchat-message-with-mention.json",
]


def activity(tenant: str | None = None, conversation_tenant: str | None = None) -> Activity:
    body: dict[str, object] = {"type": "message", "conversation": {"id": "a:1"}}
    if tenant is not None:
        body["channelData"] = {"tenant": {"id": tenant}}
    found = Activity().deserialize(body)
    found.conversation.tenant_id = conversation_tenant
    return found


def as_teams(teams: Teams, person: Person) -> PersonTeams:
    return PersonTeams(teams.client, teams.connector, person, 500)


# the decision


def test_an_empty_list_admits_every_tenant_and_an_activity_without_one() -> None:
    assert tenant_refusal(activity(FOREIGN), frozenset()) is None
    assert tenant_refusal(activity(), frozenset()) is None


def test_a_listed_tenant_is_admitted_whatever_its_case_and_where_teams_names_it() -> None:
    allowed = frozenset({NOORD})
    assert tenant_refusal(activity(NOORD.upper()), allowed) is None
    assert tenant_refusal(activity(conversation_tenant=NOORD), allowed) is None


def test_another_tenant_or_none_at_all_is_refused_when_a_list_is_set() -> None:
    allowed = frozenset({NOORD})
    assert tenant_refusal(activity(FOREIGN), allowed) == TENANT_NOT_ALLOWED
    assert tenant_refusal(activity(), allowed) == NO_TENANT
    assert tenant_refusal(activity(""), allowed) == NO_TENANT
    # channelData names the tenant the board would be kept under: a listed conversation tenant
    # does not let another channelData tenant in.
    assert tenant_refusal(activity(FOREIGN, conversation_tenant=NOORD), allowed) == TENANT_NOT_ALLOWED
    assert activity_tenant(activity(FOREIGN, conversation_tenant=NOORD)) == FOREIGN


def test_the_tenant_checked_is_the_tenant_a_board_would_be_kept_under() -> None:
    """botbuilder reads conversation.tenantID, not Teams' tenantId: a payload that names its tenant
    only there has, for the bot, no tenant, and is refused rather than kept under a default one."""
    found = Activity().deserialize({"type": "message", "conversation": {"id": "a:1", "tenantId": NOORD}})
    assert tenant_refusal(found, frozenset({NOORD})) == NO_TENANT


def test_a_single_tenant_bot_admits_only_its_own_tenant_unless_a_list_is_set() -> None:
    own = Settings(_env_file=None, app_type="SingleTenant", app_tenant_id=NOORD.upper())
    assert own.allowed_tenants == frozenset({NOORD})
    listed = own.model_copy(update={"allowed_tenants_setting": f"{NOORD}, {ZUID}"})
    assert listed.allowed_tenants == frozenset({NOORD, ZUID})
    assert Settings(_env_file=None).allowed_tenants == frozenset()


# over HTTP


@pytest.mark.parametrize("payload", EVERYTHING_A_PERSON_SENDS)
async def test_a_foreign_tenant_gets_403_and_nothing_is_stored(
    start_bot: StartBot, settings: Settings, payload: str
) -> None:
    teams = await start_bot(world_settings(settings))
    before = stored_rows(settings.database_url)

    answer = await teams.post(as_person(teams.payload(payload), STRANGER))

    assert answer.status == 403, answer.text
    assert len(answer.sent) == 0  # not a word to the stranger: no welcome, no refusal card
    assert stored_rows(settings.database_url) == before


async def test_an_activity_without_a_tenant_gets_403_when_a_list_is_set(
    start_bot: StartBot, settings: Settings
) -> None:
    teams = await start_bot(world_settings(settings))
    before = stored_rows(settings.database_url)
    payload = teams.payload("personal-message.json")
    payload.pop("channelData")
    payload["conversation"].pop("tenantId")

    answer = await teams.post(payload)

    assert answer.status == 403
    assert len(answer.sent) == 0
    assert stored_rows(settings.database_url) == before


async def test_a_foreign_tenant_cannot_claim_a_board_by_typing_its_number(
    start_bot: StartBot, settings: Settings
) -> None:
    teams = await start_bot(world_settings(settings))
    stranger = as_teams(teams, STRANGER)

    for text in ("stap 1", "22222", "status"):
        assert (await stranger.say(text)).status == 403
    assert stored_rows(settings.database_url)["boards"] == 0


async def test_an_allow_listed_second_tenant_gets_in(start_bot: StartBot, settings: Settings) -> None:
    teams = await start_bot(world_settings(settings))
    bea = as_teams(teams, BEA)

    welcome = await bea.send("conversation-update-bot-added-personal.json")
    opened = await bea.say("stap 1")

    assert welcome.status in (200, 201) and welcome.sent.posted()
    assert opened.status in (200, 201)
    assert "bevoegd-gezagnummer" in opened.sent.transcript()


async def test_without_a_list_any_tenant_is_served(teams: Teams) -> None:
    answer = await as_teams(teams, STRANGER).say("hallo")

    assert answer.status in (200, 201)
    assert answer.sent.posted()
