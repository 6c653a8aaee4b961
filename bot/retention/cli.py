"""eckbot retention [--dry-run]: one retention pass now, and a table of what it changed."""

from __future__ import annotations

import asyncio
import sys
from typing import TextIO

from bot.config import Settings
from bot.onboarding.clock import Clock, system_clock
from bot.retention.job import RetentionJob, RetentionReport
from bot.retention.policy import RetentionPolicy
from bot.storage.migrate import upgrade_to_head
from bot.storage.retention_sql import SqlRetentionStore
from bot.storage.runners import runner_for


def report_table(report: RetentionReport, policy: RetentionPolicy, dry_run: bool) -> str:
    heading = "would change (dry run)" if dry_run else "changed"
    counts = report.counts()
    width = max(len(name) for name in counts)
    lines = [
        f"retention: pseudonymise after {policy.pseudonymise_after.days} days, "
        f"closed tickets' text after {policy.closed_ticket_text_after.days} days",
        f"{'':<{width}}  {heading}",
        *(f"{name:<{width}}  {value:>{len(heading)}}" for name, value in counts.items()),
    ]
    return "\n".join(lines)


async def _pass(settings: Settings, policy: RetentionPolicy, dry_run: bool, clock: Clock) -> RetentionReport:
    runner = runner_for(settings.database_url)
    try:
        return await RetentionJob(SqlRetentionStore(runner), policy, clock).run_once(clock(), dry_run)
    finally:
        await runner.close()


def run_retention(
    settings: Settings, dry_run: bool, clock: Clock = system_clock, out: TextIO = sys.stdout
) -> int:
    """Runs one pass on the configured database and prints its counts; the exit status."""
    policy = RetentionPolicy.from_settings(settings)
    upgrade_to_head(settings.database_url)
    report = asyncio.run(_pass(settings, policy, dry_run, clock))
    print(report_table(report, policy, dry_run), file=out)
    return 0
