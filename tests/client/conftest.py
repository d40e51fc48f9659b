"""The ``server`` fixture: a fresh local HTTP server per test, stopped after it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.client.http_server import Server


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    s = Server()
    yield s
    await s.stop()
