"""Only a valid, unrevoked bearer token opens the API; bad input is a 4xx that names the problem."""

from __future__ import annotations

import pytest

from tests.api.conftest import COORDINATOR, Api, named

PATHS = ["/api/v1/boards", "/api/v1/summary", "/api/v1/boards/some-board"]


@pytest.mark.parametrize("path", PATHS)
async def test_without_a_token_the_api_answers_401_and_asks_for_a_bearer_token(api: Api, path: str) -> None:
    reply = await api.get(path, token=None)
    assert reply.status == 401
    assert reply.headers["WWW-Authenticate"] == "Bearer"
    assert reply.headers["Cache-Control"] == "no-store"
    assert reply.body == {"error": "unauthorized"}


@pytest.mark.parametrize("token", ["eckbot_not-a-real-token", "garbage", "eckbot_"])
async def test_a_wrong_token_gets_401(api: Api, token: str) -> None:
    reply = await api.get("/api/v1/boards", token=token)
    assert reply.status == 401
    assert reply.body == {"error": "invalid_token"}
    assert reply.headers["WWW-Authenticate"].startswith("Bearer")


async def test_another_scheme_than_bearer_gets_401(api: Api) -> None:
    async with api.client.get("/api/v1/boards", headers={"Authorization": f"Basic {api.token}"}) as response:
        assert response.status == 401
        assert response.headers["WWW-Authenticate"] == "Bearer"


async def test_a_revoked_token_stops_working_at_once(api: Api) -> None:
    coordination = api.components.coordination
    token, secret = await coordination.create_token("dashboard script", by=COORDINATOR)
    assert (await api.get("/api/v1/summary", token=secret)).status == 200

    assert await coordination.revoke_token(token.id, by=COORDINATOR)

    reply = await api.get("/api/v1/summary", token=secret)
    assert reply.status == 401
    assert reply.body == {"error": "invalid_token"}
    assert (await api.get("/api/v1/summary")).status == 200  # the other token still works


async def test_a_valid_token_is_answered_and_nothing_is_cached(api: Api) -> None:
    reply = await api.get("/api/v1/boards")
    assert reply.status == 200
    assert reply.headers["Cache-Control"] == "no-store"
    assert reply.headers["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"step": "stap9"}, "step"),
        ({"status": "finished"}, "status"),
        ({"step": "las", "status": "DONE"}, "status"),
        ({"supplier": "somebody-else"}, "supplier"),
        ({"stalled": "yes please"}, "stalled"),
        ({"limit": "0"}, "limit"),
        ({"limit": "501"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"limit": "-5"}, "limit"),
        ({"limit": "1e3"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"offset": "99999999999999999999999"}, "offset"),
        ({"q": "x" * 101}, "q"),
        ({"sort": "name"}, "sort"),
    ],
)
async def test_a_bad_query_parameter_gets_400_naming_it(
    api: Api, query: dict[str, str], parameter: str
) -> None:
    reply = await api.get("/api/v1/boards", **query)
    assert reply.status == 400
    assert reply.body["parameter"] == parameter
    assert reply.body["error"] in {"invalid_parameter", "unknown_parameter"}
    assert reply.headers["Cache-Control"] == "no-store"


async def test_the_400_says_which_values_a_parameter_accepts(api: Api) -> None:
    reply = await api.get("/api/v1/boards", status="finished")
    assert reply.body == {
        "error": "invalid_parameter",
        "parameter": "status",
        "expected": ["open", "in_progress", "waiting", "done"],
    }
    assert (await api.get("/api/v1/boards", limit="900")).body["expected"] == ["1-500"]


async def test_a_parameter_given_twice_gets_400(api: Api) -> None:
    async with api.client.get(
        "/api/v1/boards?step=las&step=alert", headers={"Authorization": f"Bearer {api.token}"}
    ) as response:
        assert response.status == 400
        assert await response.json() == {"error": "repeated_parameter", "parameter": "step", "expected": []}


async def test_the_summary_refuses_an_unknown_supplier_or_parameter(api: Api) -> None:
    assert (await api.get("/api/v1/summary", supplier="acme")).body["parameter"] == "supplier"
    assert (await api.get("/api/v1/summary", step="las")).body["parameter"] == "step"


async def test_an_unknown_board_gets_404(api: Api) -> None:
    await api.board("41234", named("Stichting Een"))
    for board_id in ["00000000-0000-0000-0000-000000000000", "x" * 500, "%27%20OR%201%3D1"]:
        reply = await api.get(f"/api/v1/boards/{board_id}")
        assert reply.status == 404, board_id
        assert reply.body == {"error": "not_found"}


async def test_a_bad_token_is_refused_before_the_parameters_are_looked_at(api: Api) -> None:
    reply = await api.get("/api/v1/boards", token="wrong", step="nonsense")
    assert reply.status == 401


async def test_an_unknown_api_path_gets_a_json_404(api: Api) -> None:
    reply = await api.get("/api/v1/bords")
    assert reply.status == 404
    assert reply.body == {"error": "not_found"}
    assert (await api.get("/api/v1/boards/a/b")).status == 404


@pytest.mark.parametrize("raw", ["q=%00", "q=%FF%FE", "q=%ZZ", "q='%20OR%201=1--", "q=%F0%9F%8E%92", "=x"])
async def test_odd_query_strings_never_make_a_500(api: Api, raw: str) -> None:
    await api.board("41234", named("Stichting Een"))
    headers = {"Authorization": f"Bearer {api.token}"}
    async with api.client.get(f"/api/v1/boards?{raw}", headers=headers) as response:
        assert response.status in (200, 400), raw
        assert response.content_type == "application/json"
