"""Which artifact is pulled (tag, semver, semverFilter, digest, index) and what is kept of it
(layer selection, copy/extract, ignore rules); hostile layers never become artifacts."""

from __future__ import annotations

import asyncio
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import aiohttp

from controller_runtime.client import Client
from controller_runtime.fluxruntime import conditions
from tests.ocirepository.conftest import (
    FLUX_CONTENT,
    OCI,
    Pusher,
    get_oci,
    has_event,
    oci_repository,
    read_tar_gz,
    tar_gz,
    until,
    wait_condition,
    wait_ready,
)
from tests.support.manager import run_manager
from tests.support.registry import RegistryServer

HELM = "application/vnd.cncf.helm.chart.content.v1.tar+gzip"


async def fetch(url: str) -> bytes:
    async with aiohttp.ClientSession() as s, s.get(url) as resp:
        assert resp.status == 200, url
        return await resp.read()


async def test_semver_filter_and_digest_refs(
    env: Any, client: Client, namespace: str, pusher: Pusher, plain_registry: RegistryServer,
    tmp_path: Path, storage_opts: dict[str, Any],
) -> None:
    digests = {}
    for tag in ("1.0.0", "1.2.0", "1.3.0-rc.1", "2.0.0", "1.4.0-dev"):
        digests[tag] = await pusher.apush("oci/versions", tag, {"v": tag.encode()})
    url = f"oci://{plain_registry.host}/oci/versions"
    async with run_manager(env, ["ocirepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides=storage_opts):
        await client.create(oci_repository(namespace, "range", url, ref={"semver": "<2.0.0"}))
        await client.create(oci_repository(namespace, "filtered", url, ref={
            "semver": ">=1.0.0-0", "semverFilter": ".*-dev$"}))
        await client.create(oci_repository(namespace, "pinned", url, ref={
            "digest": digests["1.0.0"], "semver": "*", "tag": "2.0.0"}))
        await client.create(oci_repository(namespace, "tagged", url, ref={"tag": "2.0.0"}))
        await client.create(oci_repository(namespace, "nomatch", url, ref={"semver": ">=9"}))

        await wait_ready(client, namespace, "range", revision=f"1.2.0@{digests['1.2.0']}")
        await wait_ready(client, namespace, "filtered", revision=f"1.4.0-dev@{digests['1.4.0-dev']}")
        pinned = await wait_ready(client, namespace, "pinned", revision=digests["1.0.0"])
        assert read_tar_gz(await fetch(pinned["status"]["artifact"]["url"])) == {"v": b"1.0.0"}
        await wait_ready(client, namespace, "tagged", revision=f"2.0.0@{digests['2.0.0']}")

        obj = await wait_condition(client, namespace, "nomatch", "FetchFailed", "True", "ReadOperationFailed")
        assert conditions.get_message(obj, "Ready") == (
            f"failed to determine the artifact tag for '{url}': no match found for semver: >=9")
        assert conditions.is_false(obj, "Ready")
        assert conditions.get_reason(obj, "Reconciling") == "ProgressingWithRetry"

        # A push that satisfies the range heals it on a retry.
        fixed = await pusher.apush("oci/versions", "9.0.0", {"v": b"9"})
        await wait_ready(client, namespace, "nomatch", revision=f"9.0.0@{fixed}")
        await until(lambda: has_event(client, namespace, "nomatch", "Normal", "NewArtifact"))


async def test_missing_tag_fails_with_pull_reason(
    env: Any, client: Client, namespace: str, pusher: Pusher, plain_registry: RegistryServer,
    tmp_path: Path, storage_opts: dict[str, Any],
) -> None:
    await pusher.apush("oci/some", "v1", {"a": b"a"})
    async with run_manager(env, ["ocirepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides=storage_opts):
        await client.create(oci_repository(namespace, "missing", f"oci://{plain_registry.host}/oci/some",
                                           ref={"tag": "0.0.1"}))
        obj = await wait_condition(
            client, namespace, "missing", "FetchFailed", "True", "OCIArtifactPullFailed")
        assert conditions.get_message(obj, "FetchFailed").startswith("failed to determine artifact digest: ")
        await until(lambda: has_event(client, namespace, "missing", "Warning", "OCIArtifactPullFailed",
                                      "failed to determine artifact digest: "))
        assert "artifact" not in (obj.get("status") or {})


async def test_layer_selector_copy_extract_and_unknown_type(
    env: Any, client: Client, namespace: str, pusher: Pusher, plain_registry: RegistryServer,
    tmp_path: Path, storage_opts: dict[str, Any],
) -> None:
    chart = tar_gz({"mychart/Chart.yaml": b"name: mychart\n"})
    manifests = tar_gz({"all.yaml": b"kind: List\n"})
    digest = await asyncio.to_thread(
        pusher.push_layers, "oci/layers", "1.0.0",
        [("manifests.tgz", manifests, FLUX_CONTENT), ("chart.tgz", chart, HELM)],
    )
    url = f"oci://{plain_registry.host}/oci/layers"
    async with run_manager(env, ["ocirepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides=storage_opts):
        await client.create(oci_repository(namespace, "first", url, ref={"tag": "1.0.0"}))
        await client.create(oci_repository(namespace, "extract", url, ref={"tag": "1.0.0"},
                                           layerSelector={"mediaType": HELM}))
        await client.create(oci_repository(namespace, "copy", url, ref={"tag": "1.0.0"},
                                           layerSelector={"mediaType": HELM, "operation": "copy"}))
        await client.create(oci_repository(namespace, "unknown", url, ref={"tag": "1.0.0"},
                                           layerSelector={"mediaType": "application/x-nope"}))

        first = await wait_ready(client, namespace, "first", revision=f"1.0.0@{digest}")
        assert read_tar_gz(await fetch(first["status"]["artifact"]["url"])) == {"all.yaml": b"kind: List\n"}
        extract = await wait_ready(client, namespace, "extract")
        assert read_tar_gz(await fetch(extract["status"]["artifact"]["url"])) == {
            "mychart/Chart.yaml": b"name: mychart\n"}
        assert extract["status"]["observedLayerSelector"] == {"mediaType": HELM}
        copied = await wait_ready(client, namespace, "copy")
        assert await fetch(copied["status"]["artifact"]["url"]) == chart  # the layer, byte for byte
        assert copied["status"]["observedLayerSelector"] == {"mediaType": HELM, "operation": "copy"}

        obj = await wait_condition(client, namespace, "unknown", "FetchFailed", "True",
                                   "OCIArtifactLayerOperationFailed")
        assert conditions.get_message(obj, "FetchFailed") == (
            "failed to find layer with media type 'application/x-nope' in artifact")

        # Changing only the selector rebuilds from the same digest.
        selector = {"spec": {"layerSelector": {"mediaType": HELM}}}
        await client.patch(*OCI, "first", selector, namespace=namespace)

        async def rebuilt() -> bool:
            obj = await wait_ready(client, namespace, "first")
            body = await fetch(obj["status"]["artifact"]["url"])
            return read_tar_gz(body) == {"mychart/Chart.yaml": b"name: mychart\n"}

        await until(rebuilt)


async def test_ignore_rules_and_observed_ignore(
    env: Any, client: Client, namespace: str, pusher: Pusher, plain_registry: RegistryServer,
    tmp_path: Path, storage_opts: dict[str, Any],
) -> None:
    files = {
        "app.yaml": b"a\n", "hpa.yaml": b"h\n", "logo.png": b"png", "build/out": b"o",
        "sub/.sourceignore": b"secret.txt\n", "sub/secret.txt": b"s", "sub/kept.txt": b"k",
        ".git/config": b"[core]",
    }
    digest = await pusher.apush("oci/ignore", "v1", files)
    url = f"oci://{plain_registry.host}/oci/ignore"
    async with run_manager(env, ["ocirepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides=storage_opts):
        await client.create(oci_repository(namespace, "ign", url, ref={"tag": "v1"}))
        obj = await wait_ready(client, namespace, "ign", revision=f"v1@{digest}")
        # .sourceignore rules exist, so the default exclusions (*.png) do not apply; VCS ones do.
        assert set(read_tar_gz(await fetch(obj["status"]["artifact"]["url"]))) == {
            "app.yaml", "hpa.yaml", "logo.png", "build/out", "sub/.sourceignore", "sub/kept.txt"}
        assert "observedIgnore" not in obj["status"]

        await client.patch(*OCI, "ign", {"spec": {"ignore": "hpa.yaml\nbuild\n"}}, namespace=namespace)

        async def applied() -> dict[str, Any] | None:
            obj = await get_oci(client, namespace, "ign")
            if (obj.get("status") or {}).get("observedIgnore") != "hpa.yaml\nbuild\n":
                return None
            return obj

        obj = await until(applied)
        assert obj["status"]["artifact"]["revision"] == f"v1@{digest}"
        assert set(read_tar_gz(await fetch(obj["status"]["artifact"]["url"]))) == {
            "app.yaml", "logo.png", "sub/.sourceignore", "sub/kept.txt"}


async def test_image_index_picks_linux_amd64(
    env: Any, client: Client, namespace: str, pusher: Pusher, plain_registry: RegistryServer,
    tmp_path: Path, storage_opts: dict[str, Any],
) -> None:
    arm = await pusher.apush("oci/multi", "arm", {"arch": b"arm64"})
    amd = await pusher.apush("oci/multi", "amd", {"arch": b"amd64"})
    index = {
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [
            {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": d, "size": size,
             "platform": {"os": "linux", "architecture": arch}}
            for d, arch, size in await _sizes(plain_registry, [(arm, "arm64"), (amd, "amd64")])
        ],
    }
    body = json.dumps(index).encode()
    async with aiohttp.ClientSession() as s, s.put(
        f"{plain_registry.url}/v2/oci/multi/manifests/multi", data=body,
        headers={"Content-Type": "application/vnd.oci.image.index.v1+json"},
    ) as resp:
        assert resp.status == 201, await resp.text()
        index_digest = resp.headers["Docker-Content-Digest"]
    async with run_manager(env, ["ocirepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides=storage_opts):
        await client.create(oci_repository(namespace, "multi", f"oci://{plain_registry.host}/oci/multi",
                                           ref={"tag": "multi"}))
        obj = await wait_ready(client, namespace, "multi", revision=f"multi@{index_digest}")
        assert read_tar_gz(await fetch(obj["status"]["artifact"]["url"])) == {"arch": b"amd64"}


async def _sizes(registry: RegistryServer, items: list[tuple[str, str]]) -> list[tuple[str, str, int]]:
    out = []
    async with aiohttp.ClientSession() as s:
        for digest, arch in items:
            async with s.get(f"{registry.url}/v2/oci/multi/manifests/{digest}", headers={
                "Accept": "application/vnd.oci.image.manifest.v1+json"}) as resp:
                out.append((digest, arch, len(await resp.read())))
    return out


async def test_hostile_layer_gives_no_artifact(
    env: Any, client: Client, namespace: str, pusher: Pusher, plain_registry: RegistryServer,
    tmp_path: Path, storage_opts: dict[str, Any],
) -> None:
    good = await pusher.apush("oci/hostile", "v1", {"ok.yaml": b"ok"})

    def escape(tar: tarfile.TarFile) -> None:
        info = tarfile.TarInfo("../../escaped.yaml")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"pwned"))

    url = f"oci://{plain_registry.host}/oci/hostile"
    async with run_manager(env, ["ocirepository"], namespace=namespace, storage_path=tmp_path,
                           options_overrides=storage_opts):
        await client.create(oci_repository(namespace, "h", url, ref={"tag": "v1"}))
        before = await wait_ready(client, namespace, "h", revision=f"v1@{good}")
        await asyncio.to_thread(
            pusher.push_layers, "oci/hostile", "v1",
            [("evil.tgz", tar_gz({"a.yaml": b"a"}, extra=escape), FLUX_CONTENT)])
        await client.patch(*OCI, "h", {"metadata": {"annotations": {
            "reconcile.fluxcd.io/requestedAt": "evil"}}}, namespace=namespace)
        obj = await wait_condition(client, namespace, "h", "FetchFailed", "True",
                                   "OCIArtifactLayerOperationFailed")
        assert conditions.get_message(obj, "FetchFailed") == (
            "failed to extract layer contents from artifact: refusing entry '../../escaped.yaml': "
            "'..' path components are not allowed")
        assert conditions.get_reason(obj, "ArtifactOutdated") == "NewRevision"
        # The last good artifact stays, and is still what is served.
        assert obj["status"]["artifact"] == before["status"]["artifact"]
        obj_dir = tmp_path / "ocirepository" / namespace / "h"
        files = sorted(p.name for p in obj_dir.iterdir() if not p.name.endswith(".lock"))
        assert files == sorted([f"{good.partition(':')[2]}.tar.gz", "latest.tar.gz"])
        assert not _anywhere(tmp_path, "escaped.yaml")
        assert read_tar_gz(await fetch(obj["status"]["url"])) == {"ok.yaml": b"ok"}


def _anywhere(root: Path, name: str) -> list[Path]:
    return list(root.rglob(name))
