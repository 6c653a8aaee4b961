"""A rendered card as an activity to send: the JSON goes out as it is, without a model round trip."""

from __future__ import annotations

from typing import Any

from botbuilder.core import CardFactory, MessageFactory
from botbuilder.schema import Activity

from bot.connector.wire import JsonAttachment


def card_activity(card: Any) -> Activity:
    activity: Activity = MessageFactory.attachment(
        JsonAttachment(content_type=CardFactory.content_types.adaptive_card, content=card)
    )
    return activity
