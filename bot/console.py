"""`eckbot chat`: the same bot, dialogs and database in a terminal, without Teams."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from botbuilder.core import BotAdapter, InvokeResponse, TurnContext
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    ConversationAccount,
    ConversationReference,
    ResourceResponse,
)

from bot.card_text import CardChoice, card_to_text

CARD_TYPE = "application/vnd.microsoft.card.adaptive"
CONSOLE_URL = "https://console.invalid/"


class ConsoleAdapter(BotAdapter):  # type: ignore[misc]
    """Runs turns in-process and collects what the bot says, as a Teams client would show it."""

    INVOKE_KEY = "consoleInvokeResponse"

    def __init__(
        self,
        user_name: str,
        locale: str,
        *,
        user_id: str = "console-user",
        tenant_id: str | None = None,
        conversation_id: str = "console",
        conversation_type: str = "personal",
        team_id: str | None = None,
    ) -> None:
        super().__init__()
        self.user = ChannelAccount(id=user_id, name=user_name, aad_object_id=user_id)
        self.bot = ChannelAccount(id="console-bot", name="ECK iD wegwijzer")
        self.conversation = ConversationAccount(
            id=conversation_id, conversation_type=conversation_type, tenant_id=tenant_id
        )
        self.channel_data: dict[str, Any] = {}
        if tenant_id:
            self.channel_data["tenant"] = {"id": tenant_id}
        if team_id:
            self.channel_data["team"] = {"id": team_id}
        self.locale = locale
        self.outbox: list[Activity] = []

    def activity(self, **fields: Any) -> Activity:
        return Activity(
            id=uuid.uuid4().hex,
            channel_id="msteams",
            service_url=CONSOLE_URL,
            from_property=self.user,
            recipient=self.bot,
            conversation=self.conversation,
            locale=self.locale,
            channel_data=dict(self.channel_data),
            timestamp=datetime.now(UTC),
            **fields,
        )

    async def send_activities(
        self, context: TurnContext, activities: list[Activity]
    ) -> list[ResourceResponse]:
        responses = []
        for activity in activities:
            if activity.type == ActivityTypes.invoke_response:
                context.turn_state[self.INVOKE_KEY] = activity.value
                continue
            activity.id = activity.id or uuid.uuid4().hex
            self.outbox.append(activity)
            responses.append(ResourceResponse(id=activity.id))
        return responses

    async def update_activity(self, context: TurnContext, activity: Activity) -> ResourceResponse:
        self.outbox.append(activity)
        return ResourceResponse(id=activity.id)

    async def delete_activity(self, context: TurnContext, reference: ConversationReference) -> None:
        return None

    async def turn(
        self, activity: Activity, logic: Callable[[TurnContext], Awaitable[None]]
    ) -> InvokeResponse | None:
        context = TurnContext(self, activity)
        await self.run_pipeline(context, logic)
        response: InvokeResponse | None = context.turn_state.get(self.INVOKE_KEY)
        return response


def render_reply(activity: Activity) -> tuple[list[str], list[CardChoice], bool]:
    """What a terminal shows for one reply: lines of text, numbered choices, whether text is wanted."""
    lines: list[str] = []
    choices: list[CardChoice] = []
    wants_text = False
    if activity.text:
        lines.append(activity.text.replace("**", ""))
    for attachment in activity.attachments or []:
        if attachment.content_type == CARD_TYPE and isinstance(attachment.content, dict):
            shown = card_to_text(attachment.content)
            lines += shown.lines
            choices += shown.choices
            wants_text = wants_text or shown.wants_text
    return lines, choices, wants_text


def invoke_card(response: InvokeResponse | None) -> dict[str, Any] | None:
    body = response.body if response else None
    if isinstance(body, dict) and body.get("type") == CARD_TYPE:
        value = body.get("value")
        return value if isinstance(value, dict) else None
    return None


def invoke_message(response: InvokeResponse | None) -> str | None:
    body = response.body if response else None
    if isinstance(body, dict) and isinstance(body.get("value"), str):
        return str(body["value"])
    return None
