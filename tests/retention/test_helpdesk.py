"""Closed tickets lose their free text 90 days after closing; typed questions lose their text after
90 days; what the figures need (status, times, bands, entries) stays."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from bot.helpdesk.models import Ticket, TicketStatus
from bot.helpdesk.service import HelpdeskService
from bot.onboarding.clock import FixedClock
from bot.onboarding.models import Actor
from bot.privacy.pseudonyms import is_erased
from bot.retention.job import RetentionJob, RetentionReport
from bot.storage.schema import questions_asked
from bot.storage.sql import SqlStore
from tests.retention.conftest import ANNE

COORDINATOR = Actor(key="key-carla", name="Carla Coördinator")
REPLY_TO = {"conversation": {"id": "personal-anne"}, "user": {"id": "29:anne", "name": "Anne de Vries"}}


async def ask(helpdesk: HelpdeskService, question: str) -> Ticket:
    return await helpdesk.open_ticket(ANNE, None, question, "nl", REPLY_TO)


async def test_a_ticket_closed_91_days_ago_keeps_no_text_and_younger_or_open_ones_keep_theirs(
    helpdesk: HelpdeskService, retention: RetentionJob, clock: FixedClock
) -> None:
    old = await ask(helpdesk, "Moet Anne van De Linde elke school apart laten tekenen?")
    await helpdesk.answer(old.id, "Nee, één handtekening van de bestuurder volstaat.", COORDINATOR)
    recent = await ask(helpdesk, "Wie belt ParnasSys voor ons?")
    still_open = await ask(helpdesk, "Wat als een leerling geen BSN heeft?")
    clock.advance(days=61)
    await helpdesk.answer(recent.id, "De contactpersoon van de school.", COORDINATOR)
    clock.advance(days=30)  # the first closed 91 days ago, the second 30

    report = await retention.run_once(clock())

    aged = await helpdesk.ticket(old.id)
    assert (aged.question, aged.asker_name, aged.answer, aged.answered_by, aged.reply_to) == (
        "",
        "",
        None,
        None,
        {},
    )
    assert (aged.status, aged.asked_at, aged.answered_at, aged.id) == (
        TicketStatus.ANSWERED,
        old.asked_at,
        old.asked_at,
        old.id,
    )
    kept = await helpdesk.ticket(recent.id)
    assert (kept.question, kept.answer, kept.asker_name) == (
        "Wie belt ParnasSys voor ons?",
        "De contactpersoon van de school.",
        "Anne de Vries",
    )
    assert (await helpdesk.ticket(still_open.id)).question == "Wat als een leerling geen BSN heeft?"
    assert [t.id for t in await helpdesk.open_tickets()] == [still_open.id]
    assert report.ticket_texts_deleted == 1


async def test_who_asked_a_closed_ticket_is_pseudonymised_after_the_longer_period(
    helpdesk: HelpdeskService, retention: RetentionJob, clock: FixedClock
) -> None:
    ticket = await ask(helpdesk, "Hoe bereik ik ParnasSys?")
    await helpdesk.answer(ticket.id, "Via het klantportaal.", COORDINATOR)
    clock.advance(days=100)
    first = await retention.run_once(clock())
    assert (await helpdesk.ticket(ticket.id)).asker_key == ANNE.actor.key
    clock.advance(days=631)

    later = await retention.run_once(clock())

    assert is_erased((await helpdesk.ticket(ticket.id)).asker_key)
    assert (first.ticket_texts_deleted, first.ticket_askers_pseudonymised) == (1, 0)
    assert (later.ticket_texts_deleted, later.ticket_askers_pseudonymised) == (0, 1)


async def question_rows(store: SqlStore) -> list[Any]:
    query = sa.select(questions_asked.c.band, questions_asked.c.entry_id, questions_asked.c.text).order_by(
        questions_asked.c.id
    )
    rows: list[Any] = await store.runner.read(lambda conn: conn.execute(query).all())
    return [tuple(row) for row in rows]


async def test_typed_questions_lose_their_text_after_90_days_and_stay_counted(
    helpdesk: HelpdeskService, retention: RetentionJob, clock: FixedClock, store: SqlStore
) -> None:
    await helpdesk.log_question(ANNE, None, "none", None, 0.1, "waarom doet de printer van Anne het niet")
    await helpdesk.log_question(ANNE, None, "answer", "bsn-missing", 0.9, "geen bsn?")
    clock.advance(days=61)
    await helpdesk.log_question(ANNE, None, "close", "las-contact", 0.4, "wie belt de leverancier")
    clock.advance(days=30)

    report = await retention.run_once(clock())

    assert await question_rows(store) == [
        ("none", None, None),
        ("answer", "bsn-missing", None),
        ("close", "las-contact", "wie belt de leverancier"),
    ]
    assert report.question_texts_deleted == 1
    clock.advance(days=1)
    assert await retention.run_once(clock()) == RetentionReport()
