"""The Bot Framework edge: CloudAdapter set-up, strict request checks, pooled replies, and error handling.

Inbound authentication is our own (bot/auth): botbuilder's fetches OpenID metadata with blocking
`requests` from fixed URLs. What goes out is our own too: replies use one pooled ConnectorPool
(bot/connector) instead of a new msrest client, UserTokenClient and `requests` session per turn.
This bot has no sign-in, so no UserTokenClient.

botbuilder-integration-aiohttp 4.17.1 answers 500 to every invoke that returns a body (so to
every Adaptive Card Action.Execute) and to deliveryMode "expectReplies": the InvokeResponse body
is already a dict, and CloudAdapter.process() serialises it a second time. `process` below
writes the body as it is.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
from collections.abc import Awaitable, Callable
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import orjson
from aiohttp import web
from botbuilder.core import Bot, InvokeResponse, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, ActivityTypes
from botframework.connector.auth import AuthenticateRequestResult, AuthenticationConstants, ClaimsIdentity
from msrest.serialization import Model

from bot.auth.errors import AuthenticationError, KeysUnavailable
from bot.config import Settings
from bot.connector.pool import ConnectorPool
from bot.connector.wire import WireError, from_wire
from bot.content import Content
from bot.tenants import tenant_refusal
from bot.turn_context import BatchingTurnContext

if TYPE_CHECKING:
    from bot.auth.inbound import InboundAuthenticator

log = logging.getLogger(__name__)

# Handed to aiohttp's request handler wherever the bot is served (eckbot serve, the tests): a
# header line may be long enough that an oversized token reaches the token check and gets 401,
# rather than aiohttp's 400 "header too long". 128 headers of this size bound a request's headers.
SERVER_LIMITS: dict[str, Any] = {"max_field_size": 128 * 1024}


class TenantRefused(Exception):
    """The activity's tenant may not talk to this bot: 403, and the turn never runs."""


class BadActivity(web.HTTPBadRequest):
    def __init__(self, reason: str) -> None:
        super().__init__(text=json.dumps({"error": reason}), content_type="application/json")


# Replies are posted to serviceUrl + path: a space, a NUL, "?", "#" or "@" in it would bend or
# break that request, so only a plain scheme, host, port and path get through.
_SERVICE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%!$&'()*+,;=:/-]*)?")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _parse_activity(body: Any) -> Activity:
    if not isinstance(body, dict):
        raise BadActivity("the body must be a JSON object (an activity)")
    try:
        activity = from_wire(Activity, body)
    except WireError as error:
        raise BadActivity("the activity has fields of the wrong type") from error
    if not activity.type or not isinstance(activity.type, str):
        raise BadActivity("the activity has no type")
    if not isinstance(activity.service_url, str) or not _SERVICE_URL.fullmatch(activity.service_url):
        raise BadActivity("the activity has no usable serviceUrl")
    if not activity.channel_id or not isinstance(activity.channel_id, str):
        raise BadActivity("the activity has no channelId")
    if activity.conversation is None or not activity.conversation.id:
        raise BadActivity("the activity has no conversation id")
    if not isinstance(activity.conversation.id, str) or _CONTROL.search(activity.conversation.id):
        # It travels back in a header of every reply, where a control character cannot go.
        raise BadActivity("the activity's conversation id has control characters")
    return activity


def _response_body(invoke_response: InvokeResponse) -> web.Response:
    body = invoke_response.body
    if body is None:
        return web.Response(status=invoke_response.status)
    if isinstance(body, Model):
        body = body.serialize()
    return web.Response(
        body=orjson.dumps(body), status=invoke_response.status, content_type="application/json"
    )


class Unauthorized(web.HTTPUnauthorized):
    def __init__(self, reason: str) -> None:
        super().__init__(
            text=json.dumps({"error": "unauthorized", "reason": reason}),
            content_type="application/json",
            headers={"WWW-Authenticate": "Bearer"},
        )


def _unauthenticated() -> AuthenticateRequestResult:
    """Local mode (no app id): what botbuilder returns when authentication is disabled."""
    result = AuthenticateRequestResult()
    result.claims_identity = ClaimsIdentity({}, True, AuthenticationConstants.ANONYMOUS_AUTH_TYPE)
    result.audience = AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
    result.caller_id = None
    return result


