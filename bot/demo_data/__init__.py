"""`eckbot demo-data`: clearly fictional boards at realistic stages, so a newcomer sees a living dashboard.

Every board walks the real domain: OnboardingService records each answer with its recorders and
re-derives the steps, on a clock set to the moment of that answer, so statuses and events are
what the bot itself would have stored. The service works on an in-memory store; the boards and
their events are then written in one transaction, so 2,000 boards take seconds, not minutes.

Demo boards are marked three ways: their tenant is DEMO_TENANT (a real tenant id is a GUID), their
names start with "Stichting Demo", and their bevoegd-gezagnummers start with a 0 (0xxxx).
"""

from __future__ import annotations

from bot.demo_data.database import (
    DemoRefused,
    DemoReport,
    free_numbers,
    real_board_numbers,
    write_demo_boards,
)
from bot.demo_data.journeys import DEMO_TENANT, MAX_BOARDS, build_demo_boards, demo_number

__all__ = [
    "DEMO_TENANT",
    "MAX_BOARDS",
    "DemoRefused",
    "DemoReport",
    "build_demo_boards",
    "demo_number",
    "free_numbers",
    "real_board_numbers",
    "write_demo_boards",
]
