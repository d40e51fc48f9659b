"""An OCIRepository manager SIGKILLed while it writes an artifact: nothing partial is ever
published or served, and the restarted manager builds the artifact whole."""

from __future__ import annotations

import asyncio
import hashlib
import io
import os
import signal
import tarfile
import time
from pathlib import Path
from typing import Any

import aiohttp

from controller_runtime.client import Client
from controller_runtime.fluxruntime import conditions
from tests.ocirepository.conftest import OCI, oci_repository
from tests.reliability.processes import start_manager
from tests.support.registry import RegistryServer, free_port
from tests.support.report import record
from tests.support.wait import eventually


def big_layer() -> bytes:
    """~48 MiB of incompressible files: its archive takes long enough to be caught mid-write."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz", compresslevel=1) as tar:
        for i in range(48):
            data = os.urandom(1 << 20)
            info = tarfile.TarInfo(f"blobs/{i:02d}.bin")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir()) if directory.is_dir() else []


async def test_sigkill_mid_artifact_write(
    env: Any, client: Client, namespace: str, plain_registry: RegistryServer, tmp_path: Path
) -> None:
    digest = await plain_registry.apush_tags("kill/oci", ["v1"], payload=await asyncio.to_thread(big_layer))
    storage = tmp_path / "data"
    object_dir = storage / "ocirepository" / namespace / "big"
    port = free_port()
    args = ("--controllers=ocirepository", f"--storage-addr=127.0.0.1:{port}",
            f"--storage-adv-addr=127.0.0.1:{port}", "--min-retry-delay=50ms", "--max-retry-delay=1s")
    first = await start_manager(env, namespace, storage, *args)
    try:
        await client.create(oci_repository(namespace, "big", f"oci://{plain_registry.host}/kill/oci",
                                           ref={"tag": "v1"}))

        async def writing() -> bool:
            return any(name.endswith(".tmp") for name in await asyncio.to_thread(_files, object_dir))

        await eventually(writing, timeout=60, interval=0.01, message="the archive is being written")
        first.signal(signal.SIGKILL)
        killed_at = time.monotonic()
        await first.wait()
    finally:
        await first.stop()
    # Killed mid-write: no artifact file under its final name, none in the status.
    assert not [n for n in await asyncio.to_thread(_files, object_dir) if n.endswith(".tar.gz")]
    obj = await client.get(*OCI, "big", namespace=namespace)
    assert "artifact" not in (obj.get("status") or {})

    second = await start_manager(env, namespace, storage, *args)
    try:
        async def stored() -> dict[str, Any] | None:
            obj = await client.get(*OCI, "big", namespace=namespace)
            artifact = (obj.get("status") or {}).get("artifact")
            return dict(artifact) if conditions.is_ready(obj) and artifact else None

        artifact: dict[str, Any] = await eventually(
            stored, timeout=120, message="the restarted manager stores the artifact")
        recovery = time.monotonic() - killed_at
        assert artifact["revision"] == f"v1@{digest}"
        async with aiohttp.ClientSession() as s, s.get(artifact["url"]) as resp:
            body = await resp.read()
        assert "sha256:" + hashlib.sha256(body).hexdigest() == artifact["digest"]
        with tarfile.open(fileobj=io.BytesIO(body), mode="r:gz") as tar:
            assert len([m for m in tar.getmembers() if m.isreg()]) == 48
        record("SIGKILL mid artifact write", 1, 1, 0, recovery)
    finally:
        await second.stop()
