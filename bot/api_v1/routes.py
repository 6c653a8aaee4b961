"""The read-only JSON API under /api/v1/ for coordinators' own tools.

Every endpoint but the OpenAPI document wants `Authorization: Bearer <token>`, a token that a
coordinator created in chat. Bad input gets a 4xx with a JSON body naming what was wrong.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import orjson
from aiohttp import web
from pydantic import BaseModel

from bot.api_v1 import params
from bot.api_v1.openapi import openapi_document
from bot.api_v1.schemas import ApiError, BoardList, board_detail, board_item, summary
from bot.app_keys import COMPONENTS
from bot.composition import Components
from bot.config import Settings
from bot.coordination.models import Scope
from bot.onboarding.recorders import OTHER_LAS

log = logging.getLogger(__name__)

PREFIX = "/api/v1"
MAX_BOARD_ID = 64
EVENTS_SHOWN = 20
_HEADERS = {"Cache-Control": "no-store"}

Handler = Callable[[web.Request], Awaitable[web.Response]]
ScopedHandler = Callable[[web.Request, Scope], Awaitable[web.Response]]


class Refused(Exception):
    def __init__(self, status: int, body: ApiError, headers: dict[str, str] | None = None) -> None:
        super().__init__(body.error)
        self.status = status
        self.body = body
        self.headers = headers or {}


def _json(model: BaseModel, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(
        body=model.model_dump_json(exclude_none=isinstance(model, ApiError)),
        status=status,
        content_type="application/json",
        headers={**_HEADERS, **(headers or {})},
    )


def _components(request: web.Request) -> Components:
    return request.app[COMPONENTS]


def _suppliers(components: Components) -> list[str]:
    return [s.id for s in components.content.suppliers.suppliers] + [OTHER_LAS]


async def _check_bearer(request: web.Request) -> Scope:
    """What the request's token may see: the boards of the program of whoever made it."""
    scheme, _, token = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refused(401, ApiError(error="unauthorized"), {"WWW-Authenticate": "Bearer"})
    scope = await _components(request).coordination.token_scope(token.strip())
    if scope is None:
        log.info("api_refused reason=invalid_token")
        raise Refused(
            401, ApiError(error="invalid_token"), {"WWW-Authenticate": 'Bearer error="invalid_token"'}
        )
    return scope


def _guarded(handler: ScopedHandler) -> Handler:
    """The bearer check first, then the handler; refusals become JSON errors, never a 500."""

    async def guarded(request: web.Request) -> web.Response:
        try:
            scope = await _check_bearer(request)
            return await handler(request, scope)
        except Refused as refused:
            return _json(refused.body, refused.status, refused.headers)
        except params.ParameterError as error:
            body = ApiError(error=error.code, parameter=error.parameter, expected=error.expected)
            return _json(body, 400)

    return guarded


async def list_boards(request: web.Request, scope: Scope) -> web.Response:
    components = _components(request)
    coordination = components.coordination
    stalled_before = coordination.stalled_before()
    query = params.boards_query(request.query, _suppliers(components), stalled_before)
    rows, total = await coordination.boards(scope, query.chosen, query.limit, query.offset)
    return _json(
        BoardList(
            total=total,
            limit=query.limit,
            offset=query.offset,
            boards=[board_item(row, stalled_before) for row in rows],
        )
    )


async def one_board(request: web.Request, scope: Scope) -> web.Response:
    if request.query:
        raise params.ParameterError(next(iter(request.query)), [], "unknown_parameter")
    board_id = request.match_info["board_id"]
    coordination = _components(request).coordination
    found = await coordination.board(scope, board_id, EVENTS_SHOWN) if len(board_id) <= MAX_BOARD_ID else None
    if found is None:
        raise Refused(404, ApiError(error="not_found"))
    board, row, events = found
    return _json(board_detail(board, row, events, coordination.stalled_before()))


async def get_summary(request: web.Request, scope: Scope) -> web.Response:
    components = _components(request)
    supplier = params.supplier(request.query, _suppliers(components))
    overview = await components.coordination.overview(scope, supplier)
    return _json(summary(overview, supplier))


async def unknown_path(request: web.Request) -> web.Response:
    return _json(ApiError(error="not_found"), 404)


def add_api_routes(app: web.Application, settings: Settings) -> None:
    """GET /api/v1/boards, /api/v1/boards/{board_id}, /api/v1/summary and /api/v1/openapi.json."""

    async def openapi(request: web.Request) -> web.Response:
        document = openapi_document(_suppliers(_components(request)))
        return web.Response(body=orjson.dumps(document), content_type="application/json", headers=_HEADERS)

    app.router.add_get(f"{PREFIX}/boards", _guarded(list_boards))
    app.router.add_get(f"{PREFIX}/boards/{{board_id}}", _guarded(one_board))
    app.router.add_get(f"{PREFIX}/summary", _guarded(get_summary))
    app.router.add_get(f"{PREFIX}/openapi.json", openapi)
    app.router.add_get(f"{PREFIX}/{{tail:.*}}", unknown_path)
