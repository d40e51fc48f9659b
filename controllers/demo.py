"""`lookout dev --demo`: the whole loop, offline, on a laptop.

It starts a local registry (Debian's `docker-registry`, storage under the state directory) and a
local Git server (`git http-backend` behind aiohttp, anonymous, push allowed) holding a demo
fleet repository, then applies the pipeline a Flux user writes: ImageRepository -> ImagePolicy
-> ImageUpdateAutomation on a GitRepository, and an OCIRepository pulling the fleet's manifests
as an OCI artifact. It pushes a new image tag and prints each step as it lands: the scan, the
chosen tag, the commit in the repository, and the artifact served with its digest checked.

Nothing here is used by `lookout manager`; it exists so a new user can watch Lookout work
before they point it at a cluster.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import io
import json
import os
import shutil
import socket
import subprocess
import tarfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from controller_runtime.client import Client, errors
from controller_runtime.fluxruntime import conditions

NAMESPACE = "flux-system"
REGISTRY_BINARY = "docker-registry"
IMAGE_REPOSITORY = "demo/podinfo"
MANIFESTS_REPOSITORY = "demo/manifests"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
FLUX_CONTENT = "application/vnd.cncf.flux.content.v1.tar+gzip"
#: How long one step may take before the demo says it is stuck.
STEP_TIMEOUT = 60.0

DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: podinfo
  namespace: demo
spec:
  template:
    spec:
      containers:
        - name: podinfo
          image: {image}:1.0.0 # {{"$imagepolicy": "flux-system:podinfo"}}
"""

Say = Callable[[str], None]


class DemoError(RuntimeError):
    """A demo step failed or timed out; the message says which and why."""


