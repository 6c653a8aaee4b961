"""botbuilder's DialogSet, without the per-turn cost of a memory model that no dialog here uses."""

from __future__ import annotations

from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import DialogContext, DialogSet, DialogState
from botbuilder.dialogs.memory import DialogStateManager


class LeanDialogContext(DialogContext):  # type: ignore[misc]
    """A DialogContext whose `state` (the memory scopes of declarative dialogs: user., turn.,
    dialog. paths) is built when something first reads it, not on every turn.

    botbuilder builds a DialogStateManager in every DialogContext: fifteen scope and path
    resolver objects, a tenth of a journey turn's dialog work. The journey keeps its state in
    `active_dialog.state` and never reads `dc.state`.
    """

    def __init__(self, dialog_set: DialogSet, turn_context: TurnContext, state: DialogState) -> None:
        # DialogContext.__init__, without building the DialogStateManager
        self._turn_context = turn_context
        self._dialogs = dialog_set
        self._stack = state.dialog_stack
        self.services: dict[str, Any] = {}
        self.parent: DialogContext | None = None
        self._state_manager: DialogStateManager | None = None

    @property
    def state(self) -> DialogStateManager:
        if self._state_manager is None:
            self._state_manager = DialogStateManager(self)
        return self._state_manager

    @state.setter
    def state(self, value: DialogStateManager) -> None:
        self._state_manager = value


class LeanDialogSet(DialogSet):  # type: ignore[misc]
    async def create_context(self, turn_context: TurnContext) -> DialogContext:
        if self._dialog_state is None:
            raise RuntimeError("LeanDialogSet needs a state property accessor")
        state: DialogState = await self._dialog_state.get(turn_context, DialogState)
        return LeanDialogContext(self, turn_context, state)
