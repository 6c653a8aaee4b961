"""Reads who is talking, where, and in which language from a Teams activity. Keeps no names it need not."""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import quote

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import Activity

from bot.connector.client import ConnectorError
from bot.content import QA_LOCALE
from bot.coordination.service import CoordinatorService
from bot.onboarding.models import Actor
from bot.onboarding.service import Speaker
from bot.proactive import reference_of
from dialogs.inputs import UserInput

log = logging.getLogger(__name__)

LOCAL_TENANT = "local"
DEFAULT_LOCALE = "nl"
_UPNS_REMEMBERED = 10_000
_REACHABLE_REMEMBERED = 10_000
_ANSWERS_FOR_GOOD = frozenset({400, 403, 404})  # the connector will say the same next time


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


def coordinator_key(identity: str) -> str:
    """A coordinator across tenants (they may sit in another tenant than the boards), by the
    identity that makes them one: an Entra object id or a user principal name."""
    return pseudonym("coordinator", identity.strip().lower())


def object_id_of(activity: Activity) -> str | None:
    """The sender's Entra object id, lower case; None for a sender without one (a bot, the console)."""
    sender = activity.from_property
    object_id = getattr(sender, "aad_object_id", None) if sender else None
    return object_id.strip().lower() if isinstance(object_id, str) and object_id.strip() else None


class MemberDirectory:
    """The sender's user principal name, which a Teams message does not carry.

    Asked of the connector (GET /v3/conversations/{id}/members/{userId}) once per person and kept
    in memory, bounded: the answer hardly ever changes, and the call costs a round trip.
    """

    def __init__(self, remembered: int = _UPNS_REMEMBERED) -> None:
        self._upns: OrderedDict[str, str | None] = OrderedDict()
        self._remembered = remembered

    async def upn(self, turn_context: TurnContext) -> str | None:
        activity = turn_context.activity
        sender = activity.from_property
        user_id = getattr(sender, "id", None) if sender else None
        conversation_id = activity.conversation.id if activity.conversation else None
        if not user_id or not conversation_id:
            return None
        key = object_id_of(activity) or user_id
        if key in self._upns:
            self._upns.move_to_end(key)
            return self._upns[key]
        client = turn_context.turn_state.get(BotAdapter.BOT_CONNECTOR_CLIENT_KEY)
        if client is None or not hasattr(client, "request"):
            return None  # no connector (the terminal chat): nobody to ask
        path = f"/v3/conversations/{quote(conversation_id, safe='')}/members/{quote(user_id, safe='')}"
        try:
            member = await client.request("get_conversation_member", "GET", path, None, conversation_id)
        except ConnectorError as error:
            log.warning("member_lookup_failed status=%s", error.status)
            if error.status not in _ANSWERS_FOR_GOOD:
                return None  # the connector had a hiccup: the next turn asks again
            member = None
        upn = member.get("userPrincipalName") if isinstance(member, dict) else None
        found = upn.strip().lower() if isinstance(upn, str) and upn.strip() else None
        self._remember(key, found)
        return found

    def _remember(self, key: str, found: str | None) -> None:
        self._upns[key] = found
        if len(self._upns) > self._remembered:
            self._upns.popitem(last=False)


class CoordinatorRoles:
    """Decides per turn whether the sender is a coordinator, by object id or by user principal name."""

    def __init__(self, coordination: CoordinatorService, directory: MemberDirectory | None = None) -> None:
        self._coordination = coordination
        self._directory = directory or MemberDirectory()

    async def identity_of(self, turn_context: TurnContext) -> str | None:
        """The identity under which the sender is a coordinator, or None for everyone else.

        The member lookup happens only while some coordinator is known by UPN alone.
        """
        object_id = object_id_of(turn_context.activity)
        if object_id and await self._coordination.is_coordinator(object_id):
            return object_id
        known = await self._coordination.identities()
        if not any("@" in identity for identity in known):
            return None
        upn = await self._directory.upn(turn_context)
        return upn if upn and upn in known else None


class ReferenceStore(Protocol):
    async def save_reference(self, recipient_key: str, reference: dict[str, Any], now: datetime) -> None: ...

    async def mark_unreachable(self, recipient_key: str, now: datetime) -> int: ...


class Reachability:
    """Where board members can be reached later (reminders), and who removed the bot.

    A board member's personal chat is saved at most once per person per process: the keys saved
    are kept in memory, bounded, so an ordinary turn costs no extra database write.
    """

    def __init__(self, store: ReferenceStore, remembered: int = _REACHABLE_REMEMBERED) -> None:
        self._store = store
        self._saved: OrderedDict[str, None] = OrderedDict()
        self._remembered = remembered

    async def remember(self, activity: Activity, person_key: str, board_member: bool, now: datetime) -> bool:
        """Saves the reference of this personal chat for a person linked to a board; True when written."""
        if not board_member or scope_of(activity) != "personal" or not activity.service_url:
            return False
        if person_key in self._saved:
            self._saved.move_to_end(person_key)
            return False
        await self._store.save_reference(person_key, reference_of(activity), now)
        self._saved[person_key] = None
        if len(self._saved) > self._remembered:
            self._saved.popitem(last=False)
        return True

    async def removed(self, activity: Activity, person_key: str, now: datetime) -> None:
        """The person removed the bot from their personal chat: nothing more is sent to them."""
        if scope_of(activity) != "personal":
            return  # removed from a team or chat: the person's own chat may still be there
        self._saved.pop(person_key, None)  # should they add it again, their next turn saves anew
        stopped = await self._store.mark_unreachable(person_key, now)
        log.info("recipient_unreachable reason=removed stopped=%s", stopped)
