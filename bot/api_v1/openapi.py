"""The OpenAPI 3.1 document of /api/v1/, served at /api/v1/openapi.json.

The response schemas come from the pydantic models in schemas.py and the parameters' allowed
values from the same lists the checks in params.py use, so the document says what the code does.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from pydantic.json_schema import models_json_schema

from bot.api_v1 import params
from bot.api_v1.schemas import RESPONSE_MODELS, ApiError, BoardDetail, BoardList, SummaryOut
from bot.onboarding.models import StepId, StepStatus

API_VERSION = "1.0.0"
SECURITY_SCHEME = "bearer"
_REF = "#/components/schemas/{model}"


def _ref(model: type[Any]) -> dict[str, str]:
    return {"$ref": _REF.format(model=model.__name__)}


def _json(model: type[Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": _ref(model)}}}


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


def _errors(*statuses: int) -> dict[str, Any]:
    described = {
        400: "A query parameter is unknown, repeated or out of range; `parameter` names it.",
        401: "No bearer token, or one that is unknown or revoked.",
        404: "No board with this id.",
    }
    return {str(status): _json(ApiError, described[status]) for status in statuses}


def _supplier_parameter(suppliers: Collection[str]) -> dict[str, Any]:
    return _query("supplier", "Only boards with a school on this LAS supplier.", {"enum": sorted(suppliers)})


def _boards_parameters(suppliers: Collection[str]) -> list[dict[str, Any]]:
    return [
        _query(
            "step",
            "With `status`: boards whose step has that status. Alone: boards not done with this step.",
            {"enum": [s.value for s in StepId]},
        ),
        _query(
            "status",
            "With `step`: that step's status. Alone: boards with any step in this status.",
            {"enum": [s.value for s in StepStatus]},
        ),
        _supplier_parameter(suppliers),
        _query(
            "stalled",
            "true: only boards not done whose steps have not moved for the stall period.",
            {"enum": list(params.TRUE_FALSE)},
        ),
        _query(
            "q",
            "Part of the board's name or bevoegd-gezagnummer; % and _ are plain characters.",
            {"type": "string", "maxLength": params.MAX_SEARCH},
        ),
        _query(
            "limit",
            "How many boards to return.",
            {"type": "integer", "minimum": 1, "maximum": params.MAX_LIMIT, "default": params.DEFAULT_LIMIT},
        ),
        _query(
            "offset",
            "How many boards to skip.",
            {"type": "integer", "minimum": 0, "maximum": params.MAX_OFFSET, "default": 0},
        ),
    ]


def _schemas() -> dict[str, Any]:
    _, top = models_json_schema([(model, "serialization") for model in RESPONSE_MODELS], ref_template=_REF)
    schemas: dict[str, Any] = top.get("$defs", {})
    return schemas


def openapi_document(suppliers: Collection[str]) -> dict[str, Any]:
    board_id = {"name": "board_id", "in": "path", "required": True, "schema": {"type": "string"}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "ECK iD wegwijzer: coordinators' API",
            "version": API_VERSION,
            "description": (
                "Read-only: the progress of every school board. Times are ISO 8601 in UTC. "
                "A coordinator creates and revokes tokens in chat with the bot."
            ),
        },
        "servers": [{"url": "/"}],
        "security": [{SECURITY_SCHEME: []}],
        "components": {
            "securitySchemes": {
                SECURITY_SCHEME: {"type": "http", "scheme": "bearer", "description": "An eckbot_… token."}
            },
            "schemas": _schemas(),
        },
        "paths": {
            "/api/v1/boards": {
                "get": {
                    "operationId": "listBoards",
                    "summary": "Boards with their status per step, the longest stalled first.",
                    "parameters": _boards_parameters(suppliers),
                    "responses": {"200": _json(BoardList, "The boards."), **_errors(400, 401)},
                }
            },
            "/api/v1/boards/{board_id}": {
                "get": {
                    "operationId": "getBoard",
                    "summary": "One board: steps, schools, agreements, latest events (without names).",
                    "parameters": [board_id],
                    "responses": {"200": _json(BoardDetail, "The board."), **_errors(401, 404)},
                }
            },
            "/api/v1/summary": {
                "get": {
                    "operationId": "getSummary",
                    "summary": "Per step, how many boards have each status; stalled, done, days left.",
                    "parameters": [_supplier_parameter(suppliers)],
                    "responses": {"200": _json(SummaryOut, "The counts."), **_errors(400, 401)},
                }
            },
            "/api/v1/openapi.json": {
                "get": {
                    "operationId": "getOpenApi",
                    "summary": "This document.",
                    "security": [],
                    "responses": {"200": {"description": "OpenAPI 3.1"}},
                }
            },
        },
    }
