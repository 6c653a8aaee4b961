"""Messages the bot sends into another conversation than the current turn's: proactively.

A conversation reference is stored as plain JSON (in the database, never in memory), without the
person's name: an id and the conversation are all Teams needs to deliver.
"""

from __future__ import annotations

import logging
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ConversationReference

from bot.connector.wire import WireError, from_wire, to_wire
from bot.turn_context import deliver

log = logging.getLogger(__name__)


def reference_of(activity: Activity) -> dict[str, Any]:
    """Where to reach this conversation later."""
    reference = to_wire(TurnContext.get_conversation_reference(activity))
    user = reference.get("user")
    if isinstance(user, dict):
        reference["user"] = {"id": user.get("id")}
    reference.pop("locale", None)
    # The tenant, for the outbox's per-tenant rate limit and for creating conversations: Teams puts
    # it in channelData, which a reference does not keep (botbuilder spells its own field tenantID).
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    tenant = data.get("tenant", {}).get("id") if isinstance(data.get("tenant"), dict) else None
    conversation = reference.get("conversation")
    if tenant and isinstance(conversation, dict) and not conversation.get("tenantId"):
        conversation["tenantId"] = tenant
    # Not a reply to this activity (an invoke's id is no message to thread under): a new message.
    reference.pop("activityId", None)
    return reference


async def send_to(
    context: TurnContext, reference: dict[str, Any], activities: list[Activity], app_id: str
) -> bool:
    """Sends ACTIVITIES to the referenced conversation; False (and logged) when it did not arrive."""
    try:
        conversation = from_wire(ConversationReference, reference)
    except WireError:
        log.warning("proactive_failed reason=bad_reference")
        return False
    if not conversation.service_url or not conversation.conversation:
        log.warning("proactive_failed reason=incomplete_reference")
        return False
    failures: list[Exception] = []

    async def logic(proactive: TurnContext) -> None:
        try:
            for activity in activities:
                await proactive.send_activity(activity)
            await deliver(proactive)
        except Exception as error:  # reported to the caller: the current turn goes on
            failures.append(error)

    await context.adapter.continue_conversation(conversation, logic, app_id)
    if failures:
        log.warning("proactive_failed error=%s", type(failures[0]).__name__)
    return not failures
