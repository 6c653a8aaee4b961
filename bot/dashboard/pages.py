"""The dashboard's pages: the overview with filters, one board, the staff's questions, downloads."""

from __future__ import annotations

import math
from urllib.parse import quote

from aiohttp import web
from markupsafe import Markup

from bot.app_keys import COMPONENTS
from bot.coordination.models import BoardRow, DashboardSession
from bot.dashboard.access import signed_in
from bot.dashboard.export import CSV_TYPE, XLSX_TYPE, to_csv, to_xlsx
from bot.dashboard.filters import BadFilter, ListQuery, read_filters
from bot.dashboard.funnel import SEGMENT_ORDER, funnel
from bot.dashboard.respond import PREFIX, TEXTS, link, locale_of, page, problem
from bot.dashboard.timeline import timeline
from bot.dashboard.views import Words, checklist_view, row_view
from bot.onboarding.models import STEP_ORDER, StepStatus
from dialogs.views import AMSTERDAM, format_date

PAGE_SIZE = 50
EXPORT_LIMIT = 20_000  # far above the program's boards; a bound on one download's memory
EVENTS_SHOWN = 100
QUESTION_DAYS = 90
MAX_BOARD_ID_CHARS = 64
FIELD_LABELS = {
    "step": "filters.step",
    "status": "filters.status",
    "supplier": "filters.supplier",
    "stalled": "filters.stalled_only",
    "page": "pages.label",
}


def _words(request: web.Request) -> Words:
    return Words(request.app[COMPONENTS].content, locale_of(request))


def _filters(request: web.Request, words: Words) -> ListQuery | web.Response:
    coordination = request.app[COMPONENTS].coordination
    suppliers = [supplier_id for supplier_id, _ in words.supplier_choices()]
    try:
        return read_filters(request.query, suppliers, coordination.stalled_before())
    except BadFilter as bad:
        field = request.app[TEXTS].text(words.locale, FIELD_LABELS.get(bad.field, "filters.heading"))
        return problem(request, 400, "errors.bad_request_title", [("errors.bad_filter", {"field": field})])


def _board_link(request: web.Request, board_id: str) -> str:
    return link(request, f"{PREFIX}/boards/{quote(board_id, safe='')}")


def _page_links(request: web.Request, query: ListQuery, pages: int) -> dict[str, str | None]:
    def to(number: int) -> str:
        return link(request, PREFIX, {**query.form, "page": str(number)})

    return {
        "previous": to(query.page - 1) if query.page > 1 else None,
        "next": to(query.page + 1) if query.page < pages else None,
    }


@signed_in
async def overview(request: web.Request, session: DashboardSession) -> web.StreamResponse:
    words = _words(request)
    query = _filters(request, words)
    if isinstance(query, web.Response):
        return query
    coordination = request.app[COMPONENTS].coordination
    seen = await coordination.overview(session.scope, query.chosen.supplier)
    rows, total = await coordination.boards(
        session.scope, query.chosen, PAGE_SIZE, (query.page - 1) * PAGE_SIZE
    )
    pages = max(1, math.ceil(total / PAGE_SIZE))
    stalled_before = coordination.stalled_before()
    steps = words.steps()
    undelivered, undelivered_total = await coordination.undelivered(session.scope)
    return page(
        request,
        "overview",
        csrf_token=session.csrf_token,
        overview=seen,
        target=Markup('<span class="nowrap">{}</span>').format(format_date(seen.target, words.locale)),
        supplier_name=words.supplier(query.chosen.supplier) if query.chosen.supplier else None,
        steps=steps,
        step_titles={step["id"]: step["title"] for step in steps},
        statuses=words.statuses(),
        status_labels={status.value: words.status(status) for status in StepStatus},
        per_step=[
            {**step, "counts": {s.value: seen.summary.per_step[STEP_ORDER[i]][s] for s in StepStatus}}
            for i, step in enumerate(steps)
        ],
        funnel=funnel(seen.summary),
        segment_order=[status.value for status in SEGMENT_ORDER],
        suppliers=words.supplier_choices(),
        form=query.form,
        lang=request.query.get("lang", "") if request.query.get("lang") in ("nl", "en") else "",
        rows=[row_view(row, words, stalled_before) | {"link": _board_link(request, row.id)} for row in rows],
        total=total,
        page=query.page,
        pages=pages,
        page_links=_page_links(request, query, pages),
        reset_link=link(request, PREFIX),
        csv_link=link(request, f"{PREFIX}/export.csv", query.form),
        xlsx_link=link(request, f"{PREFIX}/export.xlsx", query.form),
        undelivered=[
            {
                "when": words.when(message.at),
                "kind": message.kind,
                "status": message.status,
                "attempts": message.attempts,
                "error": message.last_error or "",
                "board": message.board_name,
                "link": _board_link(request, message.board_id) if message.board_id else None,
            }
            for message in undelivered
        ],
        undelivered_total=undelivered_total,
    )


