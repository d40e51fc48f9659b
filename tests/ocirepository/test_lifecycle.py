"""OCIRepository end to end: oras pushes to a real registry, the manager pulls, stores and serves."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import aiohttp

from controller_runtime.client import Client
from controller_runtime.fluxruntime import conditions
from tests.ocirepository.conftest import (
    OCI,
    Pusher,
    events_for,
    get_oci,
    has_event,
    oci_repository,
    read_tar_gz,
    until,
    wait_condition,
    wait_ready,
)
from tests.support.manager import run_manager
from tests.support.registry import RegistryServer

FILES = {
    "deploy/app.yaml": b"kind: Deployment\n",
    "README.md": b"# hello\n",
    "logo.png": b"\x89PNG not really",  # a default exclusion
    ".github/workflows/ci.yaml": b"on: push\n",  # a default exclusion
}


async def fetch(url: str) -> bytes:
    async with aiohttp.ClientSession() as s, s.get(url) as resp:
        assert resp.status == 200, url
        return await resp.read()


async def test_tag_ref_pull_store_serve(
    env: Any, client: Client, namespace: str, pusher: Pusher, plain_registry: RegistryServer,
    tmp_path: Path, storage_opts: dict[str, Any],
) -> None:
    digest = await pusher.apush("oci/app", "v1", FILES, annotations={
        "org.opencontainers.image.source": "https://github.com/org/app",
        "org.opencontainers.image.revision": "main@sha1:abc",
    })
    url = f"oci://{plain_registry.host}/oci/app"
    async with run_manager(env, ["ocirepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides=storage_opts):
        await client.create(oci_repository(namespace, "app", url, ref={"tag": "v1"}))
        obj = await wait_ready(client, namespace, "app", revision=f"v1@{digest}")
        artifact = obj["status"]["artifact"]
        hex_ = digest.partition(":")[2]
        assert artifact["path"] == f"ocirepository/{namespace}/app/{hex_}.tar.gz"
        assert artifact["url"] == f"http://{storage_opts['storage_adv_addr']}/{artifact['path']}"
        assert artifact["metadata"]["org.opencontainers.image.source"] == "https://github.com/org/app"
        assert obj["status"]["url"].endswith(f"/ocirepository/{namespace}/app/latest.tar.gz")
        assert conditions.get_message(obj, "Ready") == f"stored artifact for revision 'v1@{digest}'"
        assert conditions.get_reason(obj, "ArtifactInStorage") == "Succeeded"
        for absent in ("FetchFailed", "StorageOperationFailed", "ArtifactOutdated", "Reconciling", "Stalled"):
            assert not conditions.has(obj, absent), absent

        body = await fetch(artifact["url"])
        assert "sha256:" + hashlib.sha256(body).hexdigest() == artifact["digest"]
        assert len(body) == artifact["size"]
        kept = {"deploy/app.yaml", "README.md"}
        assert read_tar_gz(body) == {k: v for k, v in FILES.items() if k in kept}
        assert await fetch(obj["status"]["url"]) == body

        await until(lambda: has_event(
            client, namespace, "app", "Normal", "NewArtifact",
            f"stored artifact with revision 'v1@{digest}' from '{url}', origin source "
            "'https://github.com/org/app', origin revision 'main@sha1:abc'"))
        new_artifact = [e for e in await events_for(client, namespace, "app") if e["reason"] == "NewArtifact"]
        assert new_artifact[0]["metadata"]["annotations"]["source.werf.io/revision"] == f"v1@{digest}"
        assert new_artifact[0]["metadata"]["annotations"]["source.werf.io/digest"] == artifact["digest"]


async def test_moved_tag_gives_new_artifact_and_old_is_collected(
    env: Any, client: Client, namespace: str, pusher: Pusher, plain_registry: RegistryServer,
    tmp_path: Path, storage_opts: dict[str, Any],
) -> None:
    first = await pusher.apush("oci/moving", "latest", {"a.yaml": b"one\n"})
    url = f"oci://{plain_registry.host}/oci/moving"
    opts = {**storage_opts, "artifact_retention_records": 1, "artifact_retention_ttl": 0.0}
    async with run_manager(env, ["ocirepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides=opts):
        await client.create(oci_repository(namespace, "moving", url))  # no ref: `latest`
        before = await wait_ready(client, namespace, "moving", revision=f"latest@{first}")
        second = await pusher.apush("oci/moving", "latest", {"a.yaml": b"two\n"})
        await client.patch(*OCI, "moving", {"metadata": {"annotations": {
            "reconcile.werf.io/requestedAt": "1"}}}, namespace=namespace)
        after = await wait_ready(client, namespace, "moving", revision=f"latest@{second}")
        assert after["status"]["lastHandledReconcileAt"] == "1"
        assert after["status"]["artifact"]["digest"] != before["status"]["artifact"]["digest"]
        assert read_tar_gz(await fetch(after["status"]["artifact"]["url"])) == {"a.yaml": b"two\n"}
        await until(lambda: has_event(client, namespace, "moving", "Normal", "NewArtifact",
                                      f"stored artifact with revision 'latest@{second}'"))

        # The next run collects the first artifact (one record kept, no TTL grace).
        await client.patch(*OCI, "moving", {"metadata": {"annotations": {
            "reconcile.fluxcd.io/requestedAt": "2"}}}, namespace=namespace)
        obj_dir = tmp_path / "ocirepository" / namespace / "moving"

        async def collected() -> bool:
            names = sorted(p.name for p in obj_dir.iterdir() if not p.name.endswith(".lock"))
            assert names == sorted([f"{second.partition(':')[2]}.tar.gz", "latest.tar.gz"])
            return True

        await until(collected)


async def test_unchanged_digest_pulls_nothing(
    env: Any, client: Client, namespace: str, pusher: Pusher, plain_registry: RegistryServer,
    tmp_path: Path, storage_opts: dict[str, Any],
) -> None:
    from tests.reliability.http_fault_proxy import HTTPFaultProxy

    digest = await pusher.apush("oci/still", "v1", {"a.yaml": b"a\n"})
    proxy = HTTPFaultProxy(plain_registry.url)
    await proxy.start()
    try:
        url = f"oci://{proxy.host}/oci/still"
        async with run_manager(env, ["ocirepository"], namespace=namespace, storage_path=tmp_path,
                               options_overrides=storage_opts):
            await client.create(oci_repository(namespace, "still", url, ref={"tag": "v1"}))
            await wait_ready(client, namespace, "still", revision=f"v1@{digest}")
            proxy.seen.clear()
            await client.patch(*OCI, "still", {"metadata": {"annotations": {
                "reconcile.fluxcd.io/requestedAt": "again"}}}, namespace=namespace)

            async def handled() -> bool:
                obj = await get_oci(client, namespace, "still")
                return (obj.get("status") or {}).get("lastHandledReconcileAt") == "again"

            await until(handled)
            requests = [(s.method, s.path) for s in proxy.seen if s.path != "/v2/"]
            assert requests == [("HEAD", "/v2/oci/still/manifests/v1")]
            await until(lambda: has_event(client, namespace, "still", "Normal", "ArtifactUpToDate",
                                          f"artifact up-to-date with remote revision: 'v1@{digest}'"))
    finally:
        await proxy.stop()


async def test_invalid_url_stalls(
    env: Any, client: Client, namespace: str, tmp_path: Path, storage_opts: dict[str, Any],
) -> None:
    async with run_manager(env, ["ocirepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides=storage_opts):
        await client.create(oci_repository(namespace, "bad", "oci://registry.example/org/app:v1"))
        obj = await wait_condition(client, namespace, "bad", "Stalled", "True", "URLInvalid")
        message = ("URL validation failed for 'oci://registry.example/org/app:v1': "
                   "URL must not contain a tag; remove ':v1'")
        assert conditions.get_message(obj, "Stalled") == message
        assert conditions.get_reason(obj, "Ready") == "URLInvalid"
        assert conditions.is_false(obj, "Ready")
        assert conditions.get_reason(obj, "FetchFailed") == "URLInvalid"
        assert not conditions.has(obj, "Reconciling")
        await until(lambda: has_event(client, namespace, "bad", "Warning", "URLInvalid", message))


async def test_delete_removes_artifacts(
    env: Any, client: Client, namespace: str, pusher: Pusher, plain_registry: RegistryServer,
    tmp_path: Path, storage_opts: dict[str, Any],
) -> None:
    digest = await pusher.apush("oci/gone", "v1", {"a.yaml": b"a\n"})
    async with run_manager(env, ["ocirepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides=storage_opts):
        await client.create(oci_repository(namespace, "gone", f"oci://{plain_registry.host}/oci/gone",
                                           ref={"tag": "v1"}))
        obj = await wait_ready(client, namespace, "gone", revision=f"v1@{digest}")
        assert obj["metadata"]["finalizers"] == ["finalizers.werf.io"]
        obj_dir = tmp_path / "ocirepository" / namespace / "gone"
        assert obj_dir.is_dir()
        await client.delete(*OCI, "gone", namespace=namespace)

        async def removed() -> bool:
            try:
                await get_oci(client, namespace, "gone")
                return False
            except Exception:
                return not obj_dir.exists()

        await until(removed)
