"""What coordinators read across all boards, counted in SQL (one query per view, never one per
board), and the tables behind their access: coordinators added in chat, sign-in links, dashboard
sessions and API tokens. Only bot/coordination/service.py calls this, after checking the role.

Every read of boards, questions and tickets takes TENANTS, the coordinator's program's tenants,
and reads nothing outside them. None (every tenant) is for the program of a deployment without
ECKBOT_PROGRAMS, and for tools; the service always passes its caller's scope."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from bot.coordination.models import (
    ApiToken,
    BoardFilter,
    BoardRow,
    DashboardSession,
    EntryFeedback,
    QuestionStats,
    Summary,
    Undelivered,
)
from bot.onboarding.models import STEP_ORDER, Board, Event, StepStatus
from bot.storage.board_columns import STEP_COLUMNS
from bot.storage.nonces import spend_nonce
from bot.storage.runners import Db, Runner
from bot.storage.schema import (
    answer_feedback,
    api_tokens,
    boards,
    coordinators,
    dashboard_sessions,
    events,
    outbox,
    questions_asked,
    tickets,
)
from bot.storage.sql import event_from_row
from bot.storage.times import as_utc, as_utc_or_none

_STEP_COLUMN = {step: boards.c[column] for step, column in STEP_COLUMNS.items()}
_ALL_DONE = sa.and_(*(column == StepStatus.DONE.value for column in _STEP_COLUMN.values()))


Tenants = Collection[str] | None  # lower case; None: every tenant


def in_tenants(column: sa.ColumnElement[Any], tenants: Tenants) -> list[sa.ColumnElement[bool]]:
    """The condition that keeps a read inside a program's tenants (none when it sees every tenant)."""
    if tenants is None:
        return []
    return [sa.func.lower(column).in_(sorted(tenants))]


def _conditions(chosen: BoardFilter, tenants: Tenants) -> list[sa.ColumnElement[bool]]:
    conditions = in_tenants(boards.c.tenant_id, tenants)
    if chosen.step is not None and chosen.status is not None:
        conditions.append(_STEP_COLUMN[chosen.step] == chosen.status.value)
    elif chosen.status is not None:
        conditions.append(sa.or_(*(c == chosen.status.value for c in _STEP_COLUMN.values())))
    elif chosen.step is not None:  # a step alone: the boards still busy with it
        conditions.append(_STEP_COLUMN[chosen.step] != StepStatus.DONE.value)
    if chosen.supplier:
        conditions.append(boards.c.suppliers.like(f"%,{_like_safe(chosen.supplier)},%", escape="\\"))
    if chosen.stalled_before is not None:
        conditions.append(sa.and_(boards.c.progress_at < chosen.stalled_before, sa.not_(_ALL_DONE)))
    if chosen.search:
        pattern = f"%{_like_safe(chosen.search.lower())}%"
        conditions.append(
            sa.or_(
                sa.func.lower(boards.c.name).like(pattern, escape="\\"),
                boards.c.bg_number.like(pattern, escape="\\"),
            )
        )
    return conditions


