"""Fetches the OpenID metadata and key sets over one shared aiohttp session."""

from __future__ import annotations

from typing import Any

import orjson
from aiohttp import ClientError, ClientSession, ClientTimeout

from bot.auth.errors import MetadataError

TIMEOUT_S = 10.0
MAX_DOCUMENT_BYTES = 1024 * 1024  # Microsoft's key sets are a few KB


class JsonFetcher:
    """`await fetcher(url)` -> the JSON document at URL, or MetadataError; `close()` on shutdown."""

    def __init__(self, timeout_s: float = TIMEOUT_S) -> None:
        self._timeout = ClientTimeout(total=timeout_s)
        self._session: ClientSession | None = None

    def _open(self) -> ClientSession:
        # Created on first use, inside the running event loop.
        if self._session is None or self._session.closed:
            self._session = ClientSession(timeout=self._timeout)
        return self._session

    async def __call__(self, url: str) -> Any:
        try:
            async with self._open().get(url, headers={"Accept": "application/json"}) as response:
                if response.status != 200:
                    raise MetadataError(f"status {response.status}")
                body = bytearray()
                async for chunk in response.content.iter_chunked(64 * 1024):
                    body += chunk
                    if len(body) > MAX_DOCUMENT_BYTES:
                        raise MetadataError("document too large")
        except (ClientError, TimeoutError, OSError) as error:
            raise MetadataError(type(error).__name__) from error
        try:
            return orjson.loads(body)
        except orjson.JSONDecodeError as error:
            raise MetadataError("not JSON") from error

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
