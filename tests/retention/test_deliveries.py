"""What only served a delivery or a sign-in does not outlive its use: messages the bot sent (they
hold the recipient's chat and the text), expired dashboard sessions, spent link nonces."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from bot.onboarding.clock import FixedClock
from bot.outbox.models import NewMessage, OutboxStatus
from bot.retention.job import RetentionJob
from bot.storage.outbox_sql import SqlOutboxStore
from bot.storage.runners import Db
from bot.storage.schema import dashboard_links, dashboard_sessions
from bot.storage.sql import SqlStore

REFERENCE = {"serviceUrl": "https://smba.example/", "conversation": {"id": "a:anne"}, "user": {"id": "29:a"}}


def message(key: str) -> NewMessage:
    text = {"type": "message", "text": "Herinnering voor Anne de Vries"}
    return NewMessage(key, "reminder", "key-anne", REFERENCE, [text])


async def send(outbox: SqlOutboxStore, key: str, clock: FixedClock) -> None:
    await outbox.enqueue(message(key), clock())
    [claimed] = await outbox.claim("sender", clock(), timedelta(minutes=1), limit=1)
    assert await outbox.mark_sent(claimed.id, "sender", clock(), "activity-1")


async def test_sent_messages_go_after_the_period_and_waiting_ones_stay(
    store: SqlStore, retention: RetentionJob, clock: FixedClock
) -> None:
    outbox = SqlOutboxStore(store.runner)
    await send(outbox, "old", clock)
    clock.advance(days=60)
    await send(outbox, "recent", clock)
    await outbox.enqueue(message("waiting"), clock() + timedelta(days=365))
    clock.advance(days=31)  # "old" is 91 days old, "recent" 31

    dry = await retention.run_once(clock(), dry_run=True)
    report = await retention.run_once(clock())

    assert dry.messages_deleted == report.messages_deleted == 1
    assert await outbox.by_key("old") is None
    recent = await outbox.by_key("recent")
    waiting = await outbox.by_key("waiting")
    assert recent is not None and recent.status == OutboxStatus.SENT
    assert waiting is not None and waiting.status == OutboxStatus.QUEUED


async def test_expired_sessions_and_long_spent_link_nonces_go(
    store: SqlStore, retention: RetentionJob, clock: FixedClock
) -> None:
    now = clock()
    rows = [
        ("expired", now - timedelta(minutes=1)),
        ("valid", now + timedelta(hours=8)),
    ]

    def fill(conn: Db) -> None:
        for id_hash, expires_at in rows:
            conn.execute(
                dashboard_sessions.insert().values(
                    id_hash=id_hash,
                    coordinator_key="coordinator@example.org",
                    csrf_token="c",
                    expires_at=expires_at,
                )
            )
        conn.execute(dashboard_links.insert().values(nonce="spent-long-ago", used_at=now - timedelta(days=2)))
        conn.execute(dashboard_links.insert().values(nonce="just-used", used_at=now - timedelta(minutes=5)))

    await store.runner.write(fill)

    report = await retention.run_once(now)

    def left(conn: Db) -> tuple[set[str], set[str]]:
        sessions = set(conn.execute(sa.select(dashboard_sessions.c.id_hash)).scalars())
        nonces = set(conn.execute(sa.select(dashboard_links.c.nonce)).scalars())
        return sessions, nonces

    assert await store.runner.read(left) == ({"valid"}, {"just-used"})
    assert report.sign_ins_deleted == 2
