"""The one place that reads the environment: typed, validated settings."""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path

from botframework.connector.auth import AuthenticationConstants
from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
_PROCESS_SECRET = secrets.token_bytes(32)


class Settings(BaseSettings):
    """Configuration from the environment and an optional .env file.

    The Microsoft* names are the ones Azure Bot Service and its samples use, so that an
    App Service configured for any Bot Framework bot configures this one too.
    """

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field(
        default="sqlite:///./var/eckbot.db",
        validation_alias=AliasChoices("ECKBOT_DATABASE_URL", "database_url"),
    )
    content_dir: Path = Field(
        default=DEFAULT_CONTENT_DIR,
        validation_alias=AliasChoices("ECKBOT_CONTENT_DIR", "content_dir"),
    )
    # Where `eckbot serve` keeps what start-up derives from unchanged files (bot/startup_cache.py):
    # empty for the user's cache folder, "off" for nowhere.
    cache_dir_setting: str = Field(
        default="", validation_alias=AliasChoices("ECKBOT_CACHE_DIR", "cache_dir_setting")
    )
    log_level: str = Field(default="INFO", validation_alias=AliasChoices("ECKBOT_LOG_LEVEL", "log_level"))
    max_request_bytes: int = Field(
        default=256 * 1024,
        validation_alias=AliasChoices("ECKBOT_MAX_REQUEST_BYTES", "max_request_bytes"),
    )
    app_id: str = Field(default="", validation_alias=AliasChoices("MicrosoftAppId", "app_id"))
    app_password: str = Field(
        default="", validation_alias=AliasChoices("MicrosoftAppPassword", "app_password")
    )
    app_type: str = Field(
        default="MultiTenant", validation_alias=AliasChoices("MicrosoftAppType", "app_type")
    )
    app_tenant_id: str = Field(
        default="", validation_alias=AliasChoices("MicrosoftAppTenantId", "app_tenant_id")
    )

    coordinators_setting: str = Field(
        default="", validation_alias=AliasChoices("ECKBOT_COORDINATORS", "coordinators_setting")
    )

    stalled_days: int = Field(
        default=14, ge=1, le=365, validation_alias=AliasChoices("ECKBOT_STALLED_DAYS", "stalled_days")
    )
    target_date: date | None = Field(
        default=None, validation_alias=AliasChoices("ECKBOT_TARGET_DATE", "target_date")
    )
    dashboard_secret: str = Field(
        default="", validation_alias=AliasChoices("ECKBOT_DASHBOARD_SECRET", "dashboard_secret")
    )
    public_url: str = Field(
        default="http://127.0.0.1:3978", validation_alias=AliasChoices("ECKBOT_PUBLIC_URL", "public_url")
    )
    link_minutes: int = Field(
        default=10, ge=1, le=60, validation_alias=AliasChoices("ECKBOT_LINK_MINUTES", "link_minutes")
    )

    token_url_override: str = Field(
        default="", validation_alias=AliasChoices("ECKBOT_TOKEN_URL", "token_url_override")
    )

    # Inbound authentication: where the keys that sign Bot Framework tokens are published.
    openid_metadata_url: str = Field(
        default="https://login.botframework.com/v1/.well-known/openidconfiguration",
        validation_alias=AliasChoices("ECKBOT_OPENID_METADATA_URL", "openid_metadata_url"),
    )
    tenant_openid_metadata_url_override: str = Field(
        default="",
        validation_alias=AliasChoices(
            "ECKBOT_TENANT_OPENID_METADATA_URL", "tenant_openid_metadata_url_override"
        ),
    )
    key_refresh_hours: float = Field(
        default=24, gt=0, validation_alias=AliasChoices("ECKBOT_KEY_REFRESH_HOURS", "key_refresh_hours")
    )
    unknown_key_refresh_seconds: float = Field(
        default=300,
        ge=0,
        validation_alias=AliasChoices("ECKBOT_UNKNOWN_KEY_REFRESH_SECONDS", "unknown_key_refresh_seconds"),
    )

    # Which Microsoft 365 tenants may talk to the bot, and which coordinators see which boards.
    allowed_tenants_setting: str = Field(
        default="", validation_alias=AliasChoices("ECKBOT_ALLOWED_TENANTS", "allowed_tenants_setting")
    )
    programs_setting: str = Field(
        default="", validation_alias=AliasChoices("ECKBOT_PROGRAMS", "programs_setting")
    )

    # Retention of personal data (AVG): periods in days.
    pseudonymise_after_days: int = Field(
        default=730,
        ge=1,
        validation_alias=AliasChoices("ECKBOT_PSEUDONYMISE_AFTER_DAYS", "pseudonymise_after_days"),
    )
    closed_ticket_text_days: int = Field(
        default=90,
        ge=1,
        validation_alias=AliasChoices("ECKBOT_CLOSED_TICKET_TEXT_DAYS", "closed_ticket_text_days"),
    )

    # Abuse: how many messages one conversation may send per minute.
    messages_per_minute: int = Field(
        default=30,
        ge=1,
        validation_alias=AliasChoices("ECKBOT_MESSAGES_PER_MINUTE", "messages_per_minute"),
    )

    @property
    def tenant_openid_metadata_url(self) -> str:
        """A single-tenant bot also accepts tokens its own tenant's Entra ID issues."""
        if self.tenant_openid_metadata_url_override:
            return self.tenant_openid_metadata_url_override
        if self.app_type.lower() != "singletenant" or not self.app_tenant_id:
            return ""
        return f"https://login.microsoftonline.com/{self.app_tenant_id}/v2.0/.well-known/openid-configuration"

    @property
    def allowed_tenants(self) -> frozenset[str]:
        """Tenants whose activities the bot accepts. Empty means any tenant (local mode and the
        multi-tenant default); a single-tenant bot accepts only its own unless a list is set."""
        listed = frozenset(
            part.strip().lower() for part in self.allowed_tenants_setting.split(",") if part.strip()
        )
        if listed:
            return listed
        if self.app_type.lower() == "singletenant" and self.app_tenant_id:
            return frozenset({self.app_tenant_id.lower()})
        return frozenset()

    @property
    def token_url(self) -> str:
        """Where the bot gets its own token for replies: its tenant's Entra endpoint (botframework.com
        for the older multi-tenant bots); ECKBOT_TOKEN_URL overrides it, for tests and sovereign clouds."""
        if self.token_url_override:
            return self.token_url_override
        tenant = self.app_tenant_id or AuthenticationConstants.DEFAULT_CHANNEL_AUTH_TENANT
        prefix: str = AuthenticationConstants.TO_CHANNEL_FROM_BOT_LOGIN_URL_PREFIX
        path: str = AuthenticationConstants.TO_CHANNEL_FROM_BOT_TOKEN_ENDPOINT_PATH
        return f"{prefix}{tenant}{path}"

    @property
    def coordinators(self) -> frozenset[str]:
        """The implementation program's coordinators: Entra object ids or user principal names,
        comma-separated. Coordinators can add others in chat."""
        return frozenset(
            part.strip().lower() for part in self.coordinators_setting.split(",") if part.strip()
        )

    @property
    def dashboard_key(self) -> bytes:
        """The key that signs dashboard links. Unset, a random one per process: links then die
        with a restart, which is fine on a developer's machine and wrong for several instances."""
        return self.dashboard_secret.encode() if self.dashboard_secret else _PROCESS_SECRET

    @property
    def secure_cookies(self) -> bool:
        """Cookies only over TLS when the bot is reached over TLS."""
        return self.public_url.startswith("https://")

    @property
    def local_mode(self) -> bool:
        """Without an app id nothing is authenticated: only for a developer's own machine."""
        return not self.app_id
