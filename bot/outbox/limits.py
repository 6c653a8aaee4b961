"""How fast and how often the outbox sender may send: every number configurable, defaults in line
with Microsoft's published limits for bots.

Teams throttles a bot per conversation ("thread": about 7 messages in a second, 8 in two, 60 in
30 seconds, 1,800 in an hour) and per app per tenant (50 requests per second), and answers 429
with Retry-After beyond that. Pacing one conversation at one message a second and each tenant at
50 requests a second stays inside both. These buckets live in one process: with several sender
processes, give each `tenant_rate / processes`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SenderLimits:
    max_attempts: int = 8  # then the message is failed, for coordinators to see
    base_backoff: float = 2.0  # seconds; doubled per attempt, with full jitter
    max_backoff: float = 15 * 60.0
    lease: float = 60.0  # seconds a claimed message stays this process's
    batch: int = 50  # messages claimed at once
    batches: int = 4  # batches in flight at once, so that one tenant's slow batch holds up no other
    tenant_rate: float = 50.0  # requests per second per tenant (Microsoft: 50 per app per tenant)
    global_rate: float = 500.0  # requests per second of this process, all tenants together
    conversation_interval: float = 1.0  # seconds between two messages to one conversation
    send_margin: float = 20.0  # a message is only started with this much of its lease left
