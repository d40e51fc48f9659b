"""ArtifactServer: regular files under the root only; no listings, no traversal, GET/HEAD only."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from controllers.artifacts.server import ArtifactServer
from controllers.artifacts.storage import Artifact, ArtifactStorage

KIND = "OCIRepository"


async def raw_request(port: int, method: str, target: str) -> tuple[int, dict[str, str], bytes]:
    """Send a request line exactly as written (clients normalize `..` away)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(f"{method} {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        data = await reader.read()
    finally:
        writer.close()
        await writer.wait_closed()
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
    return status, headers, body


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[tuple[ArtifactStorage, Artifact, str]]:
    root = tmp_path / "storage"
    server = ArtifactServer(root, "127.0.0.1", 0)
    await server.start()
    port = await server.wait_listening()
    store = ArtifactStorage(root, f"127.0.0.1:{port}")
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "f.yaml").write_text("a: 1\n")
    art = await store.archive(KIND, "ns", "app", src, revision="v1@sha256:00")
    try:
        yield store, art, f"http://127.0.0.1:{port}"
    finally:
        await server.stop()


async def test_serves_artifact_and_latest(served: tuple[ArtifactStorage, Artifact, str]) -> None:
    store, art, _ = served
    latest_url = await store.link_latest(art)
    expected = store.local_path(art).read_bytes()
    async with aiohttp.ClientSession(auto_decompress=False) as s:
        for url in (art.url, latest_url):
            async with s.get(url) as resp:
                assert resp.status == 200
                assert resp.headers["Content-Type"] == "application/gzip"
                assert "Content-Encoding" not in resp.headers
                assert await resp.read() == expected
        async with s.head(art.url) as resp:
            assert resp.status == 200
            assert resp.headers["Content-Type"] == "application/gzip"
            assert int(resp.headers["Content-Length"]) == art.size
            assert await resp.read() == b""


async def test_filename_with_colon(served: tuple[ArtifactStorage, Artifact, str], tmp_path: Path) -> None:
    store, _, _ = served
    blob = tmp_path / "layer.tgz"
    blob.write_bytes(b"\x1f\x8b raw layer")
    art = await store.copy(KIND, "ns", "app", blob, filename="sha256:abcd.tar.gz")
    async with aiohttp.ClientSession() as s, s.get(art.url) as resp:
        assert resp.status == 200
        assert await resp.read() == b"\x1f\x8b raw layer"


async def test_directories_are_not_listed(served: tuple[ArtifactStorage, Artifact, str]) -> None:
    _, _, base = served
    async with aiohttp.ClientSession() as s:
        dirs = ("/", "/ocirepository", "/ocirepository/ns/app/", "/ocirepository/ns/app")
        for path in (*dirs, "/missing.tar.gz"):
            async with s.get(base + path) as resp:
                assert resp.status == 404, path
                assert "app" not in await resp.text()


@pytest.mark.parametrize(
    "target",
    [
        "/../../etc/passwd",
        "/ocirepository/../ocirepository/ns/app/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/ocirepository/ns/app/%2e%2e%2f%2e%2e%2f..%2fsecret.txt",
        "//etc/passwd",
        "/%2Fetc%2Fpasswd",
        "/ocirepository/ns/app/%00",
    ],
)
async def test_traversal_is_404(served: tuple[ArtifactStorage, Artifact, str], target: str) -> None:
    store, _, base = served
    (store.root.parent / "secret.txt").write_text("outside")
    port = int(base.rsplit(":", 1)[1])
    status, _, body = await raw_request(port, "GET", target)
    assert status == 404
    assert b"outside" not in body and b"root:" not in body


async def test_existing_file_through_dotdot_is_still_404(
    served: tuple[ArtifactStorage, Artifact, str],
) -> None:
    _, art, base = served
    port = int(base.rsplit(":", 1)[1])
    status, _, _ = await raw_request(port, "GET", "/" + art.path)
    assert status == 200
    status, _, _ = await raw_request(port, "GET", "/ocirepository/ns/../ns/app/" + art.path.rsplit("/", 1)[1])
    assert status == 404


async def test_symlink_outside_root_is_404(
    served: tuple[ArtifactStorage, Artifact, str], tmp_path: Path
) -> None:
    store, art, base = served
    outside = tmp_path / "outside.tar.gz"
    outside.write_bytes(b"secret")
    obj_dir = store.object_dir(KIND, "ns", "app")
    os.symlink(outside, obj_dir / "latest.tar.gz")
    os.symlink(store.root.parent, store.root / "up")
    async with aiohttp.ClientSession() as s:
        for path in ("/ocirepository/ns/app/latest.tar.gz", "/up/outside.tar.gz"):
            async with s.get(base + path) as resp:
                assert resp.status == 404, path
                assert b"secret" not in await resp.read()
    # a link whose target stays under the root is followed
    (obj_dir / "latest.tar.gz").unlink()
    os.symlink(store.local_path(art), obj_dir / "latest.tar.gz")
    async with aiohttp.ClientSession() as s, s.get(base + "/ocirepository/ns/app/latest.tar.gz") as resp:
        assert resp.status == 200


async def test_only_get_and_head(served: tuple[ArtifactStorage, Artifact, str]) -> None:
    _, art, _ = served
    async with aiohttp.ClientSession() as s:
        for method in ("POST", "PUT", "DELETE"):
            async with s.request(method, art.url, data=b"x") as resp:
                assert resp.status == 405, method


async def test_stop_and_restart(tmp_path: Path) -> None:
    server = ArtifactServer(tmp_path, "127.0.0.1", 0)
    await server.start()
    port = await server.wait_listening()
    (tmp_path / "f.txt").write_text("hello")
    async with aiohttp.ClientSession() as s, s.get(f"http://127.0.0.1:{port}/f.txt") as resp:
        assert resp.status == 200
        assert resp.headers["Content-Type"] == "application/octet-stream"
        assert await resp.text() == "hello"
    await server.stop()
    with pytest.raises(OSError):
        await asyncio.open_connection("127.0.0.1", port)
    await server.stop()  # idempotent
