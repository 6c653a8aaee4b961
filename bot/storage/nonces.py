"""Single-use links: the table of nonces already spent (dashboard sign-in and board export alike)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError

from bot.storage.runners import Runner
from bot.storage.schema import dashboard_links


async def spend_nonce(runner: Runner, nonce: str, at: datetime) -> bool:
    """True the first time NONCE is spent, False ever after (on any instance: the primary key)."""
    insert = dashboard_links.insert().values(nonce=nonce, used_at=at)
    try:
        await runner.write(lambda conn: conn.execute(insert))
    except IntegrityError:
        return False
    return True
