"""The OpenAPI document describes the three endpoints, their parameters, the bearer scheme, and
response schemas that match what the endpoints really answer."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import REGISTERED, Api, named, school


async def openapi(api: Api) -> dict[str, Any]:
    reply = await api.get("/api/v1/openapi.json", token=None)
    assert reply.status == 200
    assert isinstance(reply.body, dict)
    return reply.body


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        found: dict[str, Any] = document["components"]["schemas"][name]
        return found
    return schema


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if "$ref" in node else []
        return own + [r for value in node.values() for r in refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in refs(value)]
    return []


async def test_the_document_needs_no_token_and_lists_the_three_endpoints(api: Api) -> None:
    document = await openapi(api)
    assert document["openapi"].startswith("3.1")
    assert {"/api/v1/boards", "/api/v1/boards/{board_id}", "/api/v1/summary"} <= set(document["paths"])
    assert document["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": document["components"]["securitySchemes"]["bearer"]["description"],
    }
    assert document["security"] == [{"bearer": []}]


async def test_every_reference_in_the_document_resolves(api: Api) -> None:
    document = await openapi(api)
    assert len(refs(document)) >= 10
    for ref in refs(document):
        assert ref.startswith("#/components/schemas/")
        assert ref.removeprefix("#/components/schemas/") in document["components"]["schemas"], ref


async def test_the_parameters_offer_exactly_what_the_api_accepts(api: Api) -> None:
    document = await openapi(api)
    parameters = {p["name"]: p["schema"] for p in document["paths"]["/api/v1/boards"]["get"]["parameters"]}
    assert set(parameters) == {"step", "status", "supplier", "stalled", "q", "limit", "offset"}
    assert parameters["limit"]["maximum"] == 500
    for supplier in parameters["supplier"]["enum"]:
        assert (await api.get("/api/v1/boards", supplier=supplier)).status == 200
    for step in parameters["step"]["enum"]:
        for status in parameters["status"]["enum"]:
            assert (await api.get("/api/v1/boards", step=step, status=status)).status == 200
    assert set(parameters["supplier"]["enum"]) >= {"esis", "parnassys", "dotcomschool", "unilogic"}


async def test_the_response_schemas_name_the_fields_the_endpoints_answer_with(api: Api) -> None:
    document = await openapi(api)
    board = await api.board("41234", named("Stichting Een"), *REGISTERED, *school("01AB", "esis"))
    answers = {
        "/api/v1/boards": (await api.get("/api/v1/boards")).body,
        "/api/v1/boards/{board_id}": (await api.get(f"/api/v1/boards/{board.id}")).body,
        "/api/v1/summary": (await api.get("/api/v1/summary")).body,
    }
    for path, body in answers.items():
        response = document["paths"][path]["get"]["responses"]["200"]
        schema = resolve(document, response["content"]["application/json"]["schema"])
        assert set(schema["properties"]) == set(body), path
        assert set(schema["required"]) == set(body), path
    listed = resolve(document, {"$ref": "#/components/schemas/BoardItem"})
    assert set(listed["properties"]) == set(answers["/api/v1/boards"]["boards"][0])
    assert listed["properties"]["progress_at"] == {
        "format": "date-time",
        "title": "Progress At",
        "type": "string",
    }
