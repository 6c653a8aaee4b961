"""Inbound authentication as the adapter uses it: settings in, an AuthenticateRequestResult out."""

from __future__ import annotations

from datetime import timedelta

from botbuilder.schema import Activity, CallerIdConstants
from botframework.connector.auth import AuthenticateRequestResult, AuthenticationConstants

from bot.auth.fetch import JsonFetcher
from bot.auth.jwks import MetadataSource
from bot.auth.keys import KeyCache
from bot.auth.validator import TokenValidator
from bot.config import Settings
from bot.onboarding.clock import Clock


def metadata_sources(settings: Settings) -> list[MetadataSource]:
    sources = [MetadataSource(settings.openid_metadata_url, bot_framework=True)]
    if settings.tenant_openid_metadata_url:
        sources.append(
            MetadataSource(
                settings.tenant_openid_metadata_url, bot_framework=False, tenant_id=settings.app_tenant_id
            )
        )
    return sources


class InboundAuthenticator:
    """Checks the Authorization header of a request from Teams; `close()` on shutdown."""

    def __init__(self, validator: TokenValidator, fetcher: JsonFetcher) -> None:
        self._validator = validator
        self._fetcher = fetcher

    @classmethod
    def from_settings(cls, settings: Settings, clock: Clock) -> InboundAuthenticator:
        fetcher = JsonFetcher()
        keys = KeyCache(
            metadata_sources(settings),
            fetcher,
            clock,
            refresh_every=timedelta(hours=settings.key_refresh_hours),
            unknown_key_every=timedelta(seconds=settings.unknown_key_refresh_seconds),
        )
        return cls(TokenValidator(keys, settings.app_id, clock), fetcher)

    async def authenticate(self, authorization: str, activity: Activity) -> AuthenticateRequestResult:
        """What botbuilder's BotFrameworkAuthentication returns for a channel (not a skill) token:
        replies go to the channel with a token for api.botframework.com."""
        result = AuthenticateRequestResult()
        result.claims_identity = await self._validator.validate(
            authorization, activity.service_url, activity.channel_id
        )
        result.audience = AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
        result.caller_id = CallerIdConstants.public_azure_channel
        return result

    async def close(self) -> None:
        await self._fetcher.close()
