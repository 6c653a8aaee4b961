"""The real bot with an app id; OpenID metadata and keys, and Entra's token endpoint, on loopback."""

from __future__ import annotations

from typing import Any

import pytest

from bot.config import Settings
from tests.auth.fake_openid import BOT_FRAMEWORK_ISSUER, FakeOpenId
from tests.http.conftest import StartBot, loopback_only, openid, start_bot
from tests.http.fake_login import FakeLogin
from tests.http.teams import APP_ID, Answer, Teams

__all__ = ["loopback_only", "openid", "start_bot"]  # fixtures shared with tests/http


@pytest.fixture
def auth_settings(database_url: str, openid: FakeOpenId, login: FakeLogin) -> Settings:
    return Settings(
        _env_file=None,
        database_url=database_url,
        app_id=APP_ID,
        app_password="secret",
        token_url_override=login.token_url,
        openid_metadata_url=openid.bot_framework_url,
    )


@pytest.fixture
async def secured(start_bot: StartBot, auth_settings: Settings) -> Teams:
    """The bot as Azure runs it: every request must carry a token signed by a published key."""
    return await start_bot(auth_settings)


def channel_claims(teams: Teams, name: str = "personal-message.json") -> dict[str, Any]:
    """What Teams' channel service puts in the token of a request carrying this payload."""
    return {"iss": BOT_FRAMEWORK_ISSUER, "aud": APP_ID, "serviceurl": teams.payload(name)["serviceUrl"]}


async def post_with(
    teams: Teams, authorization: str | None, name: str = "personal-message.json", **changes: Any
) -> Answer:
    headers = {"Authorization": authorization} if authorization is not None else {}
    return await teams.post(teams.payload(name, **changes), headers=headers)
