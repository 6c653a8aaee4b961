"""A scheduler over the test's own SQLite database, and boards made through the real domain."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.composition import step_rules
from bot.content import Content
from bot.coordination.links import LinkSigner
from bot.coordination.service import CoordinatorService, OverviewSettings
from bot.onboarding.clock import Clock, FixedClock
from bot.onboarding.models import Actor, Board, StepId
from bot.onboarding.recorders import Answer
from bot.onboarding.service import OnboardingService, Speaker
from bot.reminders.scheduler import ReminderScheduler
from bot.reminders.settings import load_reminder_settings
from bot.reminders.store import SqlReminderStore
from bot.storage.helpdesk_sql import SqlHelpdeskStore
from bot.storage.outbox_sql import SqlOutboxStore
from bot.storage.overview_sql import SqlOverviewStore
from bot.storage.sql import SqlStore
from bot.turns import coordinator_key

TENANT = "tenant-a"
COORDINATOR = "0f8fad5b-d9cb-469f-a165-70867728950e"
SILENT_COORDINATOR = "coordinator-without-chat@example.org"
TARGET = date(2027, 8, 1)


def reference(conversation: str) -> dict[str, Any]:
    return {
        "serviceUrl": "https://smba.trafficmanager.net/emea/",
        "channelId": "msteams",
        "conversation": {"id": conversation, "conversationType": "personal"},
        "user": {"id": f"29:{conversation}"},
    }


def speaker(key: str) -> Speaker:
    return Speaker(TENANT, Actor(key=key, name=f"Naam van {key}"))


def set_clock(clock: FixedClock, moment: datetime) -> None:
    clock.advance(seconds=(moment - clock()).total_seconds())


@pytest.fixture
def service(store: SqlStore, content: Content, clock: FixedClock) -> OnboardingService:
    return OnboardingService(store, step_rules(content), content.supplier_names(), clock)


@pytest.fixture
def outbox(store: SqlStore) -> SqlOutboxStore:
    return SqlOutboxStore(store.runner)


def make_scheduler(store: SqlStore, content: Content, clock: Clock) -> ReminderScheduler:
    coordination = CoordinatorService(
        SqlOverviewStore(store.runner),
        frozenset({COORDINATOR, SILENT_COORDINATOR}),
        LinkSigner(b"k" * 32, timedelta(minutes=10)),
        OverviewSettings(14, TARGET),
        clock,
    )
    return ReminderScheduler(
        content,
        load_reminder_settings(content.root),
        SqlReminderStore(store.runner),
        SqlOutboxStore(store.runner),
        coordination,
        clock,
    )


@pytest.fixture
def scheduler(store: SqlStore, content: Content, clock: FixedClock) -> ReminderScheduler:
    return make_scheduler(store, content, clock)


@pytest.fixture
def helpdesk_store(store: SqlStore, clock: FixedClock) -> SqlHelpdeskStore:
    return SqlHelpdeskStore(store.runner, clock)


async def stalled_board(
    service: OnboardingService,
    outbox: SqlOutboxStore,
    number: str,
    *members: str,
    chats: tuple[str, ...] = (),
) -> Board:
    """A board named by its first member (step 1 begun), with MEMBERS linked; CHATS have a reference."""
    first, *others = members
    board = await service.identify_board(speaker(first), number)
    board = (
        await service.record(
            speaker(first), board.id, StepId.NUMMERVOORZIENING, "set_board_name", Answer("Stichting De Linde")
        )
    ).board
    for other in others:
        await service.identify_board(speaker(other), number)
    for person in chats:
        await outbox.save_reference(person, reference(f"a:{person}"), service.now())
    return board


async def save_coordinator_chat(helpdesk_store: SqlHelpdeskStore, identity: str) -> str:
    key = coordinator_key(identity)
    await helpdesk_store.save_coordinator_contact(key, reference(f"a:{key[:8]}"))
    return key


EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
