"""OCIRepository tests: artifacts pushed with the real `oras` CLI to real registries, and helpers.

`Pusher.push(repo, tag, files)` packs `files` (name -> bytes) into a deterministic tar.gz layer
with Flux's content media type (what `flux push artifact` makes) and pushes it with oras, manifest
annotations included; `push_layers` pushes several raw layers of chosen media types.
"""

from __future__ import annotations

import asyncio
import base64
import io
import json
import subprocess
import tarfile
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from controller_runtime.client import Client
from controller_runtime.fluxruntime import conditions
from tests.support.gotools import module_tool
from tests.support.objects import events_of, has_event_of, wait_for_condition
from tests.support.registry import RegistryServer, free_port
from tests.support.wait import eventually

OCI = ("source.werf.io/v1", "OCIRepository")
FLUX_CONTENT = "application/vnd.cncf.flux.content.v1.tar+gzip"
FLUX_CONFIG = "application/vnd.cncf.flux.config.v1+json"
#: Fast backoff so failure/recovery tests take seconds, not Flux's production delays.
FAST = {"min_retry_delay": 0.05, "max_retry_delay": 1.0}


@pytest.fixture(scope="session")
def oras() -> Path:
    return module_tool("oras.land/oras/cmd/oras", "v1.3.6")


def tar_gz(files: dict[str, bytes], *, extra: Callable[[tarfile.TarFile], None] | None = None) -> bytes:
    """A tar.gz of `files` (sorted, zero times), plus whatever `extra` adds (hostile members)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name in sorted(files):
            info = tarfile.TarInfo(name)
            info.size = len(files[name])
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(files[name]))
        if extra is not None:
            extra(tar)
    return buf.getvalue()


class Pusher:
    """Pushes artifacts to one registry with oras; returns manifest digests."""

    def __init__(self, oras: Path, registry: RegistryServer, workdir: Path) -> None:
        self.oras = oras
        self.registry = registry
        self.workdir = workdir
        self._n = 0

    def _args(self) -> list[str]:
        if self.registry.scheme == "http":
            return ["--plain-http"]
        return ["--insecure"]

    def push_layers(
        self,
        repository: str,
        tag: str,
        layers: list[tuple[str, bytes, str]],
        *,
        annotations: dict[str, str] | None = None,
        artifact_type: str = FLUX_CONFIG,
        login: tuple[str, str] | None = None,
    ) -> str:
        """Push `layers` ((file name, bytes, media type)) as one manifest; return its digest."""
        self._n += 1
        d = self.workdir / f"push-{self._n}"
        d.mkdir(parents=True)
        refs = []
        for name, data, media_type in layers:
            (d / name).write_bytes(data)
            refs.append(f"{name}:{media_type}")
        manifest = d / "manifest.json"
        args = [str(self.oras), "push", *self._args(), "--disable-path-validation",
                "--artifact-type", artifact_type, "--export-manifest", str(manifest)]
        for key, value in (annotations or {}).items():
            args += ["--annotation", f"{key}={value}"]
        if login:
            args += ["--username", login[0], "--password", login[1]]
        args += [f"{self.registry.host}/{repository}:{tag}", *refs]
        subprocess.run(args, cwd=d, check=True, capture_output=True)
        import hashlib

        return "sha256:" + hashlib.sha256(manifest.read_bytes()).hexdigest()

    def push(self, repository: str, tag: str, files: dict[str, bytes], **kwargs: Any) -> str:
        """Push `files` as one Flux-style tar.gz layer."""
        return self.push_layers(repository, tag, [("content.tgz", tar_gz(files), FLUX_CONTENT)], **kwargs)

    async def apush(self, repository: str, tag: str, files: dict[str, bytes], **kwargs: Any) -> str:
        return await asyncio.to_thread(self.push, repository, tag, files, **kwargs)


@pytest.fixture(scope="module")
def pusher(oras: Path, plain_registry: RegistryServer, workdir: Path) -> Pusher:
    return Pusher(oras, plain_registry, workdir / "pushes")


@pytest.fixture
def storage_opts(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Manager options with the artifact server on a free port of 127.0.0.1."""
    port = free_port()
    yield {
        "storage_addr": f"127.0.0.1:{port}",
        "storage_adv_addr": f"127.0.0.1:{port}",
        **FAST,
    }


def oci_repository(namespace: str, name: str, url: str, **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": OCI[0], "kind": OCI[1],
        "metadata": {"name": name, "namespace": namespace},
        "spec": {"url": url, "interval": "1h", **spec},
    }


async def until(check: Callable[[], Awaitable[Any]], *, within: float = 30.0) -> Any:
    return await eventually(check, timeout=within)


async def get_oci(client: Client, namespace: str, name: str) -> dict[str, Any]:
    return dict(await client.get(*OCI, name, namespace=namespace))


async def wait_ready(
    client: Client, namespace: str, name: str, *, revision: str | None = None, within: float = 30.0
) -> dict[str, Any]:
    """The object once Ready=True for its generation (with `revision`, if given)."""

    async def check() -> dict[str, Any] | None:
        obj = await get_oci(client, namespace, name)
        ready = conditions.get(obj, "Ready")
        if not ready or ready["status"] != "True":
            return None
        generation = obj["metadata"]["generation"]
        if (obj.get("status") or {}).get("observedGeneration") != generation:
            return None
        artifact = obj["status"].get("artifact") or {}
        if revision is not None and artifact.get("revision") != revision:
            return None
        return obj

    result: dict[str, Any] = await until(check, within=within)
    return result


async def wait_condition(
    client: Client, namespace: str, name: str, type_: str, status: str, reason: str, *, within: float = 30.0
) -> dict[str, Any]:
    return await wait_for_condition(client, OCI, namespace, name, type_, status, reason, within=within)


async def events_for(client: Client, namespace: str, name: str) -> list[dict[str, Any]]:
    return await events_of(client, OCI[1], namespace, name)


async def has_event(
    client: Client, namespace: str, name: str, type_: str, reason: str, prefix: str = ""
) -> bool:
    return await has_event_of(client, OCI[1], namespace, name, type_, reason, prefix)


def b64(value: str | bytes) -> str:
    raw = value.encode() if isinstance(value, str) else value
    return base64.b64encode(raw).decode()


def pull_secret(namespace: str, name: str, registry: str, user: str, password: str) -> dict[str, Any]:
    entry = {"username": user, "password": password, "auth": b64(f"{user}:{password}")}
    config = {"auths": {registry: entry}}
    return {
        "apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/dockerconfigjson",
        "metadata": {"name": name, "namespace": namespace},
        "data": {".dockerconfigjson": b64(json.dumps(config))},
    }


def read_tar_gz(data: bytes) -> dict[str, bytes]:
    """The regular files of a tar.gz, by name."""
    out: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for m in tar.getmembers():
            if m.isreg():
                f = tar.extractfile(m)
                assert f is not None
                out[m.name] = f.read()
    return out
