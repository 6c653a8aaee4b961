"""Fetches a file a user sent in Teams: https only, a size limit while streaming, and a time-out.

Teams hands the bot a pre-authorised `downloadUrl` (OneDrive/SharePoint). The bytes stay in
memory only as long as the review takes; nothing is written to disk.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from urllib.parse import urljoin, urlsplit

from aiohttp import ClientError, ClientSession, ClientTimeout, StreamReader

log = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
TIMEOUT_SECONDS = 20.0
_MAX_REDIRECTS = 3
_CHUNK = 64 * 1024


class DownloadFailed(Exception):
    """reason: too_large (over the limit), refused (not https), failed (network, status, time-out)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def allowed_url(url: str) -> bool:
    """https anywhere; plain http only to the loopback address, where the tests' fake serves files."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return bool(parts.hostname)
    if parts.scheme != "http" or not parts.hostname:
        return False
    try:
        return ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


class Downloader:
    """One HTTP session for the app's downloads, opened on first use and closed with the app."""

    def __init__(
        self,
        session: ClientSession | None = None,
        max_bytes: int = MAX_BYTES,
        timeout_seconds: float = TIMEOUT_SECONDS,
    ) -> None:
        self._session = session
        self._owns_session = session is None
        self.max_bytes = max_bytes
        self._timeout = timeout_seconds

    def _client(self) -> ClientSession:
        if self._session is None or self._session.closed:
            self._session = ClientSession()
            self._owns_session = True
        return self._session

    async def fetch(self, url: str) -> bytes:
        """The file's bytes; DownloadFailed when it is too large, refused, or cannot be fetched."""
        try:
            return await asyncio.wait_for(self._fetch(url), self._timeout)
        except TimeoutError:
            log.info("dpa_download_failed reason=timeout")
            raise DownloadFailed("failed") from None

    async def _fetch(self, url: str) -> bytes:
        # Redirects are followed by hand, so that every hop is held to the same rule.
        for _ in range(_MAX_REDIRECTS + 1):
            if not allowed_url(url):
                log.info("dpa_download_failed reason=refused scheme=%s", urlsplit(url).scheme)
                raise DownloadFailed("refused")
            try:
                async with self._client().get(
                    url, allow_redirects=False, timeout=ClientTimeout(total=self._timeout)
                ) as response:
                    if response.status in (301, 302, 303, 307, 308) and "Location" in response.headers:
                        url = urljoin(url, response.headers["Location"])
                        continue
                    if response.status != 200:
                        log.info("dpa_download_failed reason=status status=%s", response.status)
                        raise DownloadFailed("failed")
                    if (response.content_length or 0) > self.max_bytes:
                        raise DownloadFailed("too_large")
                    return await self._read(response.content)
            except ClientError as error:
                log.info("dpa_download_failed reason=network error=%s", type(error).__name__)
                raise DownloadFailed("failed") from None
        raise DownloadFailed("failed")

    async def _read(self, stream: StreamReader) -> bytes:
        received = bytearray()
        async for chunk in stream.iter_chunked(_CHUNK):
            received += chunk
            if len(received) > self.max_bytes:
                raise DownloadFailed("too_large")  # stop reading: the rest never arrives
        return bytes(received)

    async def close(self) -> None:
        if self._owns_session and self._session is not None:
            await self._session.close()