@signed_in
async def board_page(request: web.Request, session: DashboardSession) -> web.StreamResponse:
    board_id = request.match_info["board_id"]
    found = None
    if len(board_id) <= MAX_BOARD_ID_CHARS:
        found = await request.app[COMPONENTS].coordination.board(session.scope, board_id, EVENTS_SHOWN)
    if found is None:
        return problem(request, 404, "errors.not_found_title", ["errors.board_not_found"], session.csrf_token)
    board, row, events = found
    words = _words(request)
    return page(
        request,
        "board",
        csrf_token=session.csrf_token,
        board={
            "name": board.name,
            "bg_number": board.bg_number,
            "created": words.when(board.created.at),
            "last_activity": words.when(row.updated_at),
        },
        checklist=checklist_view(board, words),
        events=timeline(words, board, events),
    )


@signed_in
async def questions_page(request: web.Request, session: DashboardSession) -> web.StreamResponse:
    components = request.app[COMPONENTS]
    stats = await components.coordination.questions(session.scope, QUESTION_DAYS)
    words = _words(request)

    def question_of(entry_id: str) -> str | None:
        entry = components.content.knowledge.entry(entry_id)
        return entry.question.get(words.locale) if entry else None

    return page(
        request,
        "questions",
        csrf_token=session.csrf_token,
        days=QUESTION_DAYS,
        by_band=stats.by_band,
        escalated=stats.escalated,
        open_tickets=stats.open_tickets,
        least_helpful=[
            {
                "entry_id": e.entry_id,
                "question": question_of(e.entry_id),
                "not_helpful": e.not_helpful,
                "helpful": e.helpful,
            }
            for e in stats.least_helpful
        ],
        unanswered=[{"text": text, "when": words.when(at)} for text, at in stats.unanswered],
    )


def _download(request: web.Request, body: bytes, content_type: str, suffix: str) -> web.Response:
    words = _words(request)
    today = request.app[COMPONENTS].service.now().astimezone(AMSTERDAM).date().isoformat()
    name = f"{request.app[TEXTS].text(words.locale, 'export.filename')}-{today}.{suffix}"
    headers = {"Content-Disposition": f'attachment; filename="{quote(name)}"'}
    return web.Response(body=body, content_type=content_type, headers=headers)


async def _export_rows(
    request: web.Request, session: DashboardSession
) -> tuple[Words, list[BoardRow]] | web.Response:
    words = _words(request)
    query = _filters(request, words)
    if isinstance(query, web.Response):
        return query
    rows, _ = await request.app[COMPONENTS].coordination.boards(session.scope, query.chosen, EXPORT_LIMIT, 0)
    return words, rows


@signed_in
async def export_csv(request: web.Request, session: DashboardSession) -> web.StreamResponse:
    found = await _export_rows(request, session)
    if isinstance(found, web.Response):
        return found
    words, rows = found
    return _download(request, to_csv(request.app[TEXTS], words, rows), CSV_TYPE, "csv")


@signed_in
async def export_xlsx(request: web.Request, session: DashboardSession) -> web.StreamResponse:
    found = await _export_rows(request, session)
    if isinstance(found, web.Response):
        return found
    words, rows = found
    return _download(request, to_xlsx(request.app[TEXTS], words, rows), XLSX_TYPE, "xlsx")


@signed_in
async def not_found(request: web.Request, session: DashboardSession) -> web.StreamResponse:
    return problem(request, 404, "errors.not_found_title", ["errors.page_not_found"], session.csrf_token)
