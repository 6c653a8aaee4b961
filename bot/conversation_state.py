"""botbuilder's ConversationState with one storage read per turn and a cheap change check.

Stock BotState reads storage again on every property access while the state is still empty
(a new conversation), and decides whether to write by comparing jsonpickle "hashes" of the
whole state, before and after the turn. Here the state is read once per turn; its stored JSON
text is the "before", the same JSON of the state at the end of the turn is the "after", and when
they differ that text is what gets written: one serialisation per turn.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import ConversationState, TurnContext
from botbuilder.core.bot_state import CachedBotState

from bot.state_storage import DatabaseStorage, state_to_json
from bot.turns import tenant_of

_ETAG = "e_tag"


def _document(state: Any) -> str:
    return state_to_json({k: v for k, v in (state or {}).items() if k != _ETAG})


class _JsonCachedState(CachedBotState):  # type: ignore[misc]
    def __init__(self, state: dict[str, Any] | None, document: str | None) -> None:
        self.state = state if state is not None else {}
        self.hash = document if document is not None else _document(self.state)

    def compute_hash(self, obj: Any) -> str:
        return _document(obj)


class TurnConversationState(ConversationState):  # type: ignore[misc]
    def __init__(self, storage: DatabaseStorage) -> None:
        super().__init__(storage)
        self._database = storage

    def get_storage_key(self, turn_context: TurnContext) -> str:
        """Keyed by tenant as well: a conversation id from another tenant never reaches this
        conversation's bookmark (botbuilder's own key is channel and conversation id only)."""
        activity = turn_context.activity
        conversation = activity.conversation.id if activity.conversation else ""
        return f"{activity.channel_id}/{tenant_of(activity)}/conversations/{conversation}"

    async def load(self, turn_context: TurnContext, force: bool = False) -> None:
        if force or self.get_cached_state(turn_context) is None:
            key = self.get_storage_key(turn_context)
            state, document = await self._database.read_one(key)
            turn_context.turn_state[self._context_service_key] = _JsonCachedState(state, document)

    async def save_changes(self, turn_context: TurnContext, force: bool = False) -> None:
        cached = self.get_cached_state(turn_context)
        if cached is None:
            return
        document = _document(cached.state)
        if force or document != cached.hash:
            key = self.get_storage_key(turn_context)
            cached.state[_ETAG] = await self._database.write_one(key, document, cached.state.get(_ETAG))
            cached.hash = document
