"""content/reminders.yaml: when boards are reminded and coordinators get their digest, validated.

Editors outside the team change this file, so a mistake names the file and the field and stops
the bot at start-up, instead of reminding nobody (or everybody) in silence.
"""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Literal

from pydantic import Field, StrictInt, StrictStr, field_validator, model_validator

from bot.content import load_model
from bot.content_models import Strict
from bot.onboarding.models import StepId

REMINDERS_FILE = "reminders.yaml"
SHORTEST_REPEAT_DAYS = 7  # the idempotency key is per calendar week: once a week at most
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday"]


def _clock_time(text: str) -> time:
    hours, _, minutes = text.partition(":")
    if not (len(hours) == 2 and len(minutes) == 2 and hours.isdigit() and minutes.isdigit()):
        raise ValueError(f'expected a time as "HH:MM", got {text!r}')
    if int(hours) > 23 or int(minutes) > 59:
        raise ValueError(f"no such time of day: {text!r}")
    return time(int(hours), int(minutes))


class StepReminder(Strict):
    stalled_after_days: StrictInt = Field(ge=1, le=365)


class CloserRule(Strict):
    within_days: StrictInt = Field(ge=1, le=366)
    repeat_after_days: StrictInt = Field(ge=SHORTEST_REPEAT_DAYS, le=365)


class Schedule(Strict):
    repeat_after_days: StrictInt = Field(ge=SHORTEST_REPEAT_DAYS, le=365)
    closer_to_target: list[CloserRule] = Field(default_factory=list)


class SendHours(Strict):
    start: StrictStr = Field(alias="from")
    until: StrictStr

    @field_validator("start", "until")
    @classmethod
    def _is_time(cls, text: str) -> str:
        _clock_time(text)
        return text

    @model_validator(mode="after")
    def _in_order(self) -> SendHours:
        if self.start_time >= self.until_time:
            raise ValueError(f"from ({self.start}) must be earlier than until ({self.until})")
        return self

    @property
    def start_time(self) -> time:
        return _clock_time(self.start)

    @property
    def until_time(self) -> time:
        return _clock_time(self.until)


class DigestSettings(Strict):
    weekday: Weekday
    at: StrictStr
    stalled_shown: StrictInt = Field(ge=0, le=20)

    @field_validator("at")
    @classmethod
    def _is_time(cls, text: str) -> str:
        _clock_time(text)
        return text

    @property
    def weekday_number(self) -> int:
        """0 for Monday, as date.weekday() counts."""
        return WEEKDAYS.index(self.weekday)

    @property
    def at_time(self) -> time:
        return _clock_time(self.at)


class ReminderSettings(Strict):
    steps: dict[StepId, StepReminder]
    schedule: Schedule
    cap_per_week: StrictInt = Field(ge=0, le=50)
    send_hours: SendHours
    digest: DigestSettings

    @field_validator("steps", mode="before")
    @classmethod
    def _known_steps(cls, steps: object) -> object:
        # A strict enum key would only say "input should be an instance of StepId": name the choices.
        if isinstance(steps, dict):
            known = {step.value for step in StepId}
            unknown = sorted(str(key) for key in steps if key not in known)
            if unknown:
                raise ValueError(
                    f"unknown step {', '.join(unknown)}; the steps are {', '.join(sorted(known))}"
                )
            return {StepId(key): value for key, value in steps.items()}
        return steps

    def stalled_after_days(self, step: StepId) -> int | None:
        found = self.steps.get(step)
        return found.stalled_after_days if found else None


def load_reminder_settings(content_dir: Path) -> ReminderSettings:
    """Reads content/reminders.yaml; raises bot.content.ContentError naming the file and field."""
    return load_model(content_dir / REMINDERS_FILE, ReminderSettings, content_dir)
