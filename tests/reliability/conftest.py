"""A fault proxy in front of the module's plain registry: tests hold its answers (a registry
that hangs or is slow) and release them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.runtime.tcp_proxy import TCPProxy
from tests.support.registry import RegistryServer


@pytest.fixture
async def registry_proxy(plain_registry: RegistryServer) -> AsyncIterator[TCPProxy]:
    p = TCPProxy(plain_registry.url)
    await p.start()
    yield p
    p.release()
    await p.stop()
