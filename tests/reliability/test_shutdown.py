"""SIGTERM to a manager whose worker is wedged: it still stops, cancels the stuck reconcile,
releases its lease (so another replica takes over at once) and exits 0, well before the
kubelet would SIGKILL it."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp

from controller_runtime.client import Client
from tests.imagerepository.conftest import image_repository
from tests.runtime.tcp_proxy import TCPProxy
from tests.support.registry import free_port
from tests.support.report import record
from tests.support.wait import eventually

ROOT = Path(__file__).resolve().parents[2]
LEASE = ("coordination.k8s.io/v1", "Lease")


async def test_sigterm_cancels_a_wedged_reconcile_and_releases_the_lease(
    env: Any, client: Client, namespace: str, registry_proxy: TCPProxy, tmp_path: Path
) -> None:
    registry_proxy.hold()  # every scan waits for an answer that does not come
    health = free_port()
    environ = {**os.environ, "RUNTIME_NAMESPACE": namespace, "PYTHONPATH": str(ROOT)}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import sys; from controllers.cli import main; sys.exit(main())",
        "manager", "--controllers=imagerepository", "--enable-leader-election",
        "--watch-all-namespaces=false", f"--kubeconfig={env.kubeconfig_path}",
        f"--storage-path={tmp_path / 'data'}", f"--health-addr=127.0.0.1:{health}", "--metrics-addr=0",
        "--log-encoding=console",
        env=environ, stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        async def ready() -> bool:
            try:
                async with aiohttp.ClientSession() as s, s.get(f"http://127.0.0.1:{health}/readyz") as r:
                    return r.status == 200
            except aiohttp.ClientError:
                return False

        await eventually(ready, timeout=60, message="the manager is ready")
        # The scan may take up to ten minutes (spec.timeout): the worker is in it, waiting.
        image = registry_proxy.url.removeprefix("http://") + "/team/app"
        await client.create(image_repository(namespace, "app", image, timeout="10m"))
        await eventually(lambda: registry_proxy.held_bytes > 0, timeout=30, message="the scan is waiting")
        lease = await eventually(lambda: _lease(client, namespace), message="the lease is held")
        assert lease["spec"]["holderIdentity"]

        proc.send_signal(signal.SIGTERM)
        signalled = time.monotonic()
        log = ""
        stopped: float | None = None
        holder: str | None = None
        try:
            async with asyncio.timeout(60):  # far below the scan's 10 minutes: it was cancelled
                _, err = await proc.communicate()
            stopped = time.monotonic() - signalled
            log = err.decode()
            released = await client.get(*LEASE, lease["metadata"]["name"], namespace=namespace)
            holder = released["spec"]["holderIdentity"]
        finally:
            clean = proc.returncode == 0 and holder == ""
            record("manager: SIGTERM with a wedged reconcile", 1, int(clean), recovery_seconds=stopped)
        assert proc.returncode == 0, log[-3000:]
        assert "Cancelling reconciles still running after the drain timeout" in log, log[-3000:]
        assert holder == ""
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()


async def _lease(client: Client, namespace: str) -> dict[str, Any] | None:
    leases = await client.list(*LEASE, namespace=namespace)
    return next(iter(leases["items"]), None)
