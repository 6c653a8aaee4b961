"""What a connector failure means for a message: retry (when), give up, or stop for that person."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from bot.outbox.limits import SenderLimits


class Verdict(StrEnum):
    RETRY = "retry"  # throttled or a passing failure: try again later
    UNREACHABLE = "unreachable"  # the person removed the bot: never again
    GIVE_UP = "give_up"  # the message itself is wrong: trying again would not help


# 412, 502, 504 are the ones Microsoft names as transient beside 429; 401 means our token was
# refused (the pool forgets it and fetches a new one); 0 is a time-out or a refused connection.
_TRANSIENT_4XX = {401, 408, 412, 429}


def verdict(status: int) -> Verdict:
    if status in (403, 404):
        return Verdict.UNREACHABLE
    if status == 0 or status >= 500 or status in _TRANSIENT_4XX:
        return Verdict.RETRY
    return Verdict.GIVE_UP


def backoff_delay(attempt: int, limits: SenderLimits, random: Callable[[], float]) -> float:
    """Seconds before attempt ATTEMPT + 1: exponential, capped, with full jitter (anywhere from 0
    to the cap), so that many messages refused at once do not all come back at once."""
    ceiling = min(limits.max_backoff, limits.base_backoff * 2.0 ** min(max(attempt - 1, 0), 60))
    return random() * ceiling


def retry_delay(
    status: int, retry_after: float | None, attempt: int, limits: SenderLimits, random: Callable[[], float]
) -> float:
    """A 429's Retry-After is what the connector asked for; anything else backs off."""
    if status == 429 and retry_after is not None and retry_after >= 0:
        return retry_after
    return backoff_delay(attempt, limits, random)
