"""Each turn reads its conversation's state once and writes it at most once, only when it changed.

Reading and writing state is most of what a turn costs the database; stock botbuilder reads it
again on every access while it is empty, and these tests keep it from coming back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from tests.flow import Flow


class StateCalls:
    def __init__(self) -> None:
        self.reads = 0
        self.writes = 0

    def reset(self) -> None:
        self.reads = self.writes = 0


@pytest.fixture
def state_calls(flow: Flow, monkeypatch: pytest.MonkeyPatch) -> StateCalls:
    calls = StateCalls()
    store = flow.components.store

    def counted(name: str, counter: str) -> Callable[..., Awaitable[Any]]:
        original = getattr(store, name)

        async def call(*args: Any, **kwargs: Any) -> Any:
            setattr(calls, counter, getattr(calls, counter) + 1)
            return await original(*args, **kwargs)

        return call

    monkeypatch.setattr(store, "read_states", counted("read_states", "reads"))
    monkeypatch.setattr(store, "write_state", counted("write_state", "writes"))
    return calls


async def test_each_turn_reads_state_once_and_writes_it_only_when_it_changed(
    flow: Flow, state_calls: StateCalls
) -> None:
    turns: list[tuple[str, Callable[[], Awaitable[None]], int]] = [
        ("a first message in a new conversation", lambda: flow.user("stap 1"), 1),
        ("a typed answer", lambda: flow.user("41234"), 1),
        ("an answer on a card", lambda: flow.fill("Stichting De Linde"), 1),
        ("a button", lambda: flow.click("Verder"), 1),
        ("status in the middle of a step: the same question again", lambda: flow.user("status"), 0),
    ]
    for what, turn, writes in turns:
        state_calls.reset()
        await turn()
        assert (state_calls.reads, state_calls.writes) == (1, writes), f"{what}: {vars(state_calls)}"


async def test_a_turn_that_changes_nothing_writes_nothing(flow: Flow, state_calls: StateCalls) -> None:
    await flow.user("help")
    state_calls.reset()

    await flow.user("status")

    assert (state_calls.reads, state_calls.writes) == (1, 0)
