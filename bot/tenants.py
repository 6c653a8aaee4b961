"""Which Microsoft 365 tenants may talk to the bot (ECKBOT_ALLOWED_TENANTS, or a single-tenant
bot's own tenant). Checked at the HTTP edge before a turn runs, so a refused tenant leaves nothing
behind: no welcome, no dialog state, no board."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from botbuilder.schema import Activity

NO_TENANT = "no_tenant"
TENANT_NOT_ALLOWED = "tenant_not_allowed"


def activity_tenant(activity: Activity) -> str | None:
    """The tenant Teams names in channelData.tenant.id, else conversation.tenantId, lower case; the
    same precedence as bot.turns.tenant_of, so the tenant checked is the tenant a board is kept under."""
    data: Any = activity.channel_data
    tenant = data.get("tenant") if isinstance(data, dict) else None
    tenant_id = tenant.get("id") if isinstance(tenant, dict) else None
    if not isinstance(tenant_id, str) or not tenant_id:
        tenant_id = getattr(activity.conversation, "tenant_id", None)
    if not isinstance(tenant_id, str) or not tenant_id.strip():
        return None
    return tenant_id.lower()


def tenant_refusal(activity: Activity, allowed: Collection[str]) -> str | None:
    """Why this activity's tenant may not talk to the bot (a reason for the log), or None when it
    may. An empty ALLOWED admits every tenant; otherwise an activity without a tenant is refused."""
    if not allowed:
        return None
    tenant = activity_tenant(activity)
    if tenant is None:
        return NO_TENANT
    return None if tenant in allowed else TENANT_NOT_ALLOWED
