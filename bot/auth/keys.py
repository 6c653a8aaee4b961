"""The signing keys of every configured OpenID metadata URL, cached and refreshed.

Keys are refreshed on a schedule (once a day by default) and, rate-limited, when a token names a
key id the cache does not hold: that is how a key Microsoft has just rotated in gets accepted,
without letting a stream of made-up key ids turn into a stream of requests to Microsoft.
Requests that need a refresh at the same moment share one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.auth.errors import KeysUnavailable, MetadataError
from bot.auth.jwks import MetadataSource, SigningKey, issuers_of, parse_key_set, parse_metadata
from bot.onboarding.clock import Clock

log = logging.getLogger(__name__)

Fetch = Callable[[str], Awaitable[Any]]  # a URL -> its JSON document, or MetadataError
RETRY_AFTER_FAILURE = timedelta(seconds=30)  # at most; sooner if unknown keys may refresh sooner


class KeyCache:
    def __init__(
        self,
        sources: Sequence[MetadataSource],
        fetch: Fetch,
        clock: Clock,
        refresh_every: timedelta,
        unknown_key_every: timedelta,
    ) -> None:
        self._sources = tuple(sources)
        self._fetch = fetch
        self._clock = clock
        self._refresh_every = refresh_every
        self._unknown_key_every = unknown_key_every
        self._loaded: dict[MetadataSource, tuple[SigningKey, ...]] = {}
        self._by_kid: dict[str, tuple[SigningKey, ...]] = {}
        self._next_refresh: datetime | None = None  # None: never tried
        self._last_unknown_refresh: datetime | None = None
        self._refreshing: asyncio.Future[None] | None = None

    async def keys_for(self, kid: str) -> tuple[SigningKey, ...]:
        """The keys with this id (one per metadata source that publishes it); () if none has it.

        Raises KeysUnavailable when the key is not found and a source has never loaded: then
        the token cannot be judged either way.
        """
        now = self._clock()
        refreshed = False
        if self._next_refresh is None or now >= self._next_refresh:
            await self._refresh()
            refreshed = True
        found = self._by_kid.get(kid)
        if found:
            return found
        if not refreshed and (self._refreshing is not None or self._may_refresh_for_unknown_key(now)):
            await self._refresh()
            found = self._by_kid.get(kid)
            if found:
                return found
        if len(self._loaded) < len(self._sources):
            raise KeysUnavailable()
        return ()

    def _may_refresh_for_unknown_key(self, now: datetime) -> bool:
        last = self._last_unknown_refresh
        if last is not None and now - last < self._unknown_key_every:
            return False
        self._last_unknown_refresh = now
        return True

    async def _refresh(self) -> None:
        """Joins the refresh under way, or starts one; a cancelled request does not cancel it."""
        if self._refreshing is None:
            future = asyncio.ensure_future(self._load_all())
            self._refreshing = future
            future.add_done_callback(self._refresh_done)
        await asyncio.shield(self._refreshing)

    def _refresh_done(self, future: asyncio.Future[None]) -> None:
        self._refreshing = None
        if not future.cancelled() and future.exception() is not None:
            log.error("signing_keys_refresh_crashed error=%s", type(future.exception()).__name__)

    async def _load_all(self) -> None:
        failed = False
        for source in self._sources:
            try:
                self._loaded[source] = await self._load(source)
            except MetadataError as error:
                # Keys loaded earlier from this source stay in use until a refresh succeeds.
                failed = True
                log.warning("signing_keys_unavailable url=%s error=%s", source.url, error)
        by_kid: dict[str, tuple[SigningKey, ...]] = {}
        for keys in self._loaded.values():
            for key in keys:
                by_kid[key.kid] = (*by_kid.get(key.kid, ()), key)
        self._by_kid = by_kid
        now = self._clock()
        retry = min(self._unknown_key_every, RETRY_AFTER_FAILURE)
        self._next_refresh = now + (retry if failed else self._refresh_every)
        log.info("signing_keys_refreshed keys=%d complete=%s", len(by_kid), not failed)

    async def _load(self, source: MetadataSource) -> tuple[SigningKey, ...]:
        metadata = parse_metadata(await self._fetch(source.url))
        return parse_key_set(await self._fetch(metadata.jwks_uri), source, issuers_of(source, metadata))
