"""Reads who is talking, where, and in which language from a Teams activity. Keeps no names it need not."""

from __future__ import annotations

import hashlib
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from bot.content import QA_LOCALE
from bot.onboarding.models import Actor
from bot.onboarding.service import Speaker
from dialogs.inputs import UserInput

LOCAL_TENANT = "local"
DEFAULT_LOCALE = "nl"


def pseudonym(*parts: str) -> str:
    """A stable key for a person or conversation that is not their Teams id itself."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _channel_data(activity: Activity) -> dict[str, Any]:
    data = activity.channel_data
    return data if isinstance(data, dict) else {}


def tenant_of(activity: Activity) -> str:
    tenant = _channel_data(activity).get("tenant")
    if isinstance(tenant, dict) and isinstance(tenant.get("id"), str) and tenant["id"]:
        return str(tenant["id"])
    conversation_tenant = getattr(activity.conversation, "tenant_id", None)
    return conversation_tenant or LOCAL_TENANT


def locale_of(activity: Activity) -> str:
    """'en' for an English client (en-US, en-GB), Dutch otherwise: Dutch is the product's language."""
    locale = activity.locale or ""
    for entity in activity.entities or []:
        props = getattr(entity, "additional_properties", None) or {}
        if getattr(entity, "type", None) == "clientInfo" and not locale:
            locale = props.get("locale", "") or ""
    if locale == QA_LOCALE:
        return QA_LOCALE
    return "en" if locale.lower().startswith("en") else DEFAULT_LOCALE


def scope_of(activity: Activity) -> str:
    """personal, channel or groupChat."""
    kind = getattr(activity.conversation, "conversation_type", None)
    return kind if kind in ("channel", "groupChat") else "personal"


def shared_conversation_key(activity: Activity) -> str | None:
    """In a team all channels share one board; in a group chat the chat does; a personal chat none."""
    tenant = tenant_of(activity)
    scope = scope_of(activity)
    if scope == "channel":
        team = _channel_data(activity).get("team")
        team_id = team.get("id") if isinstance(team, dict) else None
        root = team_id or (activity.conversation.id or "").split(";")[0]
        return pseudonym(tenant, "team", root)
    if scope == "groupChat":
        return pseudonym(tenant, "chat", activity.conversation.id or "")
    return None


def speaker_of(activity: Activity) -> Speaker:
    tenant = tenant_of(activity)
    sender = activity.from_property
    person_id = (
        (getattr(sender, "aad_object_id", None) or getattr(sender, "id", None) or "") if sender else ""
    )
    name = (getattr(sender, "name", None) or "").strip() if sender else ""
    actor = Actor(key=pseudonym(tenant, "person", person_id), name=name[:200] or "?")
    return Speaker(tenant_id=tenant, actor=actor, conversation_key=shared_conversation_key(activity))


def welcome_key(activity: Activity) -> str:
    """Who has been welcomed: a person in their personal chat, or a team or group chat as a whole.

    In a team or group chat the welcome goes to everyone at once, so a colleague's first
    message there does not post the whole welcome card into the channel again.
    """
    speaker = speaker_of(activity)
    if speaker.conversation_key is None:
        return pseudonym("personal", speaker.actor.key)
    return pseudonym(speaker.conversation_key, "everyone")


def _dict(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else {}


def input_of(activity: Activity) -> UserInput:
    """The text without the bot's @mention, or the data of a clicked card."""
    if activity.type == "invoke":
        value = _dict(activity.value)
        action = _dict(value.get("action"))
        data = _dict(action.get("data"))
        verb = action.get("verb") if isinstance(action.get("verb"), str) else None
        return UserInput(data=data, verb=verb, from_card=True)
    if isinstance(activity.value, dict) and not (activity.text or "").strip():
        data = dict(activity.value)
        verb = data.get("verb") or data.get("action")
        return UserInput(data=data, verb=verb if isinstance(verb, str) else None, from_card=True)
    text = activity.text or ""
    if activity.recipient is not None and activity.entities:
        text = TurnContext.remove_recipient_mention(activity) or text
    text = text.replace("<at>", "").replace("</at>", "") if "<at>" in text else text
    return UserInput(text=text.strip())


def coordinator_key(object_id: str) -> str:
    """A coordinator across tenants: the program's coordinators may sit in another tenant than the boards."""
    return pseudonym("coordinator", object_id.strip().lower())
