"""The reminder rules on their own: which step, how often, when a message may go, and to whom."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.onboarding.models import STEP_ORDER, StepId, StepStatus
from bot.reminders.policy import (
    AMSTERDAM,
    PersonState,
    Skip,
    digest_due,
    digest_key,
    next_send_time,
    reminder_key,
    repeat_after_days,
    skip_reason,
    stalled_step,
)
from bot.reminders.settings import ReminderSettings

STEP1, LAS, AGREEMENTS, ALERT, MORE_INFO = StepId
OPEN, IN_PROGRESS, WAITING, DONE = StepStatus
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
TARGET = date(2027, 8, 1)
REFERENCE = {"serviceUrl": "https://smba.example/", "conversation": {"id": "a:1"}}


def settings(**changes: Any) -> ReminderSettings:
    data: dict[str, Any] = {
        "steps": {"nummervoorziening": {"stalled_after_days": 7}, "agreements": {"stalled_after_days": 14}},
        "schedule": {
            "repeat_after_days": 28,
            "closer_to_target": [
                {"within_days": 60, "repeat_after_days": 14},
                {"within_days": 30, "repeat_after_days": 7},
            ],
        },
        "cap_per_week": 2,
        "send_hours": {"from": "08:00", "until": "18:00"},
        "digest": {"weekday": "monday", "at": "08:00", "stalled_shown": 5},
    }
    return ReminderSettings.model_validate(data | changes)


def statuses(**chosen: StepStatus) -> dict[StepId, StepStatus]:
    return {step: chosen.get(step.value, OPEN) for step in STEP_ORDER}


def amsterdam(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM).astimezone(UTC)


# which step stalls


def test_a_step_is_reminded_of_after_its_own_number_of_days() -> None:
    board = statuses(nummervoorziening=IN_PROGRESS)
    assert stalled_step(board, NOW - timedelta(days=6, hours=23), NOW, settings()) is None
    stall = stalled_step(board, NOW - timedelta(days=7), NOW, settings())
    assert stall is not None and stall.step == STEP1 and stall.since == NOW - timedelta(days=7)


def test_step_three_waits_fourteen_days_where_step_one_waits_seven() -> None:
    board = statuses(nummervoorziening=DONE, las=DONE, agreements=IN_PROGRESS)
    assert stalled_step(board, NOW - timedelta(days=10), NOW, settings()) is None
    stall = stalled_step(board, NOW - timedelta(days=14), NOW, settings())
    assert stall is not None and stall.step == AGREEMENTS


def test_a_step_someone_began_goes_before_an_earlier_open_one() -> None:
    board = statuses(agreements=IN_PROGRESS)  # step 1 still open
    stall = stalled_step(board, NOW - timedelta(days=20), NOW, settings())
    assert stall is not None and stall.step == AGREEMENTS
    waiting = statuses(nummervoorziening=WAITING)
    stall = stalled_step(waiting, NOW - timedelta(days=8), NOW, settings())
    assert stall is not None and stall.step == STEP1


def test_done_steps_and_steps_without_a_setting_are_never_reminded_of() -> None:
    everything_done = {step: DONE for step in STEP_ORDER}
    assert stalled_step(everything_done, NOW - timedelta(days=300), NOW, settings()) is None
    only_unlisted = statuses(nummervoorziening=DONE, agreements=DONE, las=IN_PROGRESS)
    assert stalled_step(only_unlisted, NOW - timedelta(days=300), NOW, settings()) is None


# more often as the target date comes closer


@pytest.mark.parametrize(
    ("days_before_target", "repeat"),
    [(200, 28), (61, 28), (60, 14), (31, 14), (30, 7), (1, 7), (0, 7), (-10, 7)],
)
def test_reminders_come_more_often_near_the_target_date(days_before_target: int, repeat: int) -> None:
    target = NOW.date() + timedelta(days=days_before_target)
    assert repeat_after_days(NOW, target, settings().schedule) == repeat


def test_without_rules_for_the_last_weeks_the_interval_stays() -> None:
    plain = settings(schedule={"repeat_after_days": 21})
    assert repeat_after_days(NOW, NOW.date() + timedelta(days=3), plain.schedule) == 21


# quiet hours


def test_a_message_on_a_weekday_afternoon_goes_at_once() -> None:
    wednesday = amsterdam(2026, 11, 25, 14, 30)
    assert next_send_time(wednesday, settings().send_hours) == wednesday


@pytest.mark.parametrize(
    ("moment", "sent"),
    [
        (amsterdam(2026, 11, 27, 20, 0), amsterdam(2026, 11, 30, 8, 0)),  # Friday evening -> Monday
        (amsterdam(2026, 11, 27, 18, 0), amsterdam(2026, 11, 30, 8, 0)),  # 18:00 is already too late
        (amsterdam(2026, 11, 28, 11, 0), amsterdam(2026, 11, 30, 8, 0)),  # Saturday
        (amsterdam(2026, 11, 29, 23, 59), amsterdam(2026, 11, 30, 8, 0)),  # Sunday night
        (amsterdam(2026, 11, 24, 6, 45), amsterdam(2026, 11, 24, 8, 0)),  # Tuesday early
        (amsterdam(2026, 11, 24, 19, 0), amsterdam(2026, 11, 25, 8, 0)),  # Tuesday evening
    ],
)
def test_outside_the_send_hours_a_message_waits_for_the_next_weekday_morning(
    moment: datetime, sent: datetime
) -> None:
    assert next_send_time(moment, settings().send_hours) == sent


def test_the_morning_stays_eight_oclock_across_the_change_of_summer_time() -> None:
    hours = settings().send_hours
    # Summer time ends on Sunday 25 October 2026: Friday evening is UTC+2, Monday morning UTC+1.
    autumn = next_send_time(amsterdam(2026, 10, 23, 20, 0), hours)
    assert autumn == datetime(2026, 10, 26, 7, 0, tzinfo=UTC)
    # It begins on Sunday 28 March 2027: Friday evening is UTC+1, Monday morning UTC+2.
    spring = next_send_time(amsterdam(2027, 3, 26, 20, 0), hours)
    assert spring == datetime(2027, 3, 29, 6, 0, tzinfo=UTC)
    assert autumn.astimezone(AMSTERDAM).hour == spring.astimezone(AMSTERDAM).hour == 8


# who is left out


def person(**changes: Any) -> PersonState:
    values: dict[str, Any] = {
        "reference": REFERENCE,
        "reachable": True,
        "wants_reminders": True,
        "reminders_this_week": 0,
        "last_reminder_at": None,
    }
    return PersonState(**values | changes)


def test_a_reachable_person_who_wants_reminders_gets_one() -> None:
    assert skip_reason(person(), NOW, 7, 2) is None


@pytest.mark.parametrize(
    ("state", "reason"),
    [
        (person(wants_reminders=False), Skip.OPTED_OUT),
        (person(reachable=False), Skip.UNREACHABLE),
        (person(reference=None), Skip.NO_REFERENCE),
        (person(last_reminder_at=NOW - timedelta(days=6)), Skip.RECENTLY_REMINDED),
        (person(reminders_this_week=2, last_reminder_at=NOW - timedelta(days=8)), Skip.CAPPED),
    ],
)
def test_who_gets_no_reminder_and_why(state: PersonState, reason: Skip) -> None:
    assert skip_reason(state, NOW, 7, 2) == reason


def test_the_interval_is_counted_from_the_last_reminder() -> None:
    reminded = person(last_reminder_at=NOW - timedelta(days=13))
    assert skip_reason(reminded, NOW, 14, 2) == Skip.RECENTLY_REMINDED
    assert skip_reason(reminded, NOW, 7, 2) is None


def test_a_cap_of_one_allows_one_reminder_a_week() -> None:
    assert skip_reason(person(reminders_this_week=0), NOW, 7, 1) is None
    assert skip_reason(person(reminders_this_week=1), NOW, 7, 1) == Skip.CAPPED


# once per calendar week, in Amsterdam's calendar


def test_one_key_per_board_step_person_and_week() -> None:
    monday, sunday = amsterdam(2026, 11, 23, 8, 0), amsterdam(2026, 11, 29, 23, 30)
    key = reminder_key("b1", STEP1, "anne", monday)
    assert key == "reminder:b1:nummervoorziening:anne:2026-W48"
    assert reminder_key("b1", STEP1, "anne", sunday) == key
    # Monday 00:30 in Amsterdam is still Sunday in UTC, but a new week here.
    assert reminder_key("b1", STEP1, "anne", amsterdam(2026, 11, 30, 0, 30)).endswith("2026-W49")
    assert reminder_key("b1", LAS, "anne", monday) != key
    assert reminder_key("b1", STEP1, "bob", monday) != key
    assert digest_key("c1", monday) == digest_key("c1", sunday) == "digest:c1:2026-W48"


def test_the_digest_is_due_from_monday_eight_oclock() -> None:
    digest = settings().digest
    assert not digest_due(amsterdam(2026, 11, 30, 7, 59), digest)
    assert digest_due(amsterdam(2026, 11, 30, 8, 0), digest)
    assert digest_due(amsterdam(2026, 12, 3, 15, 0), digest)  # later that week, if it was missed
    wednesday = settings(digest={"weekday": "wednesday", "at": "09:30", "stalled_shown": 3}).digest
    assert not digest_due(amsterdam(2026, 12, 1, 12, 0), wednesday)
    assert digest_due(amsterdam(2026, 12, 2, 9, 30), wednesday)
