"""Half-open connections to the API server (a load balancer or conntrack that dropped the
flows): the manager's workers and watches recover on new connections, nothing waits forever.

A proxy between the manager and the API server freezes every connection open at that moment:
they stay open, but nothing sent on them arrives any more. Requests then fail at their deadline
(RestConfig's default, shortened here), the pool drops those connections, and watches that stay
silent past their own timeout are opened again; objects created afterwards are reconciled.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from controller_runtime.client import Client, rest
from tests.imagerepository.conftest import FAST, IR, image_repository, wait_ready
from tests.runtime.tcp_proxy import TCPProxy
from tests.support.manager import run_manager
from tests.support.report import record
from tests.support.wait import eventually


@pytest.fixture
async def api_proxy(env: Any) -> AsyncIterator[TCPProxy]:
    p = TCPProxy(env.config.host)
    await p.start()
    yield p
    await p.stop()


def _reflectors(manager: Any) -> list[Any]:
    return [informer.reflector for informer in manager.cache.informers().values()]


async def test_frozen_connections_delay_reconciles_but_never_wedge_them(
    env: Any, client: Client, namespace: str, api_proxy: TCPProxy, registry_proxy: TCPProxy,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The default request deadline applies (config.timeout stays None), made short for the test.
    monkeypatch.setattr(rest, "DEFAULT_TIMEOUT", 2.0)
    through_proxy = SimpleNamespace(config=dataclasses.replace(env.config, host=api_proxy.url, timeout=None))
    image = registry_proxy.url.removeprefix("http://") + "/team/app"
    survived: int = 0
    recovery: float | None = None
    async with run_manager(through_proxy, ["imagerepository"], namespace=namespace,
                           storage_path=tmp_path, options_overrides=FAST,
                           manager_overrides={"watch_timeout_range": (2.0, 3.0)}) as mgr:
        try:
            # A worker is in the middle of a scan (the registry is slow to answer) when every
            # connection to the API server freezes, the idle ones it will write the result on too.
            registry_proxy.hold()
            await client.create(image_repository(namespace, "app", image))
            await eventually(lambda: registry_proxy.held_bytes > 0,
                             message="the scan reached the registry")
            opened = api_proxy.connections
            api_proxy.freeze()
            frozen = time.monotonic()
            registry_proxy.release()
            await wait_ready(client, namespace, "app", within=60)
            recovery, survived = time.monotonic() - frozen, 1

            # Created behind the manager's back while its watches are dead.
            await client.create(image_repository(namespace, "later", image))
            await wait_ready(client, namespace, "later", within=60)
            survived = 2
        finally:
            record("API: half-open connections", 2, survived, recovery_seconds=recovery)
        assert api_proxy.connections > opened  # it got there on new connections
        reflectors = _reflectors(mgr.manager)
        assert reflectors and all(r.lists == 1 for r in reflectors)  # watched again, never relisted
        assert any(r.silent for r in reflectors)
    obj = await client.get(*IR, "app", namespace=namespace)
    assert obj["status"]["lastScanResult"]["tagCount"] > 0
