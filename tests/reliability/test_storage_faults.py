"""Storage faults: a disk that refuses writes (full, or remounted read-only) and a tag
database corrupted under a running manager.

A refused write is a clear `Ready=False` on the object being scanned; the manager stays up
and healthy, the tags already stored are kept (never "rebuilt" away), and the object
recovers once the disk accepts writes again. A corrupted database is rebuilt and its
objects rescanned; the manager never crashes.
"""

from __future__ import annotations

import resource
import time
from pathlib import Path
from typing import Any

from controller_runtime.client import Client
from controller_runtime.fluxruntime import conditions
from tests.imagerepository.conftest import IR, image_repository, wait_ready
from tests.reliability.processes import start_manager
from tests.support.registry import RegistryServer
from tests.support.report import record
from tests.support.wait import eventually


async def _failed(client: Client, namespace: str, name: str) -> dict[str, Any] | None:
    obj = await client.get(*IR, name, namespace=namespace)
    return obj if conditions.is_false(obj, "Ready") else None


async def test_a_disk_that_refuses_writes_fails_the_scan_clearly_and_keeps_what_is_stored(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path
) -> None:
    image = plain_registry.image("team/app")
    manager = await start_manager(env, namespace, tmp_path / "data", "--min-retry-delay=500ms",
                                  "--max-retry-delay=2s")
    try:
        await client.create(image_repository(namespace, "stored", image))
        stored = await wait_ready(client, namespace, "stored", within=60)

        manager.limit_file_size(0)  # the disk is full
        await client.create(image_repository(namespace, "new", image))
        failed = await eventually(lambda: _failed(client, namespace, "new"), timeout=60,
                                  message="the scan fails on the full disk")
        ready = conditions.get(failed, "Ready")
        assert ready is not None and ready["reason"] == "ReadOperationFailed", ready
        assert ready["message"].startswith("scan failed: "), ready
        assert "tag database error" in ready["message"], ready
        assert await manager.healthy()
        still = await client.get(*IR, "stored", namespace=namespace)

        manager.limit_file_size(resource.RLIM_INFINITY)  # space again
        lifted = time.monotonic()
        await wait_ready(client, namespace, "new", within=60)
        recovery = time.monotonic() - lifted
        same_scan = still["status"]["lastScanResult"] == stored["status"]["lastScanResult"]
        kept = conditions.is_ready(still) and same_scan
        record("storage: disk refuses writes while running", cases=2, survived=1 + int(kept),
               lost=int(not kept), recovery_seconds=recovery)
        assert kept, still["status"]
    finally:
        await manager.stop()


async def test_a_restart_on_a_disk_that_refuses_writes_deletes_no_tags(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path
) -> None:
    """Opening the database writes (schema, journal mode); refused, that is no corruption:
    the stored tags must survive, and nothing is rescanned once the disk is back."""
    storage = tmp_path / "data"
    first = await start_manager(env, namespace, storage)
    try:
        await client.create(image_repository(namespace, "app", plain_registry.image("team/app")))
        before = (await wait_ready(client, namespace, "app", within=60))["status"]["lastScanResult"]
    finally:
        await first.stop()

    second = await start_manager(env, namespace, storage, "--min-retry-delay=500ms", "--max-retry-delay=2s",
                                 file_size_limit=0)
    try:
        await client.patch(*IR, "app", {"metadata": {"annotations": {
            "reconcile.fluxcd.io/requestedAt": "storage-refused"}}}, namespace=namespace)

        async def handled() -> dict[str, Any] | None:
            obj = await client.get(*IR, "app", namespace=namespace)
            return obj if obj["status"].get("lastHandledReconcileAt") == "storage-refused" else None

        seen = await eventually(handled, timeout=60, message="the request is handled")
        ready = conditions.get(seen, "Ready")
        assert ready is not None and ready["status"] == "False", seen["status"]
        assert "tag database error: " in ready["message"], ready
        assert await second.healthy()
        second.limit_file_size(resource.RLIM_INFINITY)
    finally:
        await second.stop()

    third = await start_manager(env, namespace, storage)
    try:
        await client.patch(*IR, "app", {"spec": {"interval": "2h"}}, namespace=namespace)
        after = await wait_ready(client, namespace, "app", within=60)
        log = third.text()
        kept = "no tags in database" not in log and "rebuilding it empty" not in second.text()
        record("storage: restart on a disk that refuses writes", cases=1, survived=int(kept),
               lost=int(not kept))
        assert "rebuilding it empty" not in second.text(), second.text()[-3000:]
        assert "no tags in database" not in log, log[-3000:]
        assert after["status"]["lastScanResult"]["tagCount"] == before["tagCount"]
    finally:
        await third.stop()


async def test_a_database_corrupted_under_a_running_manager_is_rebuilt_and_rescanned(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path
) -> None:
    storage = tmp_path / "data"
    manager = await start_manager(env, namespace, storage)
    try:
        await client.create(image_repository(namespace, "app", plain_registry.image("team/app")))
        before = (await wait_ready(client, namespace, "app", within=60))["status"]["lastScanResult"]
        database = storage / "tags.db"
        with database.open("r+b") as f:  # in place: the open connection reads the garbage
            f.write(b"\x00garbage" * 4096)
        corrupted = time.monotonic()
        await client.patch(*IR, "app", {"metadata": {"annotations": {
            "reconcile.fluxcd.io/requestedAt": "after-corruption"}}}, namespace=namespace)

        async def rescanned() -> dict[str, Any] | None:
            obj = await client.get(*IR, "app", namespace=namespace)
            scan = obj["status"].get("lastScanResult") or {}
            done = obj["status"].get("lastHandledReconcileAt") == "after-corruption"
            return obj if done and conditions.is_ready(obj) and scan.get("scanTime") else None

        after = await eventually(rescanned, timeout=60, message="rescanned after the rebuild")
        recovery = time.monotonic() - corrupted
        same = after["status"]["lastScanResult"]["revision"] == before["revision"]
        record("storage: tag database corrupted while running", cases=1, survived=int(same),
               recovery_seconds=recovery)
        assert same
        assert manager.proc.returncode is None and await manager.healthy()
    finally:
        await manager.stop()