def _like_safe(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_ROW_COLUMNS = (
    boards.c.id,
    boards.c.tenant_id,
    boards.c.bg_number,
    boards.c.name,
    *_STEP_COLUMN.values(),
    boards.c.progress_at,
    boards.c.created_at,
    boards.c.updated_at,
    boards.c.suppliers,
)


def _board_row(row: Any) -> BoardRow:
    return BoardRow(
        id=row.id,
        tenant_id=row.tenant_id,
        bg_number=row.bg_number,
        name=row.name,
        statuses={step: StepStatus(row._mapping[column]) for step, column in STEP_COLUMNS.items()},
        progress_at=as_utc(row.progress_at or row.created_at),
        updated_at=as_utc(row.updated_at),
        suppliers=tuple(s for s in row.suppliers.split(",") if s),
    )


class SqlOverviewStore:
    def __init__(self, runner: Runner) -> None:
        self._runner = runner

    # progress

    async def summary(
        self, chosen: BoardFilter, stalled_before: datetime, *, tenants: Tenants = None
    ) -> Summary:
        """Per step, how many boards have each status; how many stalled and done. One query."""
        counts = [
            sa.func.sum(sa.case((column == status.value, 1), else_=0)).label(f"{step.value}:{status.value}")
            for step, column in _STEP_COLUMN.items()
            for status in StepStatus
        ]
        stalled = sa.and_(boards.c.progress_at < stalled_before, sa.not_(_ALL_DONE))
        query = sa.select(
            sa.func.count().label("boards"),
            sa.func.sum(sa.case((stalled, 1), else_=0)).label("stalled"),
            sa.func.sum(sa.case((_ALL_DONE, 1), else_=0)).label("done"),
            *counts,
        ).where(*_conditions(chosen, tenants))
        row = (await self._runner.read(lambda conn: conn.execute(query).one()))._mapping
        per_step = {
            step: {status: int(row[f"{step.value}:{status.value}"] or 0) for status in StepStatus}
            for step in STEP_ORDER
        }
        return Summary(
            boards=int(row["boards"]),
            per_step=per_step,
            stalled=int(row["stalled"] or 0),
            done=int(row["done"] or 0),
        )

    async def boards(
        self, chosen: BoardFilter, limit: int = 100, offset: int = 0, *, tenants: Tenants = None
    ) -> tuple[list[BoardRow], int]:
        """The boards that pass the filter, the longest stalled first, and how many there are in all."""
        conditions = _conditions(chosen, tenants)
        query = (
            sa.select(*_ROW_COLUMNS)
            .where(*conditions)
            .order_by(boards.c.progress_at.asc(), boards.c.name.asc())
            .limit(limit)
            .offset(offset)
        )
        total = sa.select(sa.func.count()).select_from(boards).where(*conditions)

        def read(conn: Db) -> tuple[list[Any], int]:
            return conn.execute(query).all(), int(conn.execute(total).scalar_one())

        rows, count = await self._runner.read(read)
        return [_board_row(row) for row in rows], count

    async def board(self, board_id: str, *, tenants: Tenants = None) -> tuple[Board, BoardRow] | None:
        query = sa.select(boards.c.data, boards.c.version, *_ROW_COLUMNS).where(
            boards.c.id == board_id, *in_tenants(boards.c.tenant_id, tenants)
        )
        row = await self._runner.read(lambda conn: conn.execute(query).first())
        if row is None:
            return None
        board = Board.model_validate_json(row.data)
        board.version = row.version
        return board, _board_row(row)

    async def events(self, board_id: str, limit: int = 50, *, tenants: Tenants = None) -> list[Event]:
        query = (
            sa.select(events)
            .select_from(events.join(boards, boards.c.id == events.c.board_id))
            .where(events.c.board_id == board_id, *in_tenants(boards.c.tenant_id, tenants))
            .order_by(events.c.id.desc())
            .limit(limit)
        )
        rows = await self._runner.read(lambda conn: conn.execute(query).all())
        return [event_from_row(r) for r in rows]

    async def question_stats(
        self, since: datetime, limit: int = 10, *, tenants: Tenants = None
    ) -> QuestionStats:
        asked_in = in_tenants(questions_asked.c.tenant_id, tenants)
        tickets_in = in_tenants(tickets.c.tenant_id, tenants)
        by_band = (
            sa.select(questions_asked.c.band, sa.func.count())
            .where(questions_asked.c.at >= since, *asked_in)
            .group_by(questions_asked.c.band)
        )
        escalated = (
            sa.select(sa.func.count()).select_from(tickets).where(tickets.c.asked_at >= since, *tickets_in)
        )
        still_open = (
            sa.select(sa.func.count()).select_from(tickets).where(tickets.c.status == "open", *tickets_in)
        )
        not_helpful = sa.func.sum(sa.case((answer_feedback.c.helpful.is_(False), 1), else_=0))
        helpful = sa.func.sum(sa.case((answer_feedback.c.helpful.is_(True), 1), else_=0))
        feedback = (
            sa.select(answer_feedback.c.entry_id, not_helpful.label("bad"), helpful.label("good"))
            .where(answer_feedback.c.at >= since, *in_tenants(answer_feedback.c.tenant_id, tenants))
            .group_by(answer_feedback.c.entry_id)
            .having(not_helpful > 0)
            .order_by(not_helpful.desc(), answer_feedback.c.entry_id)
            .limit(limit)
        )
        unanswered = (
            sa.select(questions_asked.c.text, questions_asked.c.at)
            .where(questions_asked.c.at >= since, questions_asked.c.text.is_not(None), *asked_in)
            .order_by(questions_asked.c.at.desc())
            .limit(limit)
        )

        def read(conn: Db) -> QuestionStats:
            return QuestionStats(
                by_band={band: int(n) for band, n in conn.execute(by_band).all()},
                escalated=int(conn.execute(escalated).scalar_one()),
                open_tickets=int(conn.execute(still_open).scalar_one()),
                least_helpful=[
                    EntryFeedback(r.entry_id, int(r.bad), int(r.good)) for r in conn.execute(feedback).all()
                ],
                unanswered=[(r.text, as_utc(r.at)) for r in conn.execute(unanswered).all()],
            )

        return await self._runner.read(read)

    async def undelivered(self, limit: int = 20, *, tenants: Tenants = None) -> tuple[list[Undelivered], int]:
        """The newest messages the outbox gave up on or could not deliver, with their board's name,
        in one query; and how many there are in all. Within a program only its boards' messages;
        messages for no board (coordinators' digests) only where every tenant is seen."""
        stopped = sa.and_(
            outbox.c.status.in_(["failed", "unreachable"]), *in_tenants(boards.c.tenant_id, tenants)
        )
        joined = outbox.outerjoin(boards, boards.c.id == outbox.c.board_id)
        query = (
            sa.select(
                outbox.c.created_at,
                outbox.c.kind,
                outbox.c.status,
                outbox.c.attempts,
                outbox.c.last_error,
                outbox.c.board_id,
                boards.c.name,
            )
            .select_from(joined)
            .where(stopped)
            .order_by(outbox.c.created_at.desc())
            .limit(limit)
        )
        total = sa.select(sa.func.count()).select_from(joined).where(stopped)

        def read(conn: Db) -> tuple[list[Undelivered], int]:
            rows = [
                Undelivered(
                    as_utc(r.created_at), r.kind, r.status, r.attempts, r.last_error, r.board_id, r.name
                )
                for r in conn.execute(query).all()
            ]
            return rows, int(conn.execute(total).scalar_one())

        return await self._runner.read(read)

    # coordinators added in chat

    async def coordinator_keys(self) -> set[str]:
        return set(await self.coordinator_programs())

    async def coordinator_programs(self) -> dict[str, str]:
        """Each coordinator added in chat, and the program they were added to ("" before programs)."""
        query = sa.select(coordinators.c.key, coordinators.c.program)
        rows = await self._runner.read(lambda conn: conn.execute(query).all())
        return {row.key: row.program for row in rows}

    async def add_coordinator(self, key: str, added_by: str, at: datetime, program: str = "") -> bool:
        insert = coordinators.insert().values(key=key, added_by=added_by, added_at=at, program=program)
        try:
            await self._runner.write(lambda conn: conn.execute(insert))
        except IntegrityError:
            return False
        return True

    async def remove_coordinator(self, key: str, programs: Collection[str] | None = None) -> bool:
        """Removes a coordinator added in chat, only if stored under one of PROGRAMS (None: any)."""
        delete = coordinators.delete().where(coordinators.c.key == key, *_in_programs(coordinators, programs))
        removed = await self._runner.write(lambda conn: conn.execute(delete).rowcount)
        return bool(removed)

    # dashboard access

    async def use_link(self, nonce: str, at: datetime) -> bool:
        """True the first time a sign-in link's nonce is used, False ever after."""
        return await spend_nonce(self._runner, nonce, at)

    async def create_session(self, id_hash: str, session: DashboardSession) -> None:
        insert = dashboard_sessions.insert().values(
            id_hash=id_hash,
            coordinator_key=session.coordinator_key,
            csrf_token=session.csrf_token,
            expires_at=session.expires_at,
        )
        await self._runner.write(lambda conn: conn.execute(insert))

    async def session(self, id_hash: str, now: datetime) -> DashboardSession | None:
        query = sa.select(dashboard_sessions).where(
            dashboard_sessions.c.id_hash == id_hash, dashboard_sessions.c.expires_at > now
        )
        row = await self._runner.read(lambda conn: conn.execute(query).first())
        if row is None:
            return None
        return DashboardSession(row.coordinator_key, row.csrf_token, as_utc(row.expires_at))

    async def end_session(self, id_hash: str) -> None:
        delete = dashboard_sessions.delete().where(dashboard_sessions.c.id_hash == id_hash)
        await self._runner.write(lambda conn: conn.execute(delete))

    # API tokens, stored as hashes only

    async def insert_token(self, token: ApiToken, token_hash: str) -> None:
        insert = api_tokens.insert().values(
            id=token.id,
            token_hash=token_hash,
            label=token.label,
            created_by=token.created_by,
            created_at=token.created_at,
            revoked_at=None,
            program=token.program,
        )
        await self._runner.write(lambda conn: conn.execute(insert))

    async def token_by_hash(self, token_hash: str) -> ApiToken | None:
        query = sa.select(api_tokens).where(api_tokens.c.token_hash == token_hash)
        row = await self._runner.read(lambda conn: conn.execute(query).first())
        return _token(row) if row else None

    async def tokens(self, programs: Collection[str] | None = None) -> list[ApiToken]:
        query = (
            sa.select(api_tokens)
            .where(*_in_programs(api_tokens, programs))
            .order_by(api_tokens.c.created_at.desc())
        )
        rows = await self._runner.read(lambda conn: conn.execute(query).all())
        return [_token(row) for row in rows]

    async def revoke_token(
        self, token_id: str, at: datetime, programs: Collection[str] | None = None
    ) -> bool:
        update = (
            api_tokens.update()
            .where(
                api_tokens.c.id == token_id,
                api_tokens.c.revoked_at.is_(None),
                *_in_programs(api_tokens, programs),
            )
            .values(revoked_at=at)
        )
        revoked = await self._runner.write(lambda conn: conn.execute(update).rowcount)
        return bool(revoked)


def _in_programs(table: sa.Table, programs: Collection[str] | None) -> list[sa.ColumnElement[bool]]:
    return [] if programs is None else [table.c.program.in_(sorted(programs))]


def _token(row: Any) -> ApiToken:
    return ApiToken(
        id=row.id,
        label=row.label,
        created_by=row.created_by,
        created_at=as_utc(row.created_at),
        revoked_at=as_utc_or_none(row.revoked_at),
        program=row.program,
    )
