"""Who is in the current team or group chat, and a one-to-one chat with one of them.

Both go through the connector client of the turn (the pooled client in the server); a personal
chat, or a turn without a connector (the terminal chat), has no roster.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import (
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
)

from bot.connector.client import ConnectorError
from bot.connector.wire import to_wire
from bot.turns import pseudonym, scope_of, tenant_of

log = logging.getLogger(__name__)

PAGE_SIZE = 100
MAX_PAGES = 5  # 500 members: more than one card can sensibly offer


@dataclass(frozen=True)
class Colleague:
    """A member of the conversation as Teams names them; `key` is their person key (bot/turns.py)."""

    id: str  # the Teams user id (29:...), what the connector needs
    name: str
    key: str


def _client(context: TurnContext) -> Any:
    client = context.turn_state.get(BotAdapter.BOT_CONNECTOR_CLIENT_KEY)
    return client if client is not None and hasattr(client, "request") else None


def has_roster(context: TurnContext) -> bool:
    """A team or group chat, with a connector to ask: colleagues can be chosen from its members."""
    return scope_of(context.activity) != "personal" and _client(context) is not None


def _roster_conversation(context: TurnContext) -> str:
    """A channel's roster is its team's; a group chat's is the chat's."""
    activity = context.activity
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    team = data.get("team")
    if scope_of(activity) == "channel" and isinstance(team, dict) and isinstance(team.get("id"), str):
        return str(team["id"])
    return (activity.conversation.id or "").split(";")[0]


def _colleague(member: Any, tenant: str) -> Colleague | None:
    if not isinstance(member, dict):
        return None
    member_id, name = member.get("id"), member.get("name")
    if not isinstance(member_id, str) or not member_id or member_id.startswith("28:"):
        return None  # no id, or a bot
    object_id = member.get("aadObjectId")
    person = object_id if isinstance(object_id, str) and object_id else member_id
    shown = name.strip()[:200] if isinstance(name, str) and name.strip() else "?"
    return Colleague(member_id, shown, pseudonym(tenant, "person", person))


async def roster_of(context: TurnContext) -> list[Colleague] | None:
    """The members of this team or group chat but the speaker, by name; None when it cannot be read."""
    client = _client(context)
    if client is None or scope_of(context.activity) == "personal":
        return None
    conversation = _roster_conversation(context)
    tenant = tenant_of(context.activity)
    base = f"/v3/conversations/{quote(conversation, safe='')}/pagedmembers?pageSize={PAGE_SIZE}"
    found: dict[str, Colleague] = {}
    token: str | None = None
    for _ in range(MAX_PAGES):
        path = base + (f"&continuationToken={quote(token, safe='')}" if token else "")
        try:
            page = await client.request("get_paged_members", "GET", path, None, conversation)
        except ConnectorError as error:
            log.warning("roster_failed status=%s", error.status)
            return None
        page = page if isinstance(page, dict) else {}
        for member in page.get("members") or []:
            colleague = _colleague(member, tenant)
            if colleague is not None:
                found[colleague.id] = colleague
        next_token = page.get("continuationToken")
        token = next_token if isinstance(next_token, str) and next_token else None
        if token is None:
            break
    sender = context.activity.from_property
    speaker_id = getattr(sender, "id", None) if sender else None
    return sorted((c for c in found.values() if c.id != speaker_id), key=lambda c: c.name.lower())


async def open_personal_chat(context: TurnContext, colleague: Colleague) -> dict[str, Any] | None:
    """Creates (or finds: Teams answers the same one) the bot's one-to-one chat with COLLEAGUE.

    Returns where to reach them, as a conversation reference without names; None when the
    connector refused.
    """
    client = _client(context)
    activity = context.activity
    if client is None or activity.recipient is None:
        return None
    tenant = tenant_of(activity)
    bot = ChannelAccount(id=activity.recipient.id)
    parameters = ConversationParameters(
        bot=bot,
        members=[ChannelAccount(id=colleague.id)],
        is_group=False,
        tenant_id=tenant,
        channel_data={"tenant": {"id": tenant}},
    )
    try:
        created = await client.conversations.create_conversation(parameters)
    except ConnectorError as error:
        log.warning("create_conversation_failed status=%s", error.status)
        return None
    if not created.id:
        log.warning("create_conversation_failed reason=no_id")
        return None
    reference = ConversationReference(
        bot=bot,
        user=ChannelAccount(id=colleague.id),
        conversation=ConversationAccount(id=created.id, conversation_type="personal", tenant_id=tenant),
        channel_id=activity.channel_id,
        service_url=created.service_url or activity.service_url,
    )
    wired: dict[str, Any] = to_wire(reference)
    return wired
