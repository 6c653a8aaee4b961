"""The HTTP edge: bad requests get a 4xx (never a 500) and reach neither the bot nor the database."""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import pytest

from bot.config import Settings
from tests.http.teams import APP_ID, Answer, Teams, stored_rows

AUTH_TIMEOUT = 5.0  # seconds; a rejected token must not wait for anything


def _segment(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


# Well-formed, but issued by someone else and signed by no published key. The signing keys come
# from a local OpenID metadata server (tests/auth, which tests every other way a token can fail).
FOREIGN_TOKEN = ".".join(
    [
        _segment({"alg": "RS256", "typ": "JWT", "kid": "some-key"}),
        _segment({"iss": "https://issuer.invalid", "aud": APP_ID, "exp": 4102444800}),
        "c2lnbmF0dXJl",
    ]
)


def assert_nothing_happened(teams: Teams, database_url: str) -> None:
    assert len(teams.connector.calls) == 0, teams.connector.outbox().transcript()
    rows = stored_rows(database_url)
    assert rows and not any(rows.values()), rows


def without(payload: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if k != key}


async def test_a_valid_message_is_stored_and_answered(teams: Teams, database_url: str) -> None:
    """The control for the tests below: the same message, well-formed, does reach the bot."""
    answer = await teams.send("personal-message.json")

    assert answer.status == 201
    assert len(answer.sent) > 0
    assert stored_rows(database_url)["welcomes"] == 1


async def test_json_with_a_charset_parameter_is_accepted(teams: Teams) -> None:
    body = json.dumps(teams.payload("personal-message.json"))

    answer = await teams.post_bytes(body, content_type="application/json; charset=utf-8")

    assert answer.status == 201
    assert len(answer.sent) > 0


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b'{"type": "message", "text": ', id="malformed JSON"),
        pytest.param(b"[]", id="a JSON array"),
        pytest.param(b'"message"', id="a JSON string"),
        pytest.param(b"null", id="JSON null"),
        pytest.param(b'{"type": "message", "text": "caf\xe9"}', id="not UTF-8"),
    ],
)
async def test_a_body_that_is_not_an_activity_is_a_bad_request(
    teams: Teams, database_url: str, body: bytes
) -> None:
    answer = await teams.post_bytes(body)

    assert answer.status == 400, answer.text
    assert_nothing_happened(teams, database_url)


@pytest.mark.parametrize("missing", ["type", "serviceUrl", "channelId", "conversation"])
async def test_an_activity_without_a_required_field_is_a_bad_request(
    teams: Teams, database_url: str, missing: str
) -> None:
    activity = without(teams.payload("personal-message.json"), missing)

    answer = await teams.post(activity)

    assert answer.status == 400, answer.text
    assert missing.lower() in answer.body["error"].replace(" ", "").lower()
    assert_nothing_happened(teams, database_url)


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"conversation": {"conversationType": "personal"}}, id="conversation without id"),
        pytest.param({"serviceUrl": "ftp://127.0.0.1/"}, id="serviceUrl not http"),
        # Replies go to serviceUrl + path: these would bend or break that request.
        pytest.param({"serviceUrl": "https://smba.example/a b/"}, id="serviceUrl with a space"),
        pytest.param({"serviceUrl": "https://smba.example/\u0000/"}, id="serviceUrl with a NUL"),
        pytest.param({"serviceUrl": "https://evil.example/?x=https://smba.example/"}, id="serviceUrl with ?"),
        pytest.param({"serviceUrl": "https://user@evil.example/"}, id="serviceUrl with a user"),
        pytest.param({"channelId": ""}, id="empty channelId"),
        pytest.param({"conversation": {"id": "a:1\r\nX-Injected: 1"}}, id="conversation id with CR LF"),
        pytest.param({"type": ""}, id="empty type"),
    ],
)
async def test_an_activity_with_an_unusable_field_is_a_bad_request(
    teams: Teams, database_url: str, changes: dict[str, Any]
) -> None:
    answer = await teams.post(teams.payload("personal-message.json") | changes)

    assert answer.status == 400, answer.text
    assert_nothing_happened(teams, database_url)


async def test_plain_text_is_unsupported_media(teams: Teams, database_url: str) -> None:
    body = json.dumps(teams.payload("personal-message.json"))

    answer = await teams.post_bytes(body, content_type="text/plain")

    assert answer.status == 415, answer.text
    assert_nothing_happened(teams, database_url)


async def test_a_body_over_the_size_limit_is_refused(
    teams: Teams, settings: Settings, database_url: str
) -> None:
    assert settings.max_request_bytes == 256 * 1024
    activity = teams.payload("personal-message.json", text="x" * settings.max_request_bytes)

    answer = await teams.post(activity)

    assert answer.status == 413, answer.text
    assert_nothing_happened(teams, database_url)


async def test_get_on_the_messages_endpoint_is_not_allowed(teams: Teams, database_url: str) -> None:
    response = await teams.client.get("/api/messages")

    assert response.status == 405
    assert_nothing_happened(teams, database_url)


async def test_liveness_and_readiness(teams: Teams) -> None:
    alive = await teams.client.get("/healthz")
    ready = await teams.client.get("/readyz")

    assert alive.status == 200
    assert ready.status == 200
    assert await ready.json() == {"status": "ready"}


# With an app id, every request must carry a Bot Framework token.


async def post_with_authorization(teams: Teams, authorization: str | None) -> Answer:
    headers = {"Authorization": authorization} if authorization is not None else {}
    async with asyncio.timeout(AUTH_TIMEOUT):
        return await teams.post(teams.payload("personal-message.json"), headers=headers)


@pytest.mark.parametrize(
    "authorization",
    [
        pytest.param(None, id="no Authorization header"),
        pytest.param("Bearer not-a-jwt", id="a bearer token that is not a JWT"),
        pytest.param("Bearer a.b.c", id="three segments that are not a JWT"),
        pytest.param("Basic dXNlcjpwYXNz", id="not a bearer token"),
        pytest.param(f"Bearer {FOREIGN_TOKEN}", id="a JWT from an issuer the bot does not trust"),
    ],
)
async def test_without_a_valid_token_the_bot_answers_401_and_does_nothing(
    secured_teams: Teams, database_url: str, authorization: str | None
) -> None:
    answer = await post_with_authorization(secured_teams, authorization)

    assert answer.status == 401, answer.text
    assert_nothing_happened(secured_teams, database_url)


async def test_without_a_token_an_invoke_is_refused_too(secured_teams: Teams, database_url: str) -> None:
    async with asyncio.timeout(AUTH_TIMEOUT):
        answer = await secured_teams.send("invoke-adaptive-card-execute.json")

    assert answer.status == 401, answer.text
    assert_nothing_happened(secured_teams, database_url)
