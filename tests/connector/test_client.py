"""The pooled connector client against a fake connector and a fake login endpoint on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from botbuilder.core import MessageFactory
from botbuilder.schema import ChannelAccount, ConversationParameters

from bot.connector.client import ConnectorError
from bot.connector.pool import ConnectorPool
from bot.connector.tokens import TokenUnavailable
from tests.http.fake_connector import FakeConnector
from tests.http.fake_login import FakeLogin

APP_ID = "00000000-0000-0000-0000-000000000001"


@pytest.fixture
async def pool(login: FakeLogin) -> AsyncIterator[ConnectorPool]:
    connectors = ConnectorPool(APP_ID, "secret", login.token_url)
    yield connectors
    await connectors.close()


async def test_a_token_teams_refuses_is_replaced_for_the_next_reply(
    pool: ConnectorPool, connector: FakeConnector, login: FakeLogin
) -> None:
    client = await pool.create(connector.service_url)
    connector.refuse_with = 401

    with pytest.raises(ConnectorError) as refused:
        await client.conversations.send_to_conversation("a:1", MessageFactory.text("Hallo"))
    assert refused.value.status == 401

    connector.refuse_with = None
    await client.conversations.send_to_conversation("a:1", MessageFactory.text("Hallo"))
    assert [call.authorization for call in connector.outbox()] == ["Bearer token-2"]
    assert len(login.requests) == 2


async def test_throttling_is_reported_with_its_retry_after(
    pool: ConnectorPool, connector: FakeConnector
) -> None:
    client = await pool.create(connector.service_url)
    connector.refuse_with, connector.retry_after = 429, "7"

    with pytest.raises(ConnectorError) as throttled:
        await client.conversations.reply_to_activity("a:1", "1700", MessageFactory.text("Hallo"))

    assert (throttled.value.status, throttled.value.retry_after) == (429, 7.0)


async def test_without_a_token_nothing_is_sent(
    pool: ConnectorPool, connector: FakeConnector, login: FakeLogin
) -> None:
    client = await pool.create(connector.service_url)
    login.failing = True

    with pytest.raises(TokenUnavailable):
        await client.conversations.send_to_conversation("a:1", MessageFactory.text("Hallo"))

    assert len(connector.outbox()) == 0


async def test_conversation_ids_are_escaped_in_the_path(
    pool: ConnectorPool, connector: FakeConnector
) -> None:
    client = await pool.create(connector.service_url)
    conversation = "19:channel@thread.tacv2;messageid=1700"

    await client.conversations.update_activity(conversation, "1:card", MessageFactory.text("Bijgewerkt"))

    call = connector.outbox().calls[0]
    assert (
        call.raw_path
        == "/v3/conversations/19%3Achannel%40thread.tacv2%3Bmessageid%3D1700/activities/1%3Acard"
    )
    assert call.conversation_id == conversation
    assert call.route == "update"


async def test_one_client_per_service_url(pool: ConnectorPool, connector: FakeConnector) -> None:
    first = await pool.create(connector.service_url)

    assert await pool.create(connector.service_url) is first
    assert await pool.create("https://smba.trafficmanager.net/emea/") is not first


async def test_a_one_to_one_chat_is_opened_and_its_id_returned(
    pool: ConnectorPool, connector: FakeConnector
) -> None:
    client = await pool.create(connector.service_url)
    parameters = ConversationParameters(
        bot=ChannelAccount(id="28:bot"), members=[ChannelAccount(id="29:colleague")], tenant_id="t"
    )

    created = await client.conversations.create_conversation(parameters)

    call = connector.outbox().calls[0]
    assert call.route == "create_conversation"
    assert call.body["members"] == [{"id": "29:colleague"}]
    assert created.id is not None and created.id.startswith("connector-")


async def test_the_roster_of_a_chat_is_read(pool: ConnectorPool, connector: FakeConnector) -> None:
    client = await pool.create(connector.service_url)
    connector.roster = [{"id": "29:anne", "name": "Anne de Vries", "aadObjectId": "6b2f", "userRole": "user"}]

    members = await client.conversations.get_conversation_members("19:team@thread.tacv2")

    assert [(m.id, m.name, m.aad_object_id) for m in members] == [("29:anne", "Anne de Vries", "6b2f")]
    assert members[0].additional_properties == {"userRole": "user"}


async def test_a_message_is_deleted(pool: ConnectorPool, connector: FakeConnector) -> None:
    client = await pool.create(connector.service_url)

    await client.conversations.delete_activity("a:1", "1:card")

    assert [(c.method, c.route, c.activity_id) for c in connector.outbox()] == [
        ("DELETE", "delete", "1:card")
    ]
