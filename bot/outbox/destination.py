"""Where an outbox message goes, read from its stored conversation reference, and the activities
addressed there as a proactive message (what botbuilder's apply_conversation_reference does)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botbuilder.schema import Activity

from bot.connector.wire import WireError, from_wire


class BadReference(ValueError):
    """The stored reference or activities cannot be sent anywhere: the message is given up."""


@dataclass(frozen=True)
class Destination:
    service_url: str
    conversation_id: str
    tenant: str  # "" when the reference names none: those share one bucket
    conversation: dict[str, Any]
    bot: dict[str, Any] | None
    user: dict[str, Any] | None
    channel_id: str | None

    @property
    def pacing_key(self) -> str:
        return f"{self.service_url}|{self.conversation_id}"


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _tenant(reference: dict[str, Any], conversation: dict[str, Any]) -> str:
    channel_data = reference.get("channelData")
    tenant = channel_data.get("tenant") if isinstance(channel_data, dict) else None
    from_channel = tenant.get("id") if isinstance(tenant, dict) else None
    # Teams writes tenantId; botbuilder's ConversationAccount writes tenantID.
    in_conversation = _text(conversation.get("tenantId")) or _text(conversation.get("tenantID"))
    return in_conversation or _text(from_channel) or ""


def destination_of(reference: Any) -> Destination:
    if not isinstance(reference, dict):
        raise BadReference("reference")
    conversation = reference.get("conversation")
    service_url = _text(reference.get("serviceUrl"))
    if not isinstance(conversation, dict) or service_url is None:
        raise BadReference("reference")
    conversation_id = _text(conversation.get("id"))
    if conversation_id is None or not service_url.startswith(("https://", "http://")):
        raise BadReference("reference")
    bot, user = reference.get("bot"), reference.get("user")
    return Destination(
        service_url=service_url,
        conversation_id=conversation_id,
        tenant=_tenant(reference, conversation),
        conversation=conversation,
        bot=bot if isinstance(bot, dict) else None,
        user=user if isinstance(user, dict) else None,
        channel_id=_text(reference.get("channelId")),
    )


def addressed(activities: Any, to: Destination) -> list[Activity]:
    """The message's activities, each addressed to the destination; all are read before any goes."""
    if not isinstance(activities, list) or not activities:
        raise BadReference("activities")
    built: list[Activity] = []
    for activity in activities:
        if not isinstance(activity, dict):
            raise BadReference("activities")
        wire = {**activity, "conversation": to.conversation, "serviceUrl": to.service_url}
        wire.pop("replyToId", None)
        if to.bot is not None:
            wire["from"] = to.bot
        if to.user is not None:
            wire["recipient"] = to.user
        if to.channel_id is not None:
            wire["channelId"] = to.channel_id
        channel_data = wire.get("channelData")
        if to.tenant and (channel_data is None or isinstance(channel_data, dict)):
            # Teams wants the tenant on a proactive message; it also names the bucket it counts in.
            wire["channelData"] = {"tenant": {"id": to.tenant}, **(channel_data or {})}
        try:
            built.append(from_wire(Activity, wire))
        except WireError as error:
            raise BadReference("activities") from error
    return built