def free_port() -> int:
    """A port on 127.0.0.1 nothing listens on now (for the demo's servers and `lookout dev`)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class LocalRegistry:
    """Debian's docker-registry on 127.0.0.1, plain HTTP, storage in `workdir`."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.proc: asyncio.subprocess.Process | None = None

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    async def start(self) -> None:
        binary = shutil.which(REGISTRY_BINARY)
        if binary is None:
            raise DemoError("--demo needs Debian's docker-registry (apt install docker-registry)")
        await asyncio.to_thread(self.workdir.mkdir, parents=True, exist_ok=True)
        config = {
            "version": 0.1,
            "log": {"level": "error", "accesslog": {"disabled": True}},
            "storage": {"filesystem": {"rootdirectory": str(self.workdir / "data")}},
            "http": {"addr": self.host},
        }
        path = self.workdir / "config.yml"
        await asyncio.to_thread(path.write_text, json.dumps(config))  # JSON is YAML
        self.proc = await asyncio.create_subprocess_exec(
            binary, "serve", str(path), stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )
        await _until(self._ready, "the local registry to answer")

    async def _ready(self) -> bool:
        if self.proc is not None and self.proc.returncode is not None:
            raise DemoError(f"docker-registry exited with {self.proc.returncode}")
        try:
            async with aiohttp.ClientSession() as s, s.get(f"http://{self.host}/v2/") as r:
                return r.status == 200
        except aiohttp.ClientError:
            return False

    async def stop(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.terminate()
            await self.proc.wait()

    async def push(self, repository: str, tag: str, layer: bytes, layer_type: str, config: bytes,
                   config_type: str, annotations: dict[str, str] | None = None) -> str:
        """Push one manifest with one layer under `tag`; returns its digest (the v2 API, monolithic)."""
        base = f"http://{self.host}/v2/{repository}"
        async with aiohttp.ClientSession() as s:
            descriptors = []
            for data, media_type in ((config, config_type), (layer, layer_type)):
                digest = "sha256:" + hashlib.sha256(data).hexdigest()
                async with s.post(f"{base}/blobs/uploads/") as r:
                    location = r.headers["Location"]
                if location.startswith("/"):
                    location = f"http://{self.host}{location}"
                sep = "&" if "?" in location else "?"
                async with s.put(f"{location}{sep}digest={digest}", data=data,
                                 headers={"Content-Type": "application/octet-stream"}) as r:
                    if r.status != 201:
                        raise DemoError(f"pushing a blob to the local registry failed: {r.status}")
                descriptors.append({"mediaType": media_type, "digest": digest, "size": len(data)})
            manifest: dict[str, Any] = {"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                                        "config": descriptors[0], "layers": [descriptors[1]]}
            if annotations:
                manifest["annotations"] = annotations
            body = json.dumps(manifest).encode()
            async with s.put(f"{base}/manifests/{tag}", data=body,
                             headers={"Content-Type": OCI_MANIFEST}) as r:
                if r.status != 201:
                    raise DemoError(f"pushing a manifest to the local registry failed: {r.status}")
        return "sha256:" + hashlib.sha256(body).hexdigest()

    async def push_image(self, repository: str, tag: str) -> str:
        """A tiny single-layer image: what the demo's ImageRepository scans."""
        layer = _tar_gz({"hello.txt": f"podinfo {tag}\n".encode()})
        config = json.dumps({"architecture": "amd64", "os": "linux", "rootfs": {
            "type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(layer).hexdigest()]}}).encode()
        return await self.push(repository, tag, layer, "application/vnd.oci.image.layer.v1.tar+gzip",
                               config, "application/vnd.oci.image.config.v1+json")


class LocalGitServer:
    """`git http-backend` for the repositories under `root`, anonymous read and push, on 127.0.0.1."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = 0
        self._runner: web.AppRunner | None = None

    def url(self, repo: str) -> str:
        return f"http://127.0.0.1:{self.port}/{repo}"

    async def start(self) -> None:
        app = web.Application(client_max_size=1 << 30)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, auto_decompress=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        for addr in self._runner.addresses:
            self.port = int(addr[1])
            break

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(self.root),
            "GIT_PROJECT_ROOT": str(self.root), "GIT_HTTP_EXPORT_ALL": "1",
            "PATH_INFO": request.path, "QUERY_STRING": request.query_string,
            "REQUEST_METHOD": request.method, "REMOTE_ADDR": "127.0.0.1", "REMOTE_USER": "demo",
            "GATEWAY_INTERFACE": "CGI/1.1", "SERVER_PROTOCOL": "HTTP/1.1",
        }
        for header, var in (("Content-Type", "CONTENT_TYPE"), ("Content-Encoding", "HTTP_CONTENT_ENCODING"),
                            ("Git-Protocol", "HTTP_GIT_PROTOCOL")):
            if header in request.headers:
                env[var] = request.headers[header]
        proc = await asyncio.create_subprocess_exec(
            "git", "http-backend", env=env, stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
        )
        body = await request.read()
        out, _ = await proc.communicate(body)
        head, _, payload = out.partition(b"\r\n\r\n")
        status, headers = 200, {}
        for line in head.decode("latin-1").splitlines():
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.split()[0])
            elif name:
                headers[name.strip()] = value.strip()
        return web.Response(status=status, body=payload, headers=headers)


async def _until(check: Callable[[], Awaitable[Any]], what: str) -> Any:
    """Poll `check` until it gives a truthy value; DemoError naming `what` after STEP_TIMEOUT."""
    deadline = time.monotonic() + STEP_TIMEOUT
    while True:
        result = await check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise DemoError(f"timed out waiting for {what}")
        await asyncio.sleep(0.2)


def _tar_gz(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name in sorted(files):
            info = tarfile.TarInfo(name)
            info.size = len(files[name])
            tar.addfile(info, io.BytesIO(files[name]))
    return buf.getvalue()


def _git(*args: str, cwd: Path) -> str:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(cwd), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "demo", "GIT_AUTHOR_EMAIL": "demo@example.com",
           "GIT_COMMITTER_NAME": "demo", "GIT_COMMITTER_EMAIL": "demo@example.com"}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise DemoError(f"git {args[0]} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def _init_fleet(root: Path, files: dict[str, str]) -> Path:
    """The demo's fleet repository (bare, push allowed), one commit of `files` on `main`."""
    bare = root / "fleet.git"
    if bare.exists():
        shutil.rmtree(bare)
    bare.mkdir(parents=True)
    _git("init", "--quiet", "--bare", "--initial-branch", "main", cwd=bare)
    _git("config", "http.receivepack", "true", cwd=bare)
    work = root / "fleet-work"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir()
    _git("init", "--quiet", "--initial-branch", "main", cwd=work)
    for name, text in files.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text)
    _git("add", "--all", cwd=work)
    _git("commit", "--quiet", "-m", "the demo fleet", cwd=work)
    _git("push", "--quiet", str(bare), "HEAD:refs/heads/main", cwd=work)
    shutil.rmtree(work)
    return bare


async def _apply(client: Client, obj: dict[str, Any]) -> None:
    try:
        await client.create(obj)
    except errors.AlreadyExistsError:
        meta = obj["metadata"]
        current = await client.get(obj["apiVersion"], obj["kind"], meta["name"],
                                   namespace=meta.get("namespace"))
        obj = {**obj, "metadata": {**meta, "resourceVersion": current["metadata"]["resourceVersion"]}}
        await client.update(obj)


def _object(api_version: str, kind: str, name: str, spec: dict[str, Any]) -> dict[str, Any]:
    return {"apiVersion": api_version, "kind": kind, "metadata": {"name": name, "namespace": NAMESPACE},
            "spec": spec}


@contextlib.asynccontextmanager
async def demo_servers(state: Path) -> AsyncIterator[tuple[LocalRegistry, LocalGitServer]]:
    registry = LocalRegistry(state / "demo" / "registry")
    git = LocalGitServer(state / "demo" / "git")
    await asyncio.to_thread((state / "demo" / "git").mkdir, parents=True, exist_ok=True)
    try:
        await registry.start()
        await git.start()
        yield registry, git
    finally:
        await git.stop()
        await registry.stop()


async def run_demo(client: Client, registry: LocalRegistry, git: LocalGitServer, say: Say) -> None:
    """Apply the pipeline, push a release, and report each step as it lands."""
    image = f"{registry.host}/{IMAGE_REPOSITORY}"
    await registry.push_image(IMAGE_REPOSITORY, "1.0.0")
    fleet = {"apps/demo/deployment.yaml": DEPLOYMENT.format(image=image),
             "apps/demo/kustomization.yaml": "resources:\n  - deployment.yaml\n"}
    bare = await asyncio.to_thread(_init_fleet, git.root, fleet)
    say(f"demo: registry at {registry.host}, Git repository at {git.url('fleet.git')}")

    source = "source.toolkit.fluxcd.io/v1"
    images = "image.toolkit.fluxcd.io/v1"
    await _apply(client, _object(source, "GitRepository", "fleet", {
        "url": git.url("fleet.git"), "interval": "1m", "ref": {"branch": "main"}}))
    await _apply(client, _object(images, "ImageRepository", "podinfo", {
        "image": image, "interval": "1m", "insecure": True}))
    await _apply(client, _object(images, "ImagePolicy", "podinfo", {
        "imageRepositoryRef": {"name": "podinfo"}, "policy": {"semver": {"range": ">=1.0.0"}}}))
    await _apply(client, _object(images, "ImageUpdateAutomation", "fleet", {
        "sourceRef": {"kind": "GitRepository", "name": "fleet"}, "interval": "1m",
        "git": {"checkout": {"ref": {"branch": "main"}},
                "commit": {"author": {"name": "lookout-demo", "email": "demo@example.com"},
                           "messageTemplate": "chore: automated image update\n\n"
                           "{{ range .Changed.Changes }}- {{ .OldValue }} -> {{ .NewValue }}\n{{ end }}"},
                "push": {"branch": "main"}},
        "update": {"strategy": "Setters", "path": "./apps"}}))
    say("demo: applied GitRepository, ImageRepository, ImagePolicy and ImageUpdateAutomation 'fleet'")

    async def policy_tag() -> str:
        obj = await client.get(images, "ImagePolicy", "podinfo", namespace=NAMESPACE)
        return str(((obj.get("status") or {}).get("latestRef") or {}).get("tag") or "")

    await _until(lambda: _equals(policy_tag, "1.0.0"), "the policy to choose 1.0.0")
    say("demo: ImagePolicy podinfo chose 1.0.0")

    # A release: push 1.1.0 and ask for a scan, as CI would with `flux reconcile image repository`.
    await registry.push_image(IMAGE_REPOSITORY, "1.1.0")
    say("demo: pushed podinfo:1.1.0 to the registry")
    await client.patch(images, "ImageRepository", "podinfo", {"metadata": {"annotations": {
        "reconcile.fluxcd.io/requestedAt": str(time.time())}}}, namespace=NAMESPACE)
    await _until(lambda: _equals(policy_tag, "1.1.0"), "the policy to choose 1.1.0")
    say("demo: ImagePolicy podinfo chose 1.1.0")

    async def pushed() -> str:
        obj = await client.get(images, "ImageUpdateAutomation", "fleet", namespace=NAMESPACE)
        status = obj.get("status") or {}
        tags = [p.get("tag") for p in (status.get("observedPolicies") or {}).values()]
        return str(status.get("lastPushCommit") or "") if "1.1.0" in tags else ""

    commit = await _until(pushed, "the automation to push a commit")
    log = await asyncio.to_thread(_git, "log", "--format=%h %s", "-1", commit, cwd=bare)
    say(f"demo: commit landed in fleet.git: {log}")

    # The fleet's manifests as an OCI artifact, pulled and served by the OCIRepository controller.
    content = _tar_gz({name: text.encode() for name, text in fleet.items()})
    config = b"{}"
    await registry.push(MANIFESTS_REPOSITORY, "latest", content, FLUX_CONTENT, config,
                        "application/vnd.cncf.flux.config.v1+json",
                        annotations={"org.opencontainers.image.source": git.url("fleet.git")})
    await _apply(client, _object("source.werf.io/v1", "OCIRepository", "manifests", {
        "url": f"oci://{registry.host}/{MANIFESTS_REPOSITORY}", "interval": "1m", "insecure": True}))

    async def artifact() -> dict[str, Any] | None:
        obj = await client.get("source.werf.io/v1", "OCIRepository", "manifests", namespace=NAMESPACE)
        found = (obj.get("status") or {}).get("artifact")
        return found if conditions.is_ready(obj) and found else None

    stored = await _until(artifact, "the OCIRepository to store its artifact")
    async with aiohttp.ClientSession() as s, s.get(stored["url"]) as r:
        body = await r.read()
    digest = "sha256:" + hashlib.sha256(body).hexdigest()
    if digest != stored["digest"]:
        raise DemoError(f"the served artifact has digest {digest}, not {stored['digest']}")
    say(f"demo: artifact {stored['revision']} served at {stored['url']} ({digest} verified)")
    say("demo: done")


async def _equals(get: Callable[[], Awaitable[str]], want: str) -> bool:
    return await get() == want
