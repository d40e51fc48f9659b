"""A registry that goes away and comes back, manager restarts, a lost tag store, and the
per-registry rate limit shared by every scan."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from controller_runtime.client import Client
from controller_runtime.fluxruntime import conditions
from controllers import imagerepository
from controllers.storage import TagStore, repo_key
from controllers.storage.tagstore import DB_FILENAME
from tests.imagerepository.conftest import (
    FAST,
    IR,
    events_for,
    get_repo,
    image_repository,
    until,
    wait_condition,
    wait_ready,
)
from tests.support.manager import run_manager
from tests.support.registry import RegistryServer


@pytest.fixture(scope="module")
def flaky_registry(workdir: Path) -> Iterator[RegistryServer]:
    server = RegistryServer(workdir / "flaky").start()
    server.push_tags("flaky/app", ["1", "2"])
    yield server
    server.stop()


async def has_event(client: Client, namespace: str, name: str, type_: str, prefix: str) -> bool:
    return any(e["type"] == type_ and e["message"].startswith(prefix)
               for e in await events_for(client, namespace, name))


async def test_registry_down_then_back(
    env: Any, client: Client, namespace: str, flaky_registry: RegistryServer, tmp_path: Path
) -> None:
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        await client.create(image_repository(namespace, "app", flaky_registry.image("flaky/app")))
        before = await wait_ready(client, namespace, "app", tag_count=2)
        await flaky_registry.astop()
        try:
            patch = {"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": "now"}}}
            await client.patch(*IR, "app", patch, namespace=namespace)
            obj = await wait_condition(client, namespace, "app", "Ready", "False", "ReadOperationFailed")
            assert conditions.get_message(obj, "Ready").startswith("scan failed: ")
            await until(lambda: has_event(client, namespace, "app", "Warning", "scan failed: "))
            # The last good result stays while failing.
            assert obj["status"]["lastScanResult"] == before["status"]["lastScanResult"]
        finally:
            await flaky_registry.astart()
        # Backoff retries alone bring it back.
        obj = await wait_ready(client, namespace, "app", tag_count=2)
        assert obj["status"]["lastHandledReconcileAt"] == "now"
        await until(lambda: has_event(
            client, namespace, "app", "Normal", "successful scan, found 2 tags"))


async def test_restart_does_not_rescan_what_is_not_due(
    env: Any, client: Client, namespace: str, flaky_registry: RegistryServer, tmp_path: Path
) -> None:
    await flaky_registry.apush_tags("restart/app", ["1"])
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        await client.create(image_repository(namespace, "app", flaky_registry.image("restart/app")))
        before = await wait_ready(client, namespace, "app", tag_count=1)
    await flaky_registry.apush_tags("restart/app", ["2"])

    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        # The restarted manager looks at the object, finds its tags, and waits for the interval.
        await until(lambda: has_event(
            client, namespace, "app", "Normal",
            "no change in repository configuration since last scan, next scan in 59m"))
        obj = await get_repo(client, namespace, "app")
        assert obj["status"]["lastScanResult"] == before["status"]["lastScanResult"]
        assert conditions.get(obj, "Ready") == conditions.get(before, "Ready")

        # A spec change that does not touch the image or exclusions is no reason to scan either.
        await client.patch(*IR, "app", {"spec": {"timeout": "30s"}}, namespace=namespace)
        obj = await wait_ready(client, namespace, "app")
        assert obj["status"]["observedGeneration"] == 2
        assert obj["status"]["lastScanResult"] == before["status"]["lastScanResult"]


async def test_lost_tag_store_is_rebuilt_by_rescanning(
    env: Any, client: Client, namespace: str, flaky_registry: RegistryServer, tmp_path: Path
) -> None:
    await flaky_registry.apush_tags("lost/app", ["1"])
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        await client.create(image_repository(namespace, "app", flaky_registry.image("lost/app")))
        await wait_ready(client, namespace, "app", tag_count=1)

        # Lost while running: the next reconcile (here, a spec change) rescans at once.
        await flaky_registry.apush_tags("lost/app", ["2"])
        for suffix in ("", "-wal", "-shm"):
            (tmp_path / f"{DB_FILENAME}{suffix}").unlink(missing_ok=True)
        await client.patch(*IR, "app", {"spec": {"timeout": "30s"}}, namespace=namespace)
        await wait_ready(client, namespace, "app", tag_count=2)

    # Corrupt while stopped: the restarted manager rebuilds the store and rescans.
    await flaky_registry.apush_tags("lost/app", ["3"])
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"{DB_FILENAME}{suffix}").unlink(missing_ok=True)
    (tmp_path / DB_FILENAME).write_bytes(b"this is not a database" * 100)
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        obj = await wait_ready(client, namespace, "app", tag_count=3)
        assert obj["status"]["lastScanResult"]["latestTags"] == ["3", "2", "1"]


async def test_registry_rate_limit_is_shared_by_all_scans(
    env: Any, client: Client, namespace: str, flaky_registry: RegistryServer, tmp_path: Path
) -> None:
    """Six repositories, one registry, 4 requests per second with no burst: at least ~1.5s.
    (Six images: scans of one image would share a single listing.)"""
    overrides = {**FAST, "registry_qps": 4, "registry_burst": 1, "concurrent": 6}
    names = [f"app{i}" for i in range(6)]
    for name in names:
        await flaky_registry.apush_tags(f"flaky/{name}", ["1", "2"])
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=overrides):
        start = time.monotonic()
        for name in names:
            await client.create(image_repository(namespace, name, flaky_registry.image(f"flaky/{name}")))
        for name in names:
            await wait_ready(client, namespace, name, tag_count=2)
        elapsed = time.monotonic() - start
    # Every scan needs at least one request; six requests at 4/s after one token take >= 1.25s.
    assert elapsed >= 1.25


async def test_tags_of_objects_gone_while_stopped_are_dropped_at_start(
    env: Any, client: Client, namespace: str, flaky_registry: RegistryServer, tmp_path: Path
) -> None:
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        for name in ("kept", "orphan"):
            await client.create(image_repository(namespace, name, flaky_registry.image("flaky/app")))
        for name in ("kept", "orphan"):
            await wait_ready(client, namespace, name)
    # While no controller runs, someone strips the finalizer and deletes the object.
    await client.patch(*IR, "orphan", {"metadata": {"finalizers": None}}, namespace=namespace)
    await client.delete(*IR, "orphan", namespace=namespace)
    async with TagStore(tmp_path) as reader:
        assert await reader.tags(repo_key(namespace, "orphan")) is not None
        async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
            await until(lambda: _missing(reader, repo_key(namespace, "orphan")))
            assert await reader.tags(repo_key(namespace, "kept")) == ["2", "1"]


async def test_gc_interval_collects_orphans_while_running_and_zero_disables_it(
    env: Any, client: Client, namespace: str, flaky_registry: RegistryServer, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(imagerepository, "GC_INTERVAL_UNIT", 0.2)  # --gc-interval=1: every 0.2 s
    async with TagStore(tmp_path) as reader:
        async with run_manager(env, namespace=namespace, storage_path=tmp_path,
                               options_overrides={**FAST, "gc_interval": 1}):
            for name in ("kept", "orphan"):
                await client.create(image_repository(namespace, name, flaky_registry.image("flaky/app")))
            for name in ("kept", "orphan"):
                await wait_ready(client, namespace, name)
            # Someone strips the finalizer of a running manager's object and deletes it.
            await client.patch(*IR, "orphan", {"metadata": {"finalizers": None}}, namespace=namespace)
            await client.delete(*IR, "orphan", namespace=namespace)
            await until(lambda: _missing(reader, repo_key(namespace, "orphan")))
            assert await reader.tags(repo_key(namespace, "kept")) == ["2", "1"]

            await client.patch(*IR, "kept", {"metadata": {"finalizers": None}}, namespace=namespace)
        await client.delete(*IR, "kept", namespace=namespace)
        async with run_manager(env, namespace=namespace, storage_path=tmp_path,
                               options_overrides={**FAST, "gc_interval": 0}) as running:
            await until(lambda: _started(running))
            assert await reader.tags(repo_key(namespace, "kept")) == ["2", "1"]  # no collector at all
            assert not any(isinstance(r, imagerepository.OrphanedTagsCollector) for r in _runnables(running))


def _runnables(running: Any) -> list[Any]:
    return [r for group in (running.manager._leader, running.manager._others) for r in group.runnables()]


async def _started(running: Any) -> bool:
    return running.manager.elected.is_set()


async def _missing(store: TagStore, key: str) -> bool:
    return await store.tags(key) is None


async def test_repository_deleted_from_the_registry(
    env: Any, client: Client, namespace: str, flaky_registry: RegistryServer, tmp_path: Path
) -> None:
    """The registry forgets the repository (NAME_UNKNOWN): Ready=False ReadOperationFailed with
    the registry's words and a Warning, the last good scan kept; pushing it again recovers."""
    await flaky_registry.apush_tags("deleted/app", ["1", "2"])
    stored = flaky_registry.workdir / "data" / "docker" / "registry" / "v2" / "repositories" / "deleted"
    async with run_manager(env, namespace=namespace, storage_path=tmp_path, options_overrides=FAST):
        await client.create(image_repository(namespace, "app", flaky_registry.image("deleted/app")))
        before = await wait_ready(client, namespace, "app", tag_count=2)

        shutil.rmtree(stored)
        patch = {"metadata": {"annotations": {"reconcile.fluxcd.io/requestedAt": "after-delete"}}}
        await client.patch(*IR, "app", patch, namespace=namespace)
        obj = await wait_condition(client, namespace, "app", "Ready", "False", "ReadOperationFailed")
        message = conditions.get_message(obj, "Ready")
        assert message.startswith(f"scan failed: GET {flaky_registry.url}/v2/deleted/app/tags/list")
        assert "NAME_UNKNOWN" in message
        assert not conditions.has(obj, "Stalled")  # a push can bring it back: keep retrying
        assert obj["status"]["lastScanResult"] == before["status"]["lastScanResult"]

        async def retried_scans() -> bool:
            failures = sum(int(e.get("count", 1)) for e in await events_for(client, namespace, "app")
                           if e["type"] == "Warning" and e["message"].startswith("scan failed: GET "))
            return failures >= 3

        # Backoff retries scan again (and fail again); the last good result never makes it Ready.
        await until(retried_scans)
        obj = await get_repo(client, namespace, "app")
        assert conditions.get_reason(obj, "Ready") == "ReadOperationFailed"

        await flaky_registry.apush_tags("deleted/app", ["3"])
        obj = await wait_ready(client, namespace, "app", tag_count=1)
        assert obj["status"]["lastScanResult"]["latestTags"] == ["3"]
        assert obj["status"]["lastHandledReconcileAt"] == "after-delete"
