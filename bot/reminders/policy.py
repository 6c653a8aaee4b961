"""Who is reminded of what, and when: pure functions of the time, the board and the person.

The clock is always passed in, so that every rule here is tested without waiting or a database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from bot.onboarding.models import STEP_ORDER, StepId, StepStatus
from bot.reminders.settings import DigestSettings, ReminderSettings, Schedule, SendHours

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
REMINDER = "reminder"  # the outbox kind; alerts from step 4 are another kind and never capped here
DIGEST = "digest"
WEEK = timedelta(days=7)
_SATURDAY = 5


@dataclass(frozen=True)
class Stall:
    step: StepId
    since: datetime  # the last change on the board: when it stalled


class Skip(StrEnum):
    """Why a board member gets no reminder now."""

    OPTED_OUT = "opted_out"  # typed "geen herinneringen"
    UNREACHABLE = "unreachable"  # removed the bot
    NO_REFERENCE = "no_reference"  # never chatted with the bot in person: nowhere to send it
    RECENTLY_REMINDED = "recently_reminded"  # the last reminder is younger than the interval
    CAPPED = "capped"  # the week's cap is reached


@dataclass(frozen=True)
class PersonState:
    reference: dict[str, Any] | None
    reachable: bool
    wants_reminders: bool
    reminders_this_week: int  # queued or sent in the last 7 days
    last_reminder_at: datetime | None


# quiet hours


def is_send_time(moment: datetime, hours: SendHours) -> bool:
    local = moment.astimezone(AMSTERDAM)
    return local.weekday() < _SATURDAY and hours.start_time <= local.time() < hours.until_time


def next_send_time(moment: datetime, hours: SendHours) -> datetime:
    """MOMENT itself when messages may go then; else the next weekday's first allowed moment (UTC).

    The local day is walked in Amsterdam's calendar, so that 08:00 stays 08:00 across a change to
    or from summer time.
    """
    if is_send_time(moment, hours):
        return moment
    local = moment.astimezone(AMSTERDAM)
    day = local.date()
    if local.weekday() >= _SATURDAY or local.time() >= hours.until_time:
        day += timedelta(days=1)
    while day.weekday() >= _SATURDAY:
        day += timedelta(days=1)
    return datetime.combine(day, hours.start_time, tzinfo=AMSTERDAM).astimezone(UTC)


# how often, and about which step


def local_date(moment: datetime) -> date:
    return moment.astimezone(AMSTERDAM).date()


def days_left(now: datetime, target: date) -> int:
    return max(0, (target - local_date(now)).days)


def repeat_after_days(now: datetime, target: date, schedule: Schedule) -> int:
    """The days between reminders of one stalled board: fewer as the target date comes closer."""
    left = days_left(now, target)
    applying = [rule for rule in schedule.closer_to_target if left <= rule.within_days]
    if not applying:
        return schedule.repeat_after_days
    return min(applying, key=lambda rule: rule.within_days).repeat_after_days


def stalled_step(
    statuses: Mapping[StepId, StepStatus], last_change: datetime, now: datetime, settings: ReminderSettings
) -> Stall | None:
    """The step to remind the board of, or None when no step has stalled long enough.

    Every step not done whose days without progress (content/reminders.yaml) have passed counts;
    of those, a step someone began goes first, then the journey's order.
    """
    idle = now - last_change
    stalled = [
        step
        for step in STEP_ORDER
        if statuses.get(step, StepStatus.OPEN) != StepStatus.DONE
        and (days := settings.stalled_after_days(step)) is not None
        and idle >= timedelta(days=days)
    ]
    if not stalled:
        return None
    begun = [step for step in stalled if statuses.get(step) == StepStatus.IN_PROGRESS]
    return Stall((begun or stalled)[0], last_change)


def shortest_stall(settings: ReminderSettings) -> timedelta:
    """No board idle for less than this can be reminded: the cut-off for reading boards."""
    return timedelta(days=min((s.stalled_after_days for s in settings.steps.values()), default=365))


def skip_reason(person: PersonState, now: datetime, repeat_days: int, cap: int) -> Skip | None:
    if not person.wants_reminders:
        return Skip.OPTED_OUT
    if not person.reachable:
        return Skip.UNREACHABLE
    if not person.reference:
        return Skip.NO_REFERENCE
    if person.last_reminder_at is not None and now - person.last_reminder_at < timedelta(days=repeat_days):
        return Skip.RECENTLY_REMINDED
    if person.reminders_this_week >= cap:
        return Skip.CAPPED
    return None


# once only: idempotency keys per calendar week


def iso_week(moment: datetime) -> str:
    year, week, _ = local_date(moment).isocalendar()
    return f"{year}-W{week:02d}"


def reminder_key(board_id: str, step: StepId, person_key: str, delivered_at: datetime) -> str:
    return f"{REMINDER}:{board_id}:{step.value}:{person_key}:{iso_week(delivered_at)}"


def digest_key(coordinator_key: str, now: datetime) -> str:
    return f"{DIGEST}:{coordinator_key}:{iso_week(now)}"


def digest_due(now: datetime, digest: DigestSettings) -> bool:
    """From the digest's weekday and time (Amsterdam) until the end of that calendar week."""
    local = now.astimezone(AMSTERDAM)
    monday = local.date() - timedelta(days=local.weekday())
    moment = datetime.combine(
        monday + timedelta(days=digest.weekday_number), digest.at_time, tzinfo=AMSTERDAM
    )
    return local >= moment
