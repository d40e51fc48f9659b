"""Manifests (by tag, by digest, indexes) and streamed blobs, against a real registry and a
stand-in that redirects blobs to another host, as registries backed by S3 do."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
from pathlib import Path

import pytest
from aiohttp import web

from controllers.registry import (
    AuthenticationError,
    Credentials,
    ManifestNotFoundError,
    RegistryClient,
    RegistryReadError,
    parse_image,
)
from controllers.registry.client import Manifest
from tests.registry.conftest import PASSWORD, USER
from tests.registry.standin import serve
from tests.support.registry import OCI_MANIFEST, RegistryServer, _Pusher

OCI_INDEX = "application/vnd.oci.image.index.v1+json"
PAYLOAD = b"manifest and blob test layer " * 1000


def _layer(manifest: Manifest) -> tuple[str, int]:
    layer = manifest.json["layers"][0]
    return layer["digest"], layer["size"]


def _files(directory: Path) -> list[str]:
    """What a download left in `directory` (partial files included)."""
    return sorted(p.name for p in directory.iterdir())


async def test_manifest_by_tag_and_by_digest(
    plain_registry: RegistryServer, registry_client: RegistryClient
) -> None:
    pushed = await plain_registry.apush_tags("mb/app", ["v1"], payload=PAYLOAD)
    ref = parse_image(plain_registry.image("mb/app"))

    by_tag = await registry_client.get_manifest(ref, "v1", time_limit=10)
    assert by_tag.digest == pushed
    assert by_tag.media_type == OCI_MANIFEST
    assert "sha256:" + hashlib.sha256(by_tag.body).hexdigest() == pushed
    assert by_tag.json["layers"][0]["size"] == len(PAYLOAD)

    by_digest = await registry_client.get_manifest(ref, pushed, time_limit=10)
    assert by_digest == by_tag


async def test_image_index(plain_registry: RegistryServer, registry_client: RegistryClient) -> None:
    async with _Pusher(plain_registry) as pusher:
        child = await pusher.image("mb/multi", b"amd64 layer", OCI_MANIFEST)
        child_digest = "sha256:" + hashlib.sha256(child).hexdigest()
        await pusher.put_manifest("mb/multi", child_digest, child, OCI_MANIFEST)
        index = json.dumps({
            "schemaVersion": 2,
            "mediaType": OCI_INDEX,
            "manifests": [{
                "mediaType": OCI_MANIFEST, "digest": child_digest, "size": len(child),
                "platform": {"architecture": "amd64", "os": "linux"},
            }],
        }).encode()
        await pusher.put_manifest("mb/multi", "latest", index, OCI_INDEX)
    ref = parse_image(plain_registry.image("mb/multi"))

    got = await registry_client.get_manifest(ref, "latest", time_limit=10)
    assert got.media_type == OCI_INDEX
    assert got.digest == "sha256:" + hashlib.sha256(index).hexdigest()
    assert got.json["manifests"][0]["digest"] == child_digest
    assert (await registry_client.get_manifest(ref, child_digest, time_limit=10)).body == child


async def test_missing_manifest(plain_registry: RegistryServer, registry_client: RegistryClient) -> None:
    ref = parse_image(plain_registry.image("team/app"))
    with pytest.raises(ManifestNotFoundError):
        await registry_client.get_manifest(ref, "no-such-tag", time_limit=10)
    with pytest.raises(ManifestNotFoundError):
        await registry_client.get_manifest(ref, "sha256:" + "0" * 64, time_limit=10)


async def test_invalid_references_are_refused_before_any_request(registry_client: RegistryClient) -> None:
    ref = parse_image("127.0.0.1:1/x/y")
    for bad in ("../../v2/_catalog", "md5:abc", "sha256:XYZ"):
        with pytest.raises(RegistryReadError):
            await registry_client.get_manifest(ref, bad, time_limit=1)
    with pytest.raises(RegistryReadError):
        await registry_client.fetch_blob(ref, "sha256:short", Path("/nonexistent/x"), time_limit=1)


async def test_blob_streams_to_a_file_with_basic_auth(
    basic_registry: RegistryServer, registry_client: RegistryClient, tmp_path: Path
) -> None:
    creds = Credentials(username=USER, password=PASSWORD)
    await basic_registry.apush_tags("private/blobs", ["v1"], payload=PAYLOAD)
    ref = parse_image(basic_registry.image("private/blobs"))
    manifest = await registry_client.get_manifest(ref, "v1", creds, time_limit=10)
    digest, size = _layer(manifest)

    dest = tmp_path / "layer.tar"
    assert await registry_client.fetch_blob(ref, digest, dest, creds, time_limit=10) == size
    assert dest.read_bytes() == PAYLOAD
    assert _files(tmp_path) == ["layer.tar"]


async def test_blob_size_limit_leaves_no_file(
    plain_registry: RegistryServer, registry_client: RegistryClient, tmp_path: Path
) -> None:
    await plain_registry.apush_tags("mb/blobs", ["v1"], payload=PAYLOAD)
    ref = parse_image(plain_registry.image("mb/blobs"))
    manifest = await registry_client.get_manifest(ref, "v1", time_limit=10)
    digest, size = _layer(manifest)

    with pytest.raises(RegistryReadError) as exc:
        await registry_client.fetch_blob(ref, digest, tmp_path / "big", time_limit=10, max_size=size - 1)
    assert f"larger than {size - 1} bytes" in str(exc.value)
    assert _files(tmp_path) == []

    exact = await registry_client.fetch_blob(ref, digest, tmp_path / "exact", time_limit=10, max_size=size)
    assert exact == size

    with pytest.raises(RegistryReadError) as exc:
        await registry_client.fetch_blob(ref, "sha256:" + "2" * 64, tmp_path / "missing", time_limit=10)
    assert "BLOB_UNKNOWN" in str(exc.value) and exc.value.status == 404
    assert type(exc.value) is RegistryReadError  # not RepositoryNotFoundError: the repository exists
    assert _files(tmp_path) == ["exact"]


def _storage(blobs: dict[str, bytes]) -> tuple[web.Application, list[dict[str, str]]]:
    """Blob storage serving `blobs` by path, or 403 for unknown ones; records request headers."""
    seen: list[dict[str, str]] = []

    async def get(request: web.Request) -> web.Response:
        seen.append(dict(request.headers))
        body = blobs.get(request.match_info["digest"])
        if body is None:
            return web.Response(status=403, text=f"AccessDenied for {request.query_string}")
        return web.Response(body=body)

    app = web.Application()
    app.router.add_get("/bucket/{digest}", get)
    return app, seen


def _redirecting_registry(storage: str) -> tuple[web.Application, list[dict[str, str]]]:
    """A basic-auth registry redirecting every blob to `storage` with a signed URL."""
    expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    seen: list[dict[str, str]] = []

    async def ping(request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != expected:
            return web.json_response({}, status=401, headers={"WWW-Authenticate": 'Basic realm="r"'})
        return web.json_response({})

    async def get_blob(request: web.Request) -> web.Response:
        seen.append(dict(request.headers))
        if request.headers.get("Authorization") != expected:
            return web.json_response({}, status=401, headers={"WWW-Authenticate": 'Basic realm="r"'})
        digest = request.match_info["digest"]
        raise web.HTTPTemporaryRedirect(f"http://{storage}/bucket/{digest}?X-Amz-Signature=s3cr3t-sig")

    app = web.Application()
    app.router.add_get("/v2/", ping)
    app.router.add_get("/v2/{name:.+}/blobs/{digest}", get_blob)
    return app, seen


async def test_blob_redirect_to_storage(tmp_path: Path) -> None:
    blob = b"layer in a bucket " * 5000
    digest = "sha256:" + hashlib.sha256(blob).hexdigest()
    liar = "sha256:" + "1" * 64  # storage serves other bytes under this name
    unknown = "sha256:" + "2" * 64
    creds = Credentials(username=USER, password=PASSWORD)
    store_app, store_seen = _storage({digest: blob, liar: blob})
    async with serve(store_app) as storage_host:
        reg_app, reg_seen = _redirecting_registry(storage_host)
        async with serve(reg_app) as registry_host, RegistryClient() as client:
            ref = parse_image(f"{registry_host}/team/app")
            dest = tmp_path / "blob"
            assert await client.fetch_blob(ref, digest, dest, creds, time_limit=10) == len(blob)
            assert dest.read_bytes() == blob
            # The registry got our credentials; the other host never did.
            assert reg_seen[-1]["Authorization"].startswith("Basic ")
            assert len(store_seen) == 1 and "Authorization" not in store_seen[0]

            with pytest.raises(RegistryReadError) as exc:
                await client.fetch_blob(ref, liar, tmp_path / "liar", creds, time_limit=10)
            assert f"has digest {digest}, not {liar}" in str(exc.value)

            with pytest.raises(AuthenticationError) as exc:  # a 403, like any other
                await client.fetch_blob(ref, unknown, tmp_path / "unknown", creds, time_limit=10)
            assert exc.value.status == 403
            assert f"{storage_host}/bucket/{unknown}" in str(exc.value)
            assert "s3cr3t-sig" not in str(exc.value) and "X-Amz" not in str(exc.value)
    assert all("Authorization" not in h for h in store_seen)
    assert _files(tmp_path) == ["blob"]


async def test_interrupted_blob_download_leaves_no_file(tmp_path: Path) -> None:
    """A timeout mid-body (a stalled storage host) removes the partial file."""
    digest = "sha256:" + "3" * 64
    release = asyncio.Event()

    async def slow(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Length": str(1 << 20)})
        await resp.prepare(request)
        await resp.write(b"x" * (1 << 16))
        await release.wait()
        return resp

    app = web.Application()
    app.router.add_get("/v2/{name:.+}/blobs/{digest}", slow)
    app.router.add_get("/v2/", _ok)
    async with serve(app) as host, RegistryClient() as client:
        with pytest.raises(RegistryReadError) as exc:
            await client.fetch_blob(parse_image(f"{host}/a/b"), digest, tmp_path / "blob", time_limit=1)
        release.set()
    assert "did not finish within 1s" in str(exc.value)
    assert _files(tmp_path) == []


async def _ok(request: web.Request) -> web.Response:
    return web.json_response({})


async def test_manifest_not_matching_its_digest_is_refused() -> None:
    served = json.dumps({"schemaVersion": 2, "mediaType": OCI_MANIFEST, "layers": []}).encode()
    asked = "sha256:" + "4" * 64

    async def manifest(request: web.Request) -> web.Response:
        # Claims the asked digest in the header, like a broken cache would.
        return web.Response(body=served, content_type=OCI_MANIFEST, headers={"Docker-Content-Digest": asked})

    app = web.Application()
    app.router.add_get("/v2/", _ok)
    app.router.add_get("/v2/{name:.+}/manifests/{reference}", manifest)
    async with serve(app) as host, RegistryClient() as client:
        ref = parse_image(f"{host}/a/b")
        with pytest.raises(RegistryReadError) as exc:
            await client.get_manifest(ref, asked, time_limit=5)
        assert "sha256:" + hashlib.sha256(served).hexdigest() in str(exc.value)
        by_tag = await client.get_manifest(ref, "v1", time_limit=5)
    assert by_tag.digest == asked and by_tag.media_type == OCI_MANIFEST and by_tag.json["layers"] == []
