"""Retention over the test's own database (SQLite, and PostgreSQL when configured), on a clock
that the tests move past the periods."""

from __future__ import annotations

import pytest

from bot.composition import Components, step_rules
from bot.content import Content
from bot.helpdesk.service import HelpdeskService
from bot.onboarding.clock import Clock, FixedClock
from bot.onboarding.models import Actor
from bot.onboarding.service import OnboardingService, Speaker
from bot.retention.job import RetentionJob
from bot.retention.policy import RetentionPolicy
from bot.storage.helpdesk_sql import SqlHelpdeskStore
from bot.storage.retention_sql import SqlRetentionStore
from bot.storage.runners import Runner
from bot.storage.sql import SqlStore

TENANT = "tenant-a"


def speaker(key: str, name: str) -> Speaker:
    return Speaker(TENANT, Actor(key=key, name=name))


ANNE = speaker("key-anne", "Anne de Vries")
BOB = speaker("key-bob", "Bob Jansen")


def retention_job(runner: Runner, clock: Clock) -> RetentionJob:
    """With the default periods: 730 days for who did what, 90 for closed tickets' text."""
    return RetentionJob(SqlRetentionStore(runner), RetentionPolicy(), clock)


def runner_of(components: Components) -> Runner:
    assert isinstance(components.store, SqlStore)
    return components.store.runner


@pytest.fixture
def service(store: SqlStore, content: Content, clock: FixedClock) -> OnboardingService:
    return OnboardingService(store, step_rules(content), content.supplier_names(), clock)


@pytest.fixture
def helpdesk(store: SqlStore, clock: FixedClock) -> HelpdeskService:
    return HelpdeskService(SqlHelpdeskStore(store.runner, clock), clock)


@pytest.fixture
def retention(store: SqlStore, clock: FixedClock) -> RetentionJob:
    return retention_job(store.runner, clock)
