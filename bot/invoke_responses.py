"""What an Action.Execute click gets back: a card that replaces the clicked one, or a short message."""

from __future__ import annotations

from typing import Any

from botbuilder.core import InvokeResponse

CARD_RESPONSE = "application/vnd.microsoft.card.adaptive"
MESSAGE_RESPONSE = "application/vnd.microsoft.activity.message"


def card_response(card: Any) -> InvokeResponse:
    return InvokeResponse(status=200, body={"statusCode": 200, "type": CARD_RESPONSE, "value": card})


def message_response(text: str) -> InvokeResponse:
    return InvokeResponse(status=200, body={"statusCode": 200, "type": MESSAGE_RESPONSE, "value": text})
