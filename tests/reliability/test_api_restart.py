"""The API server restarts (with its state, as etcd keeps it) under a running manager: the
manager is not restarted, its informers and event sink reconnect, objects created after the
restart are reconciled and those before it keep their status."""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from pathlib import Path
from types import SimpleNamespace

from controller_runtime.client import Client, errors, load_config
from tests.imagerepository.conftest import image_repository, wait_ready
from tests.reliability.processes import ROOT, start_manager
from tests.support.registry import RegistryServer, free_port
from tests.support.report import record
from tests.support.wait import eventually

NAMESPACE = "restart"


async def _serve(port: int, state: Path, kubeconfig: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "controller_runtime.envtest", "serve", f"--port={port}",
        f"--state-dir={state}", f"--kubeconfig={kubeconfig}", f"--crd-dir={ROOT / 'config/crd/bases'}",
        cwd=ROOT, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )


async def _answering(kubeconfig: Path) -> bool:
    if not await asyncio.to_thread(kubeconfig.exists):
        return False
    try:
        async with Client(load_config(kubeconfig=str(kubeconfig))) as c:
            await c.get("v1", "Namespace", "default")
        return True
    except (OSError, errors.ApiError):
        return False


async def test_an_api_server_restart_is_recovered_without_restarting_the_manager(
    plain_registry: RegistryServer, tmp_path: Path
) -> None:
    port, state, kubeconfig = free_port(), tmp_path / "state", tmp_path / "kubeconfig"
    server = await _serve(port, state, kubeconfig)
    manager = None
    try:
        await eventually(lambda: _answering(kubeconfig), timeout=60, message="the API server answers")
        config = load_config(kubeconfig=str(kubeconfig))
        async with Client(config) as client:
            await client.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NAMESPACE}})
        env = SimpleNamespace(kubeconfig_path=kubeconfig)
        manager = await start_manager(env, NAMESPACE, tmp_path / "data")
        image = plain_registry.image("team/app")
        async with Client(config) as client:
            await client.create(image_repository(NAMESPACE, "before", image))
            before = await wait_ready(client, NAMESPACE, "before", within=60)

        server.send_signal(signal.SIGTERM)
        await server.wait()
        server = await _serve(port, state, kubeconfig)
        restarted = time.monotonic()
        await eventually(lambda: _answering(kubeconfig), timeout=60, message="the API server is back")
        async with Client(load_config(kubeconfig=str(kubeconfig))) as client:
            await client.create(image_repository(NAMESPACE, "after", image))
            await wait_ready(client, NAMESPACE, "after", within=120)
            recovery = time.monotonic() - restarted
            kept = await client.get(*("image.toolkit.fluxcd.io/v1", "ImageRepository"), "before",
                                    namespace=NAMESPACE)
        same = kept["status"]["lastScanResult"] == before["status"]["lastScanResult"]
        alive = manager.proc.returncode is None and await manager.healthy()
        record("API: restart with state", cases=2, survived=int(same) + int(alive), lost=int(not same),
               recovery_seconds=recovery)
        assert alive, manager.text()[-3000:]
        assert same, kept["status"]
    finally:
        if manager is not None:
            await manager.stop()
        if server.returncode is None:
            server.kill()
        await server.wait()
