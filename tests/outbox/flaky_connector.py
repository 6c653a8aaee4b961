"""The fake Bot Connector, made to fail on command: 429 with Retry-After, 5xx, 403/404, time-outs.

Faults are queued (`fail(...)`) and each takes the next send, whatever conversation it is for, or
only the sends to one conversation. A refused or timed-out request is not delivered: the person
sees nothing of it. Every delivered send is stamped with the time (`now`, a clock the test may
set), its tenant and conversation, to count requests per second.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from tests.http.fake_connector import FakeConnector

TIME_OUT = -1  # a fault that answers nothing until the client gives up


@dataclass
class Fault:
    status: int
    times: int
    retry_after: str | None = None
    conversation: str | None = None  # None: any


@dataclass(frozen=True)
class Delivery:
    at: float
    tenant: str
    conversation: str
    text: str


def _tenant(body: dict[str, Any]) -> str:
    tenant = (body.get("channelData") or {}).get("tenant") or {}
    return str(tenant.get("id") or "")


class FlakyConnector(FakeConnector):
    def __init__(
        self, now: Callable[[], float] = time.monotonic, hang: float = 1.0, delay: float = 0.0
    ) -> None:
        self.faults: list[Fault] = []
        self.deliveries: list[Delivery] = []
        self.refused: Counter[int] = Counter()
        self._now = now
        self._hang = hang  # how long a time-out keeps the client waiting (more than its time-out)
        self._delay = delay  # how long each delivered send takes
        super().__init__()

    def fail(
        self, status: int, times: int = 1, retry_after: str | None = None, conversation: str | None = None
    ) -> None:
        self.faults.append(Fault(status, times, retry_after, conversation))

    def texts(self) -> list[str]:
        return [d.text for d in self.deliveries]

    def _fault_for(self, conversation: str | None) -> Fault | None:
        for fault in self.faults:
            if fault.conversation in (None, conversation):
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    def _record(self, route: str) -> Any:
        inner = super()._record(route)

        async def handler(request: web.Request) -> web.StreamResponse:
            conversation = request.match_info.get("conversation_id")
            fault = self._fault_for(conversation) if route == "send" else None
            if fault is not None:
                self.refused[fault.status] += 1
                if fault.status == TIME_OUT:
                    await asyncio.sleep(self._hang)
                    raise web.HTTPServiceUnavailable()
                headers = {"Retry-After": fault.retry_after} if fault.retry_after else None
                return web.json_response(
                    {"error": {"code": "Injected"}}, status=fault.status, headers=headers
                )
            if route == "send" and self._delay:
                await asyncio.sleep(self._delay)
            response: web.StreamResponse = await inner(request)
            if route == "send" and response.status < 300:
                body = self.calls[-1].activity
                self.deliveries.append(
                    Delivery(self._now(), _tenant(body), conversation or "", str(body.get("text", "")))
                )
            return response

        return handler
