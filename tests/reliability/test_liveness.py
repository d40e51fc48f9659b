"""/healthz tells the truth about wedged workers: it fails while a controller has a reconcile
running far longer than any of its deadlines allow, so the kubelet restarts the pod, and it
recovers by itself when the reconcile ends."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import aiohttp

from controller_runtime.client import Client
from tests.imagerepository.conftest import FAST, image_repository, wait_ready
from tests.runtime.tcp_proxy import TCPProxy
from tests.support.manager import run_manager
from tests.support.report import record
from tests.support.wait import eventually


async def healthz(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as s, s.get(url) as r:
        return r.status, await r.text()


async def test_healthz_fails_while_a_reconcile_is_stuck_and_recovers(
    env: Any, client: Client, namespace: str, registry_proxy: TCPProxy, tmp_path: Path
) -> None:
    image = registry_proxy.url.removeprefix("http://") + "/team/app"
    overrides = {"health_probe_bind_address": "127.0.0.1:0", "stuck_reconcile_after": 0.5}
    async with run_manager(env, ["imagerepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides=FAST, manager_overrides=overrides) as mgr:
        assert mgr.manager.probe_server is not None
        url = f"http://127.0.0.1:{await mgr.manager.probe_server.wait_listening()}/healthz"
        assert await healthz(url) == (200, "ok\n")

        registry_proxy.hold()  # the scan waits on the registry, far past the limit
        await client.create(image_repository(namespace, "app", image))

        async def failing() -> str | None:
            status, text = await healthz(url)
            return text if status == 500 else None

        text = ""
        recovery: float | None = None
        try:
            text = await eventually(failing, message="/healthz fails")
            registry_proxy.release()
            released = time.monotonic()
            await wait_ready(client, namespace, "app")
            await eventually(lambda: _ok(url), message="/healthz ok again")
            recovery = time.monotonic() - released
        finally:
            truthful = f"[-]reconcilers failed: imagerepository has been reconciling {namespace}/app" in text
            record("manager: wedged reconcile vs /healthz", 2, int(truthful) + int(recovery is not None),
                   recovery_seconds=recovery)
        assert f"[-]reconcilers failed: imagerepository has been reconciling {namespace}/app for " in text
        assert "(more than 0.5s)" in text


async def _ok(url: str) -> bool:
    return await healthz(url) == (200, "ok\n")
