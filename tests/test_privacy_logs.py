"""What people type and who they are never reaches the logs at info level."""

from __future__ import annotations

import logging

import pytest

from bot.cli import quiet_noisy_loggers
from tests.dialogs.test_journey import walk_step1
from tests.flow import Flow


async def test_a_journey_logs_no_names_and_no_typed_text(
    flow: Flow, caplog: pytest.LogCaptureFixture
) -> None:
    quiet_noisy_loggers(logging.INFO)
    caplog.set_level(logging.INFO)
    await flow.install()
    await walk_step1(flow)
    await flow.user("een vraag met een geheim: Jansen")
    await flow.user("stop")

    logged = "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records)
    for personal in (
        "Anne de Vries",
        "Stichting De Linde",
        "De Regenboog",
        "Jansen",
        "directeur",
        "user-anne",
    ):
        assert personal not in logged
