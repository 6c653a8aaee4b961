"""The composition root: the one place that builds the store, the service and the bot."""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import timedelta

from bot.config import Settings
from bot.content import Content, ContentError, load_content
from bot.conversation_state import TurnConversationState
from bot.coordination.links import LinkSigner
from bot.coordination.programs import checked_programs
from bot.coordination.service import CoordinatorService, OverviewSettings
from bot.dpa.checklist import load_checklist
from bot.handler import OnboardingBot
from bot.helpdesk.service import HelpdeskService
from bot.onboarding.clock import Clock, system_clock
from bot.onboarding.models import StepId
from bot.onboarding.progress import StepRule
from bot.onboarding.service import OnboardingService
from bot.privacy.export_links import ExportLinks
from bot.privacy.service import PersonalDataService
from bot.reminders.scheduler import ReminderScheduler
from bot.reminders.settings import load_reminder_settings
from bot.reminders.store import SqlReminderStore
from bot.retention.job import RetentionJob
from bot.retention.policy import RetentionPolicy
from bot.startup_cache import StartupCache, question_matcher
from bot.state_storage import DatabaseStorage
from bot.storage.helpdesk_sql import SqlHelpdeskStore
from bot.storage.migrate import upgrade_to_head
from bot.storage.outbox_sql import SqlOutboxStore
from bot.storage.overview_sql import SqlOverviewStore
from bot.storage.privacy_sql import SqlPrivacyStore
from bot.storage.protocol import Store
from bot.storage.retention_sql import SqlRetentionStore
from bot.storage.sql import SqlStore
from dialogs.dpa_review import DpaDesk, dpa_desk
from dialogs.faq import QuestionDesk
from dialogs.hooks import check_hooks


def load_checked_content(settings: Settings, cache: StartupCache | None = None) -> Content:
    """Content validated as files, then against the hooks the code offers.

    With a CACHE (`eckbot serve`), content that passed every check before, unchanged and with
    the same code, is read without the checks across files, and YAML parsed before is not
    parsed again.
    """
    cache = cache or StartupCache.off()
    cache.load_parsed_yaml()
    checked = cache.content_checked()
    content = load_content(settings.content_dir, checks=not checked)
    problems = [] if checked else check_hooks(content)
    if problems:
        raise ContentError(problems)
    load_reminder_settings(settings.content_dir)  # checked with the rest; read again by build()
    load_checklist(settings.content_dir)  # the agreement review's checklist, likewise
    if not checked:
        cache.mark_content_checked()
    cache.save_parsed_yaml()
    return content


def step_rules(content: Content) -> dict[StepId, StepRule]:
    return {
        StepId(step.id): StepRule(tuple(step.done_when), tuple(step.waiting_when))
        for step in content.journey.steps
    }


@dataclass
class Components:
    content: Content
    store: Store
    service: OnboardingService
    helpdesk: HelpdeskService
    coordination: CoordinatorService
    outbox: SqlOutboxStore
    reminders: ReminderScheduler
    bot: OnboardingBot
    retention: RetentionJob
    privacy: PersonalDataService
    dpa: DpaDesk

    async def close(self) -> None:
        await self.dpa.close()
        await self.store.close()


async def build(
    settings: Settings,
    clock: Clock = system_clock,
    content: Content | None = None,
    cache: StartupCache | None = None,
    migration: Future[None] | None = None,
) -> Components:
    """MIGRATION: the schema upgrade when the caller started it already (bot/app.py does, beside
    loading the content, since a new database's tables take a tenth of a second to make)."""
    content = content or load_checked_content(settings)
    if migration is None:
        await asyncio.to_thread(upgrade_to_head, settings.database_url)
    else:
        await asyncio.wrap_future(migration)
    store = SqlStore.from_url(settings.database_url, clock)
    service = OnboardingService(store, step_rules(content), content.supplier_names(), clock)
    helpdesk = HelpdeskService(SqlHelpdeskStore(store.runner, clock), clock)
    desk = QuestionDesk(content, question_matcher(content.knowledge, cache or StartupCache.off()))
    coordination = CoordinatorService(
        SqlOverviewStore(store.runner),
        settings.coordinators,
        LinkSigner(settings.dashboard_key, timedelta(minutes=settings.link_minutes)),
        OverviewSettings(settings.stalled_days, settings.target_date),
        clock,
        programs=checked_programs(settings.programs_setting, settings.coordinators),
    )
    outbox = SqlOutboxStore(store.runner)
    reminders = ReminderScheduler(
        content,
        load_reminder_settings(settings.content_dir),
        SqlReminderStore(store.runner),
        outbox,
        coordination,
        clock,
    )
    conversation_state = TurnConversationState(DatabaseStorage(store))
    dpa = dpa_desk(content, store, step_rules(content), clock)
    privacy = PersonalDataService(
        SqlPrivacyStore(store.runner),
        ExportLinks(settings.dashboard_key, timedelta(minutes=settings.link_minutes)),
        clock,
    )
    bot = OnboardingBot(
        content,
        service,
        store,
        conversation_state,
        helpdesk,
        desk,
        coordination,
        app_id=settings.app_id,
        public_url=settings.public_url,
        link_minutes=settings.link_minutes,
        outbox=outbox,
        privacy=privacy,
        dpa=dpa,
    )
    retention = RetentionJob(SqlRetentionStore(store.runner), RetentionPolicy.from_settings(settings), clock)
    return Components(
        content, store, service, helpdesk, coordination, outbox, reminders, bot, retention, privacy, dpa
    )
