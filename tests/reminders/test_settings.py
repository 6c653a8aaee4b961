"""content/reminders.yaml: the shipped file loads; an editor's mistake names the file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content import ContentError
from bot.onboarding.models import StepId
from bot.reminders.settings import REMINDERS_FILE, load_reminder_settings

SHIPPED = Path(__file__).resolve().parents[2] / "content" / REMINDERS_FILE


def test_the_shipped_settings_load() -> None:
    settings = load_reminder_settings(SHIPPED.parent)
    assert settings.stalled_after_days(StepId.NUMMERVOORZIENING) == 7
    assert settings.stalled_after_days(StepId.AGREEMENTS) == 14
    assert settings.cap_per_week == 2
    assert (settings.send_hours.start, settings.send_hours.until) == ("08:00", "18:00")
    assert settings.digest.weekday == "monday"


def edited(tmp_path: Path, old: str, new: str) -> Path:
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text, old
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / REMINDERS_FILE).write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("old", "new", "named"),
    [
        ('until: "18:00"', "until: 18:00", "send_hours.until"),  # YAML reads 18:00 as a number
        ('until: "18:00"', 'until: "7:00"', "send_hours.until"),
        ('until: "18:00"', 'until: "07:00"', "send_hours"),  # earlier than from
        ("  las:\n", "  lass:\n", "steps"),
        ("stalled_after_days: 7", "stalled_after_days: zeven", "steps.nummervoorziening.stalled_after_days"),
        ("repeat_after_days: 28", "repeat_after_days: 3", "schedule.repeat_after_days"),
        ("weekday: monday", "weekday: sunday", "digest.weekday"),
        ("cap_per_week: 2", "cap_per_week: 2\nsend_every: 5", "send_every"),
    ],
)
def test_a_mistake_stops_the_start_naming_file_and_field(
    tmp_path: Path, old: str, new: str, named: str
) -> None:
    with pytest.raises(ContentError) as raised:
        load_reminder_settings(edited(tmp_path, old, new))
    problems = raised.value.problems
    assert problems and all(p.startswith(f"content/{REMINDERS_FILE}: ") for p in problems), problems
    assert any(f": {named}:" in p or p.split(": ")[1].startswith(named) for p in problems), problems


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"reminders\.yaml: file is missing"):
        load_reminder_settings(tmp_path)
