"""The real app on loopback (tests/http's fixtures): abuse limits and security headers."""

from __future__ import annotations

from tests.http.conftest import loopback_only, start_bot  # noqa: F401  (fixtures: the app on loopback)
