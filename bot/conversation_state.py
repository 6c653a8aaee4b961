"""botbuilder's ConversationState with one storage read per turn and a cheap change check.

Stock BotState reads storage again on every property access while the state is still empty
(a new conversation), and decides whether to write by comparing jsonpickle "hashes" of the
whole state, before and after the turn: together most of a turn's state cost. Here the state is
read once per turn, and compared as the same tagged JSON the storage writes.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import ConversationState, TurnContext
from botbuilder.core.bot_state import CachedBotState

from bot.state_storage import state_to_json


class _JsonCachedState(CachedBotState):  # type: ignore[misc]
    def compute_hash(self, obj: Any) -> str:
        return state_to_json(obj if obj is not None else {})


class TurnConversationState(ConversationState):  # type: ignore[misc]
    async def load(self, turn_context: TurnContext, force: bool = False) -> None:
        if force or self.get_cached_state(turn_context) is None:
            key = self.get_storage_key(turn_context)
            items = await self._storage.read([key])
            turn_context.turn_state[self._context_service_key] = _JsonCachedState(items.get(key))
