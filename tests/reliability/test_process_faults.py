"""Faults of the manager process itself: killed mid-scan, or frozen past its lease.

A SIGKILLed manager restarted on the same storage loses no tags and rescans nothing that is
not due; the scan it was in is redone. A leader frozen (SIGSTOP) past its lease is replaced
by the standby, and once resumed it steps down and exits without reconciling anything:
there are never two writers.
"""

from __future__ import annotations

import asyncio
import json
import signal
import time
from pathlib import Path
from typing import Any

from controller_runtime.client import Client
from controller_runtime.fluxruntime import conditions
from tests.imagerepository.conftest import IR, image_repository, wait_ready
from tests.reliability.processes import start_manager
from tests.runtime.tcp_proxy import TCPProxy
from tests.support.registry import RegistryServer
from tests.support.report import record
from tests.support.wait import eventually

LEASE = ("coordination.k8s.io/v1", "Lease")
FAST_LEASE = ("--leader-election-lease-duration=6s", "--leader-election-renew-deadline=4s",
              "--leader-election-retry-period=1s")


async def test_sigkill_mid_scan_loses_no_tags_and_rescans_nothing_not_due(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, registry_proxy: TCPProxy,
    tmp_path: Path,
) -> None:
    storage = tmp_path / "data"
    first = await start_manager(env, namespace, storage)
    try:
        scanned: dict[str, dict[str, Any]] = {}
        for i in range(4):
            await client.create(image_repository(namespace, f"good-{i}", plain_registry.image("team/app")))
        for i in range(4):
            obj = await wait_ready(client, namespace, f"good-{i}", within=60)
            scanned[f"good-{i}"] = obj["status"]["lastScanResult"]
        registry_proxy.hold()
        stuck = registry_proxy.url.removeprefix("http://") + "/team/app"
        await client.create(image_repository(namespace, "stuck", stuck))
        await eventually(lambda: registry_proxy.held_bytes > 0, message="the scan is under way")
        first.signal(signal.SIGKILL)
        killed_at = time.monotonic()
        assert await first.wait() == -signal.SIGKILL
    finally:
        await first.stop()
    registry_proxy.release()

    second = await start_manager(env, namespace, storage)
    try:
        recovered = await wait_ready(client, namespace, "stuck", within=60)
        recovery = time.monotonic() - killed_at
        kept = 0
        for name, before in scanned.items():
            obj = await client.get(*IR, name, namespace=namespace)
            # Not due for an hour: the same scan result, tags still in the store, still Ready.
            if obj["status"]["lastScanResult"] == before and conditions.is_ready(obj):
                kept += 1
        complete = recovered["status"]["lastScanResult"]["tagCount"] == scanned["good-0"]["tagCount"]
        record("manager SIGKILLed mid-scan, restarted", cases=len(scanned) + 1,
               survived=kept + int(complete), lost=len(scanned) - kept, recovery_seconds=recovery)
        assert kept == len(scanned)
        assert complete, recovered["status"]
        assert "no tags in database" not in second.text()
    finally:
        await second.stop()


async def test_a_leader_frozen_past_its_lease_is_replaced_and_steps_down_without_writing(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path
) -> None:
    image = plain_registry.image("team/app")
    leader = await start_manager(env, namespace, tmp_path / "a", "--enable-leader-election",
                                 "--log-level=debug", *FAST_LEASE)
    standby = None
    try:
        lease = await eventually(lambda: _lease(client, namespace), message="the first manager leads")
        first_holder = lease["spec"]["holderIdentity"]
        standby = await start_manager(env, namespace, tmp_path / "b", "--enable-leader-election", *FAST_LEASE)
        await client.create(image_repository(namespace, "before", image))
        await wait_ready(client, namespace, "before", within=60)

        leader.signal(signal.SIGSTOP)
        frozen_at = time.monotonic()
        await client.create(image_repository(namespace, "during", image))

        async def taken_over() -> bool:
            current = await _lease(client, namespace)
            return bool(current) and current["spec"]["holderIdentity"] not in ("", first_holder)

        await eventually(taken_over, timeout=60, message="the standby takes the lease")
        takeover = time.monotonic() - frozen_at
        await wait_ready(client, namespace, "during", within=60)

        leader.signal(signal.SIGCONT)
        code = await asyncio.wait_for(leader.wait(), timeout=120)
        lines = [json.loads(line) for line in leader.text().splitlines() if line.startswith("{")]
        after_resume = [entry for entry in lines if entry.get("name") == "during"]
        wrote = [entry for entry in after_resume if not entry.get("msg", "").startswith("Not reconciling")]
        record("leader SIGSTOPped past its lease", cases=1, survived=int(code != 0 and not wrote),
               lost=0, recovery_seconds=takeover)
        assert code != 0, leader.text()[-3000:]
        assert any("leader election lost" in str(entry) for entry in lines), leader.text()[-3000:]
        assert not wrote, wrote
        # The new leader keeps working.
        await client.create(image_repository(namespace, "later", image))
        await wait_ready(client, namespace, "later", within=60)
    finally:
        await leader.stop()
        if standby is not None:
            await standby.stop()


async def _lease(client: Client, namespace: str) -> dict[str, Any] | None:
    leases = await client.list(*LEASE, namespace=namespace)
    return next(iter(leases["items"]), None)
