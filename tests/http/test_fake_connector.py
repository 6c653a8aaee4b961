"""The fake connector itself: its four routes, Teams-style ids, and what it reads back as seen."""

from __future__ import annotations

from urllib.parse import quote

import aiohttp

from tests.http.fake_connector import ADAPTIVE_CARD, FakeConnector

CHANNEL_THREAD = "19:channelid@thread.tacv2;messageid=1700000000000"


def card_message(text: str) -> dict[str, object]:
    card = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": text}]}
    return {"type": "message", "attachments": [{"contentType": ADAPTIVE_CARD, "content": card}]}


async def test_each_route_records_the_call_and_answers_an_id(connector: FakeConnector) -> None:
    conversation = quote(CHANNEL_THREAD, safe="")  # as botbuilder (msrest) encodes a path segment
    base = f"{connector.service_url}v3/conversations"
    async with aiohttp.ClientSession() as session:
        calls = [
            ("POST", f"{base}/{conversation}/activities/1700000000001", {"type": "message", "text": "hoi"}),
            ("POST", f"{base}/{conversation}/activities", card_message("Een kaart")),
            ("PUT", f"{base}/{conversation}/activities/1700000000000", card_message("Bijgewerkt")),
            ("POST", base, {"isGroup": False, "members": [{"id": "29:someone"}]}),
        ]
        for method, url, body in calls:
            headers = {"Authorization": "Bearer token"}
            async with session.request(method, url, json=body, headers=headers) as response:
                assert response.status == 200
                assert isinstance((await response.json())["id"], str)

    routes = [(c.route, c.conversation_id, c.activity_id) for c in connector.calls]
    assert routes == [
        ("reply", CHANNEL_THREAD, "1700000000001"),
        ("send", CHANNEL_THREAD, None),
        ("update", CHANNEL_THREAD, "1700000000000"),
        ("create_conversation", None, None),
    ]
    assert all(c.authorization == "Bearer token" for c in connector.calls)
    seen = connector.outbox()
    assert seen.texts() == ["hoi"]
    assert [card["body"][0]["text"] for card in seen.cards()] == ["Een kaart"]  # updates are not new cards
    assert seen.transcript() == "hoi\nEen kaart"
    [update] = seen.updates()
    assert update.activity["attachments"][0]["content"]["body"][0]["text"] == "Bijgewerkt"


async def test_since_a_mark_only_later_calls_count(connector: FakeConnector) -> None:
    url = f"{connector.service_url}v3/conversations/a%3A1/activities"
    async with aiohttp.ClientSession() as session:
        await session.post(url, json={"type": "message", "text": "eerst"})
        mark = connector.mark()
        await session.post(url, json={"type": "message", "text": "daarna"})

    assert connector.since(mark).texts() == ["daarna"]
    assert connector.outbox().texts() == ["eerst", "daarna"]
