"""The artifact in storage: rebuilt when it vanished or was altered, its URLs following
`--storage-adv-addr`, storage failures reported as StorageOperationFailed, suspend honoured."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path
from typing import Any

import aiohttp

from controller_runtime.client import Client
from controller_runtime.fluxruntime import conditions
from tests.ocirepository.conftest import (
    OCI,
    Pusher,
    get_oci,
    has_event,
    oci_repository,
    until,
    wait_condition,
    wait_ready,
)
from tests.support.manager import run_manager
from tests.support.registry import RegistryServer, free_port


async def request(client: Client, namespace: str, name: str, value: str) -> None:
    await client.patch(*OCI, name, {"metadata": {"annotations": {
        "reconcile.fluxcd.io/requestedAt": value}}}, namespace=namespace)


async def handled(client: Client, namespace: str, name: str, value: str) -> dict[str, Any]:
    async def check() -> dict[str, Any] | None:
        obj = await get_oci(client, namespace, name)
        status = obj.get("status") or {}
        if status.get("lastHandledReconcileAt") != value or not conditions.is_ready(obj):
            return None
        return obj

    result: dict[str, Any] = await until(check)
    return result


async def sha256_of(url: str) -> str:
    async with aiohttp.ClientSession() as s, s.get(url) as resp:
        assert resp.status == 200
        return "sha256:" + hashlib.sha256(await resp.read()).hexdigest()


async def test_vanished_and_altered_artifacts_are_rebuilt(
    env: Any, client: Client, namespace: str, pusher: Pusher, plain_registry: RegistryServer,
    tmp_path: Path, storage_opts: dict[str, Any],
) -> None:
    digest = await pusher.apush("oci/fragile", "v1", {"a.yaml": b"a\n"})
    async with run_manager(env, ["ocirepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides=storage_opts):
        await client.create(oci_repository(namespace, "f", f"oci://{plain_registry.host}/oci/fragile",
                                           ref={"tag": "v1"}))
        obj = await wait_ready(client, namespace, "f", revision=f"v1@{digest}")
        artifact = obj["status"]["artifact"]
        path = tmp_path / artifact["path"]

        await asyncio.to_thread(path.unlink)
        await request(client, namespace, "f", "vanished")
        obj = await handled(client, namespace, "f", "vanished")
        assert obj["status"]["artifact"]["digest"] == artifact["digest"]  # deterministic rebuild
        assert await sha256_of(obj["status"]["artifact"]["url"]) == artifact["digest"]

        await asyncio.to_thread(path.write_bytes, b"tampered")
        await request(client, namespace, "f", "tampered")
        obj = await handled(client, namespace, "f", "tampered")
        assert await sha256_of(obj["status"]["artifact"]["url"]) == artifact["digest"]
        await until(lambda: has_event(client, namespace, "f", "Warning", "ArtifactVerificationFailed",
                                      "failed to verify integrity of artifact: "))


async def test_advertised_address_change_refreshes_urls(
    env: Any, client: Client, namespace: str, pusher: Pusher, plain_registry: RegistryServer,
    tmp_path: Path, storage_opts: dict[str, Any],
) -> None:
    digest = await pusher.apush("oci/moved", "v1", {"a.yaml": b"a\n"})
    async with run_manager(env, ["ocirepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides=storage_opts):
        await client.create(oci_repository(namespace, "m", f"oci://{plain_registry.host}/oci/moved",
                                           ref={"tag": "v1"}))
        before = await wait_ready(client, namespace, "m", revision=f"v1@{digest}")
    port = free_port()
    moved = {**storage_opts, "storage_addr": f"127.0.0.1:{port}", "storage_adv_addr": f"localhost:{port}"}
    async with run_manager(env, ["ocirepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides=moved):
        await request(client, namespace, "m", "moved")
        obj = await handled(client, namespace, "m", "moved")
        assert obj["status"]["artifact"]["url"] == f"http://localhost:{port}/{before['status']['artifact']['path']}"
        assert obj["status"]["url"] == f"http://localhost:{port}/ocirepository/{namespace}/m/latest.tar.gz"
        assert obj["status"]["artifact"]["digest"] == before["status"]["artifact"]["digest"]
        assert await sha256_of(obj["status"]["url"]) == before["status"]["artifact"]["digest"]


async def test_suspend_stops_reconciling(
    env: Any, client: Client, namespace: str, pusher: Pusher, plain_registry: RegistryServer,
    tmp_path: Path, storage_opts: dict[str, Any],
) -> None:
    first = await pusher.apush("oci/suspended", "v1", {"a.yaml": b"1\n"})
    async with run_manager(env, ["ocirepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides=storage_opts):
        await client.create(oci_repository(namespace, "s", f"oci://{plain_registry.host}/oci/suspended",
                                           ref={"tag": "v1"}))
        await wait_ready(client, namespace, "s", revision=f"v1@{first}")
        await client.patch(*OCI, "s", {"spec": {"suspend": True}}, namespace=namespace)
        second = await pusher.apush("oci/suspended", "v1", {"a.yaml": b"2\n"})
        await request(client, namespace, "s", "while-suspended")
        # A second object reconciled after the request proves the queue moved past it.
        await client.create(oci_repository(namespace, "witness", f"oci://{plain_registry.host}/oci/suspended",
                                           ref={"tag": "v1"}))
        await wait_ready(client, namespace, "witness", revision=f"v1@{second}")
        obj = await get_oci(client, namespace, "s")
        assert obj["status"]["artifact"]["revision"] == f"v1@{first}"
        assert obj["status"].get("lastHandledReconcileAt") != "while-suspended"
        await client.patch(*OCI, "s", {"spec": {"suspend": False}}, namespace=namespace)
        await wait_ready(client, namespace, "s", revision=f"v1@{second}")


async def test_storage_failure_is_reported(
    env: Any, client: Client, namespace: str, pusher: Pusher, plain_registry: RegistryServer,
    tmp_path: Path, storage_opts: dict[str, Any],
) -> None:
    digest = await pusher.apush("oci/nowhere", "v1", {"a.yaml": b"a\n"})
    storage = tmp_path / "storage"
    storage.mkdir()
    # Where the object's directory must go, a file: no permission trick, fails for root too.
    (storage / "ocirepository").write_text("not a directory")
    async with run_manager(env, ["ocirepository"], namespace=namespace, storage_path=storage,
                           options_overrides=storage_opts):
        await client.create(oci_repository(namespace, "n", f"oci://{plain_registry.host}/oci/nowhere",
                                           ref={"tag": "v1"}))
        obj = await wait_condition(client, namespace, "n", "StorageOperationFailed", "True",
                                   "ArchiveOperationFailed")
        assert conditions.get_message(obj, "Ready").startswith("unable to archive artifact to storage: ")
        assert conditions.is_false(obj, "Ready")
        await until(lambda: has_event(client, namespace, "n", "Warning", "ArchiveOperationFailed"))
        # Fixing the storage heals it on the next retry.
        await asyncio.to_thread((storage / "ocirepository").unlink)
        await wait_ready(client, namespace, "n", revision=f"v1@{digest}")
