"""TurnContext that copies outgoing activities shallowly.

botbuilder deep-copies every activity before it goes out, so that stamping the conversation
reference on it cannot change the caller's object. An msrest Activity has some fifty fields, and
its deep copy costs about 0.2 ms, per message, every turn. The stamping only assigns fields, so a
shallow copy protects the caller just as well. Everything else is TurnContext.send_activities.
"""

from __future__ import annotations

import copy
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ActivityTypes, DeliveryModes, InputHints, ResourceResponse


class ShallowCopyTurnContext(TurnContext):  # type: ignore[misc]
    async def send_activities(self, activities: list[Activity]) -> list[ResourceResponse]:
        reference = TurnContext.get_conversation_reference(self.activity)
        output = []
        for original in activities:
            activity = TurnContext.apply_conversation_reference(copy.copy(original), reference)
            if not getattr(activity, "type", None):
                activity.type = ActivityTypes.message
            if not activity.input_hint:
                activity.input_hint = InputHints.accepting_input
            activity.id = None
            output.append(activity)
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