class TeamsAdapter(CloudAdapter):  # type: ignore[misc]
    def __init__(
        self,
        settings: Settings,
        content: Content,
        connectors: ConnectorPool,
        authenticator: InboundAuthenticator | None = None,
    ) -> None:
        """AUTHENTICATOR checks every request's token; it is required when an app id is set."""
        if authenticator is None and not settings.local_mode:
            raise ValueError("an app id is set, so requests must be authenticated: pass an authenticator")
        configuration = SimpleNamespace(
            APP_ID=settings.app_id,
            APP_PASSWORD=settings.app_password,
            APP_TYPE=settings.app_type,
            APP_TENANTID=settings.app_tenant_id,
        )
        # botbuilder's own authentication stays only as CloudAdapterBase's default for what this
        # adapter does not override; it checks no inbound request.
        super().__init__(ConfigurationBotFrameworkAuthentication(configuration))
        self._authenticator = authenticator
        self._content = content
        self._allowed_tenants = settings.allowed_tenants
        self.connectors = connectors
        self.on_turn_error = self._on_error

    async def process_activity(
        self,
        auth_header_or_authenticate_request_result: str | AuthenticateRequestResult,
        activity: Activity,
        logic: Callable[[TurnContext], Awaitable[Any]],
    ) -> InvokeResponse | None:
        """CloudAdapterBase.process_activity, with the pooled connector and no UserTokenClient."""
        if isinstance(auth_header_or_authenticate_request_result, str):
            authenticated = await self._authenticate(auth_header_or_authenticate_request_result, activity)
        else:
            authenticated = auth_header_or_authenticate_request_result
        # After authentication (an unauthenticated caller gets 401 and learns nothing of the list),
        # before the turn: a refused tenant leaves no welcome, no state and no board behind.
        refusal = tenant_refusal(activity, self._allowed_tenants)
        if refusal is not None:
            log.info("tenant_refused reason=%s", refusal)
            raise TenantRefused(refusal)
        activity.caller_id = authenticated.caller_id
        context = await self._turn_context(
            activity, authenticated.claims_identity, authenticated.audience, logic
        )
        await self._run(context, logic)
        result: InvokeResponse | None = self._process_turn_results(context)
        return result

    async def _authenticate(self, auth_header: str, activity: Activity) -> AuthenticateRequestResult:
        """AuthenticationError (401) or KeysUnavailable (503) when the token does not let the request in."""
        if self._authenticator is None:
            return _unauthenticated()
        return await self._authenticator.authenticate(auth_header, activity)

    async def process_proactive(
        self,
        claims_identity: ClaimsIdentity,
        continuation_activity: Activity,
        audience: str,
        logic: Callable[[TurnContext], Awaitable[Any]],
    ) -> None:
        """A turn the bot starts itself (continue_conversation): the same pooled connector."""
        context = await self._turn_context(continuation_activity, claims_identity, audience, logic)
        await self._run(context, logic)

    async def _run(
        self, context: BatchingTurnContext, logic: Callable[[TurnContext], Awaitable[Any]]
    ) -> None:
        await self.run_pipeline(context, logic)
        try:
            await context.deliver()  # whatever the turn (or its error handler) left undelivered
        except Exception as error:  # the connector failed: nothing more to tell anyone this turn
            log.error("delivery_failed error=%s", type(error).__name__)

    async def _turn_context(
        self,
        activity: Activity,
        claims_identity: ClaimsIdentity,
        audience: str | None,
        logic: Callable[[TurnContext], Awaitable[Any]],
    ) -> BatchingTurnContext:
        client = await self.connectors.create(activity.service_url, audience)
        context = BatchingTurnContext(self, activity)
        context.turn_state[self.BOT_IDENTITY_KEY] = claims_identity
        context.turn_state[self.BOT_CONNECTOR_CLIENT_KEY] = client
        context.turn_state[self.BOT_CALLBACK_HANDLER_KEY] = logic
        context.turn_state[self.CONNECTOR_FACTORY_KEY] = self.connectors
        context.turn_state[self.BOT_OAUTH_SCOPE_KEY] = audience
        return context

    async def process(self, request: web.Request, bot: Bot, ws_response: Any = None) -> web.Response:
        if request.content_type != "application/json":
            raise web.HTTPUnsupportedMediaType(text="send the activity as application/json")
        raw = await request.read()
        try:
            if request.charset not in (None, "utf-8", "UTF-8"):
                raw = raw.decode(request.charset).encode()
            body = orjson.loads(raw)
        except UnicodeDecodeError as error:
            raise BadActivity("the body is not in its declared character set") from error
        except LookupError as error:
            raise BadActivity("the body's character set is unknown") from error
        except orjson.JSONDecodeError as error:  # invalid UTF-8 is reported here too
            raise BadActivity("the body is not valid JSON in UTF-8") from error
        activity = _parse_activity(body)
        auth_header = request.headers.get("Authorization", "")
        try:
            invoke_response = await self.process_activity(auth_header, activity, bot.on_turn)
        except AuthenticationError as error:
            log.info("auth_refused reason=%s", error.reason)
            raise Unauthorized(error.reason) from error
        except KeysUnavailable as error:
            # The token could not be checked (the OpenID metadata did not load): try again later.
            log.warning("auth_unavailable")
            raise web.HTTPServiceUnavailable(text="authentication is unavailable") from error
        except TenantRefused as error:
            raise web.HTTPForbidden(
                text=json.dumps({"error": "tenant_not_allowed"}), content_type="application/json"
            ) from error
        if invoke_response is not None:
            return _response_body(invoke_response)
        return web.Response(status=201)

    async def _on_error(self, turn_context: TurnContext, error: Exception) -> None:
        # The type and place are enough to find the bug; the message may hold what a user typed.
        frames = traceback.extract_tb(error.__traceback__)
        where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
        log.error("turn_failed error=%s at=%s", type(error).__name__, where)
        log.debug("turn_failed details", exc_info=error)
        locale = "en" if (turn_context.activity.locale or "").lower().startswith("en") else "nl"
        text = self._content.text(locale, "error.generic")
        if turn_context.activity.type == ActivityTypes.invoke:
            response = InvokeResponse(
                status=200,
                body={"statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": text},
            )
            await turn_context.send_activity(Activity(type=ActivityTypes.invoke_response, value=response))
            return
        try:
            await turn_context.send_activity(text)
        except Exception as send_error:  # the connector itself may be what failed
            log.error("error_reply_failed error=%s", type(send_error).__name__)
