"""A registry that hangs does not starve healthy ones: it holds at most `--concurrent` scans,
and a repository on another registry is scanned at once, while the hanging scans still wait."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from controller_runtime.client import Client
from controller_runtime.fluxruntime import conditions
from tests.imagerepository.conftest import FAST, IR, image_repository, wait_ready
from tests.runtime.tcp_proxy import TCPProxy
from tests.support.manager import run_manager
from tests.support.registry import RegistryServer
from tests.support.report import record
from tests.support.wait import eventually


async def test_six_hanging_repositories_do_not_delay_a_healthy_one(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, registry_proxy: TCPProxy,
    tmp_path: Path,
) -> None:
    registry_proxy.hold()
    stuck = registry_proxy.url.removeprefix("http://") + "/team/app"
    survived: int = 0
    recovery: float | None = None
    async with run_manager(env, ["imagerepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides={**FAST, "concurrent": 2}):
        for i in range(6):
            await client.create(image_repository(namespace, f"hanging-{i}", stuck, timeout="10m"))
        await eventually(lambda: registry_proxy.held_bytes > 0, message="scans wait on the hanging registry")

        try:
            await client.create(image_repository(namespace, "healthy", plain_registry.image("team/app")))
            await wait_ready(client, namespace, "healthy")
            survived += 1
            connections = registry_proxy.connections
            waiting = [conditions.is_true(await client.get(*IR, f"hanging-{i}", namespace=namespace), "Ready")
                       for i in range(6)]
            registry_proxy.release()
            released = time.monotonic()
            for i in range(6):
                await wait_ready(client, namespace, f"hanging-{i}", within=60)
                survived += 1
            recovery = time.monotonic() - released
        finally:
            record("registry: one hangs, others scanned", 7, survived, recovery_seconds=recovery)
        assert connections <= 2  # --concurrent scans of that registry, no more
        assert not any(waiting)  # none of them was Ready while the registry hung
