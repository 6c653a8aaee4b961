"""A TurnContext that gathers a turn's messages and delivers them together, in order, at its end.

Two costs of stock TurnContext are avoided here:

- It deep-copies every outgoing activity so that stamping the conversation reference on it
  cannot change the caller's object. An msrest Activity has some fifty fields and that copy costs
  about 0.2 ms per message; stamping only assigns fields, so a shallow copy protects just as well.
- It sends each message the moment it is asked to. A turn of this bot often says a short text and
  then shows a card ("Vastgelegd." and the next question); as one message that is one request to
  the connector instead of two, and one message in the chat instead of two. Messages are merged
  only where Teams shows the result the same way: texts first, then cards, nothing else set.

`deliver(turn_context)` sends what is gathered; the bot calls it before it saves its state, so a
failed delivery leaves the state unsaved and the person can simply try again. Updates and
deletes deliver first, so the chat keeps its order.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Awaitable
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    AttachmentLayoutTypes,
    ConversationReference,
    DeliveryModes,
    InputHints,
    ResourceResponse,
)

# Fields that make a message more than text and cards; such a message is sent on its own.
_OWN_FIELDS = (
    "speak", "summary", "suggested_actions", "entities", "channel_data", "value", "value_type",
    "semantic_action", "importance", "expiration", "listen_for", "text_highlights", "label",
    "delivery_mode",
)  # fmt: skip


def _mergeable(activity: Activity) -> bool:
    if activity.type != ActivityTypes.message:
        return False
    if activity.attachment_layout not in (None, AttachmentLayoutTypes.list):
        return False
    return not any(getattr(activity, name, None) for name in _OWN_FIELDS)


def merge_messages(activities: list[Activity]) -> list[Activity]:
    """Consecutive plain messages as few messages as Teams shows the same way: texts above cards."""
    merged: list[Activity] = []
    for activity in activities:
        last = merged[-1] if merged else None
        if (
            last is not None
            and _mergeable(last)
            and _mergeable(activity)
            and last.text_format == activity.text_format
            and not (activity.text and last.attachments)  # a text after a card starts a new message
        ):
            if activity.text:
                last.text = f"{last.text}\n\n{activity.text}" if last.text else activity.text
            if activity.attachments:
                last.attachments = [*(last.attachments or []), *activity.attachments]
            continue
        merged.append(copy.copy(activity))
    return merged


class BatchingTurnContext(TurnContext):  # type: ignore[misc]
    def __init__(self, adapter_or_context: Any, request: Activity | None = None) -> None:
        super().__init__(adapter_or_context, request)
        self._gathered: list[Activity] = []

    async def send_activities(self, activities: list[Activity]) -> list[ResourceResponse]:
        reference = TurnContext.get_conversation_reference(self.activity)
        output = [self._stamped(original, reference) for original in activities]
        if self.activity.delivery_mode != DeliveryModes.expect_replies and all(
            a.type == ActivityTypes.message for a in output
        ):
            self._gathered += output
            self.responded = True
            return [ResourceResponse() for _ in output]
        await self.deliver()
        return await self._send_now(output)

    async def update_activity(self, activity: Activity) -> Any:
        await self.deliver()
        return await super().update_activity(activity)

    async def delete_activity(self, id_or_reference: str | ConversationReference) -> None:
        await self.deliver()
        await super().delete_activity(id_or_reference)

    async def deliver(self) -> None:
        """Sends the gathered messages, merged, in order."""
        if not self._gathered:
            return
        gathered, self._gathered = self._gathered, []
        await self._send_now(merge_messages(gathered))

    @staticmethod
    def _stamped(original: Activity, reference: ConversationReference) -> Activity:
        activity = TurnContext.apply_conversation_reference(copy.copy(original), reference)
        if not getattr(activity, "type", None):
            activity.type = ActivityTypes.message
        if not activity.input_hint:
            activity.input_hint = InputHints.accepting_input
        activity.id = None
        return activity

    async def _send_now(self, output: list[Activity]) -> list[ResourceResponse]:
        sends_non_trace = any(a.type != ActivityTypes.trace for a in output)

        async def logic() -> Any:
            if self.activity.delivery_mode == DeliveryModes.expect_replies:
                for activity in output:
                    self.buffered_reply_activities.append(activity)
                    if activity.type == ActivityTypes.invoke_response:
                        self.turn_state[TurnContext._INVOKE_RESPONSE_KEY] = activity
                responses: Any = [ResourceResponse() for _ in output]
            else:
                responses = await self.adapter.send_activities(self, output)
            if sends_non_trace:
                self.responded = True
            return responses

        result: list[ResourceResponse] = await self._emit(self._on_send_activities, output, logic())
        return result

    async def _emit(self, plugins: list[Any], arg: Any, logic: Awaitable[Any]) -> Any:
        """TurnContext._emit without its recursive closure: that closure held the context in a
        reference cycle, so the whole turn (activity, state, board) waited for the cyclic garbage
        collector instead of being freed when the turn ended; ~130 objects per turn, and the
        collections they caused were a tenth of a turn's time (bench/turns.py)."""
        await _run_handlers(self, list(plugins), arg, 0)
        return await logic


async def _run_handlers(context: TurnContext, handlers: list[Any], arg: Any, index: int) -> None:
    if index < len(handlers):
        await handlers[index](
            context, arg, functools.partial(_run_handlers, context, handlers, arg, index + 1)
        )


async def deliver(turn_context: TurnContext) -> None:
    """Sends what this turn gathered so far (a no-op for contexts that send at once)."""
    if isinstance(turn_context, BatchingTurnContext):
        await turn_context.deliver()
