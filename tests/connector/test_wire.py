"""What goes over the wire is exactly what botbuilder's msrest models would send and read.

The bot reads activities and writes replies with bot/connector/wire.py instead of msrest, which
is several times slower. Teams must not see the difference: these tests compare both, on Teams'
own payloads and on every kind of activity the bot sends.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from botbuilder.core import MessageFactory
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    CardAction,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    Mention,
    SuggestedActions,
)
from msrest.serialization import Model

from bot.connector.wire import WireError, from_wire, to_wire
from bot.content import Content
from dialogs.activities import card_activity
from dialogs.overview import menu_card
from tests.conftest import SHARED

PAYLOADS = sorted((SHARED / "protocol").glob("*.json"))


def fields(value: Any) -> Any:
    """A model as nested plain data, with its class names, for a deep comparison."""
    if isinstance(value, Model):
        return (type(value).__name__, {k: fields(v) for k, v in vars(value).items()})
    if isinstance(value, list):
        return [fields(v) for v in value]
    if isinstance(value, dict):
        return {k: fields(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize("path", PAYLOADS, ids=lambda p: p.name)
def test_every_teams_payload_reads_as_msrest_reads_it(path: Any) -> None:
    payload = json.loads(path.read_text(encoding="utf-8"))
    payload["somethingNew"] = {"added": "by a later Teams version"}

    assert fields(from_wire(Activity, payload)) == fields(Activity().deserialize(payload))


@pytest.mark.parametrize("path", PAYLOADS, ids=lambda p: p.name)
def test_every_teams_payload_writes_back_as_msrest_writes_it(path: Any) -> None:
    activity = Activity().deserialize(json.loads(path.read_text(encoding="utf-8")))

    assert to_wire(activity) == activity.serialize()


def replies(content: Content) -> list[Activity]:
    """The kinds of activity the bot sends: text, cards, updates, mentions, suggested actions."""
    conversation = ConversationAccount(id="a:1", conversation_type="personal", tenant_id="t")
    bot = ChannelAccount(id="28:bot", name="ECK iD wegwijzer")
    user = ChannelAccount(id="29:user", name="Anne de Vries", aad_object_id="6b2f")
    text = MessageFactory.text("Welkom bij de ECK iD wegwijzer ✔")
    card = card_activity(menu_card(content, "nl", None, True))
    update = copy.copy(card)
    update.id = "1:card"
    mention = MessageFactory.text("<at>Anne de Vries</at> is aan de beurt")
    mention.entities = [Mention(mentioned=user, text="<at>Anne de Vries</at>", type="mention")]
    buttons = MessageFactory.text("Kies")
    buttons.suggested_actions = SuggestedActions(actions=[CardAction(type="imBack", title="Ja", value="ja")])
    dated = Activity(
        type=ActivityTypes.message,
        text="x",
        timestamp=datetime(2026, 11, 23, 10, 15, 0, 120000, tzinfo=timezone(timedelta(hours=1))),
        local_timestamp=datetime(2026, 11, 23, 9, 15, tzinfo=UTC),
        channel_data={"notification": {"alert": True}, "count": 3, "nested": [{"a": None}]},
        value={"prompt": "abc", "when": datetime(2026, 1, 1, tzinfo=UTC)},
    )
    invoke_response = Activity(type=ActivityTypes.invoke_response, value={"status": 200, "body": {}})
    sent = [text, card, update, mention, buttons, dated, invoke_response]
    for activity in sent:
        activity.conversation, activity.from_property, activity.recipient = conversation, bot, user
        activity.reply_to_id = "1700000000001"
    return sent


def test_every_kind_of_reply_is_written_as_msrest_writes_it(content: Content) -> None:
    for activity in replies(content):
        assert to_wire(activity) == activity.serialize(), activity.text


def test_a_new_conversation_request_is_written_as_msrest_writes_it() -> None:
    parameters = ConversationParameters(
        is_group=False,
        bot=ChannelAccount(id="28:bot"),
        members=[ChannelAccount(id="29:colleague")],
        tenant_id="t",
        channel_data={"tenant": {"id": "t"}},
    )

    assert to_wire(parameters) == parameters.serialize()


@pytest.mark.parametrize(
    "field, value",
    [("type", ["message"]), ("from", "29:someone"), ("membersAdded", {"id": "x"}), ("timestamp", 12)],
)
def test_a_field_of_the_wrong_type_is_refused(field: str, value: Any) -> None:
    payload = {"type": "message", "serviceUrl": "https://x/", "conversation": {"id": "a:1"}, field: value}

    with pytest.raises(WireError):
        from_wire(Activity, payload)


def test_timestamps_keep_their_moment() -> None:
    activity = from_wire(Activity, {"type": "message", "localTimestamp": "2026-11-23T10:15:00.1234567+01:00"})

    assert activity.local_timestamp == datetime(2026, 11, 23, 9, 15, 0, 123456, tzinfo=UTC)
