"""Real container registries for tests: Debian's `docker-registry` (distribution 2.8) on 127.0.0.1.

Flavours: plain HTTP anonymous, TLS with a private CA, mutual TLS, htpasswd basic auth,
and token auth backed by `TokenServer` (an aiohttp token service issuing ES256 JWTs whose
`x5c` chain ends at the registry's `rootcertbundle`). `push_tags` writes one small image
through the v2 API and tags it N times concurrently, so thousands of tags take seconds
without docker. Servers can be stopped and started again on the same port and storage,
to test a registry going away and coming back.

Sync methods are for fixtures; the `a*` variants are for async tests (they run the
blocking parts in a thread).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from controller_runtime.envtest.certs import CertPair, generate_ca, generate_cert

REGISTRY_BINARY = os.environ.get("LOOKOUT_TEST_REGISTRY_BINARY", "/usr/bin/docker-registry")
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
_START_TIMEOUT = 20.0


def free_port() -> int:
    """A port nothing listens on right now (the registry binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# --------------------------------------------------------------------------- TLS material


@dataclass(frozen=True)
class RegistryTLS:
    """Serving material for a TLS registry, and (for mTLS) the client side too."""

    ca: CertPair
    server: CertPair
    client_ca: CertPair | None = None
    client: CertPair | None = None

    @classmethod
    def generate(cls, *, mutual: bool = False) -> RegistryTLS:
        ca = generate_ca("lookout-test-registry-ca")
        server = generate_cert(ca, "127.0.0.1", hosts=("127.0.0.1", "localhost"))
        if not mutual:
            return cls(ca=ca, server=server)
        client_ca = generate_ca("lookout-test-client-ca")
        client = generate_cert(client_ca, "lookout-test-client", client=True)
        return cls(ca=ca, server=server, client_ca=client_ca, client=client)

    def client_ssl_context(self, workdir: Path) -> ssl.SSLContext:
        ctx = ssl.create_default_context(cadata=self.ca.cert_pem.decode())
        if self.client is not None:
            crt, key = self.client.write(workdir, "push-client")
            ctx.load_cert_chain(crt, key)
        return ctx


# --------------------------------------------------------------------------- token service


class TokenServer:
    """A Docker token service: checks basic credentials (or refresh tokens) and signs JWTs.

    Runs on its own event loop thread, so sync fixtures and async tests can share it.
    `requests` counts token requests, so tests can see cached tokens being reused.
    """

    service = "lookout-test-registry"
    issuer = "lookout-test-token-issuer"

    def __init__(
        self,
        users: dict[str, str],
        *,
        identity_tokens: dict[str, str] | None = None,
        anonymous_pull: bool = False,
        token_ttl: int = 300,
        access_token_only: bool = False,
    ) -> None:
        self.users = dict(users)
        self.identity_tokens = dict(identity_tokens or {})
        self.anonymous_pull = anonymous_pull
        self.token_ttl = token_ttl
        self.access_token_only = access_token_only
        self.requests = 0
        self.ca = generate_ca("lookout-test-token-ca")
        self._signer = generate_cert(self.ca, "lookout-test-token-signer", hosts=())
        key = serialization.load_pem_private_key(self._signer.key_pem, password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        self._key = key
        self._x5c = base64.b64encode(
            x509.load_pem_x509_certificate(self._signer.cert_pem).public_bytes(serialization.Encoding.DER)
        ).decode()
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None

    @property
    def realm(self) -> str:
        return f"http://127.0.0.1:{self.port}/token"

    def sign(self, subject: str, access: list[dict[str, Any]]) -> str:
        now = int(time.time())
        header = {"typ": "JWT", "alg": "ES256", "x5c": [self._x5c]}
        claims = {
            "iss": self.issuer, "sub": subject, "aud": self.service, "exp": now + self.token_ttl,
            "nbf": now - 60, "iat": now, "jti": uuid.uuid4().hex, "access": access,
        }
        signing_input = f"{_b64url(json.dumps(header).encode())}.{_b64url(json.dumps(claims).encode())}"
        der = self._key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(der)
        return f"{signing_input}.{_b64url(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"

    def _grant(self, user: str | None, scopes: list[str]) -> list[dict[str, Any]]:
        access = []
        for scope in scopes:
            kind, _, rest = scope.partition(":")
            name, _, actions = rest.rpartition(":")
            if kind != "repository" or not name:
                continue
            wanted = set(actions.split(","))
            allowed = {"pull", "push"} if user is not None else ({"pull"} if self.anonymous_pull else set())
            granted = sorted(wanted & allowed)
            if granted:
                access.append({"type": "repository", "name": name, "actions": granted})
        return access

    async def _handle(self, request: web.Request) -> web.Response:
        self.requests += 1
        user: str | None = None
        if request.method == "POST":
            form = await request.post()
            scopes = [str(s) for s in form.getall("scope", [])]
            refresh = str(form.get("refresh_token", ""))
            if form.get("grant_type") != "refresh_token" or refresh not in self.identity_tokens:
                return _unauthorized("invalid refresh token")
            user = self.identity_tokens[refresh]
        else:
            scopes = request.query.getall("scope", [])
            header = request.headers.get("Authorization", "")
            if header:
                try:
                    scheme, _, value = header.partition(" ")
                    login, _, password = base64.b64decode(value).decode().partition(":")
                except (ValueError, UnicodeDecodeError):
                    return _unauthorized("malformed authorization header")
                if scheme.lower() != "basic" or self.users.get(login) != password:
                    return _unauthorized("invalid username or password")
                user = login
        token = self.sign(user or "", self._grant(user, scopes))
        body: dict[str, Any] = {"access_token": token, "expires_in": self.token_ttl,
                                "issued_at": datetime.datetime.now(datetime.UTC).isoformat()}
        if not self.access_token_only:
            body["token"] = token
        return web.json_response(body)

    def start(self) -> TokenServer:
        ready = threading.Event()
        errors: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._astart())
            except BaseException as e:  # surfaced to the caller below
                errors.append(e)
                ready.set()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(self._astop())
            loop.close()

        self._thread = threading.Thread(target=run, name="token-server", daemon=True)
        self._thread.start()
        if not ready.wait(_START_TIMEOUT) or errors:
            raise RuntimeError(f"token server did not start: {errors}")
        return self

    async def _astart(self) -> None:
        app = web.Application()
        app.router.add_route("GET", "/token", self._handle)
        app.router.add_route("POST", "/token", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        self.port = int(sock.getsockname()[1])
        await web.SockSite(self._runner, sock).start()

    async def _astop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(_START_TIMEOUT)
            self._loop = None


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def _unauthorized(message: str) -> web.Response:
    return web.json_response(
        {"errors": [{"code": "UNAUTHORIZED", "message": message}]},
        status=401,
        headers={"WWW-Authenticate": 'Basic realm="lookout-test-token"'},
    )


# --------------------------------------------------------------------------- the registry


@dataclass
class RegistryServer:
    """One `docker-registry serve` process with its own port, storage and configuration."""

    workdir: Path
    tls: RegistryTLS | None = None
    htpasswd: dict[str, str] | None = None
    token: TokenServer | None = None
    port: int = 0
    push_credentials: tuple[str, str] | None = None
    _process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        if not self.port:
            self.port = free_port()
        if self.push_credentials is None:
            users = self.htpasswd or (self.token.users if self.token else None)
            if users:
                self.push_credentials = next(iter(users.items()))

    # -------------------------------------------------------------- addresses

    @property
    def host(self) -> str:
        """`127.0.0.1:<port>`, the registry part of image names."""
        return f"127.0.0.1:{self.port}"

    @property
    def scheme(self) -> str:
        return "https" if self.tls else "http"

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}"

    def image(self, repository: str) -> str:
        return f"{self.host}/{repository}"

    @property
    def log_path(self) -> Path:
        return self.workdir / "registry.log"

    # -------------------------------------------------------------- configuration

    def _write_config(self) -> Path:
        http: dict[str, Any] = {
            "addr": self.host,
            "secret": secrets.token_hex(16),
            "headers": {"X-Content-Type-Options": ["nosniff"]},
        }
        if self.tls is not None:
            crt, key = self.tls.server.write(self.workdir, "server")
            tls_cfg: dict[str, Any] = {"certificate": str(crt), "key": str(key)}
            if self.tls.client_ca is not None:
                client_ca = self.workdir / "client-ca.crt"
                client_ca.write_bytes(self.tls.client_ca.cert_pem)
                tls_cfg["clientcas"] = [str(client_ca)]
            http["tls"] = tls_cfg
        config: dict[str, Any] = {
            "version": 0.1,
            "log": {"level": "error", "accesslog": {"disabled": True}},
            "storage": {
                "filesystem": {"rootdirectory": str(self.workdir / "data")},
                "delete": {"enabled": True},
            },
            "http": http,
        }
        if self.htpasswd is not None:
            path = self.workdir / "htpasswd"
            lines = []
            for user, password in self.htpasswd.items():
                out = subprocess.run(
                    ["htpasswd", "-Bbn", user, password], check=True, capture_output=True
                ).stdout.decode().strip()
                lines.append(out)
            path.write_text("\n".join(lines) + "\n")
            config["auth"] = {"htpasswd": {"realm": "lookout-test-registry", "path": str(path)}}
        elif self.token is not None:
            bundle = self.workdir / "token-ca.crt"
            bundle.write_bytes(self.token.ca.cert_pem)
            config["auth"] = {
                "token": {
                    "realm": self.token.realm,
                    "service": self.token.service,
                    "issuer": self.token.issuer,
                    "rootcertbundle": str(bundle),
                }
            }
        path = self.workdir / "config.yml"
        path.write_text(json.dumps(config, indent=2))  # JSON is YAML
        return path

    # -------------------------------------------------------------- lifecycle

    def start(self) -> RegistryServer:
        """Start the registry and wait (with a deadline) until `/v2/` answers."""
        if self._process is not None and self._process.poll() is None:
            return self
        config = self._write_config()
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child process
        try:
            self._process = subprocess.Popen(
                [REGISTRY_BINARY, "serve", str(config)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        finally:
            log.close()
        self._wait_ready()
        return self

    def _probe_context(self) -> ssl.SSLContext | None:
        return self.tls.client_ssl_context(self.workdir) if self.tls else None

    def _wait_ready(self) -> None:
        ctx = self._probe_context()
        deadline = time.monotonic() + _START_TIMEOUT
        last: object = None
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                raise RuntimeError(
                    f"registry exited with {self._process.returncode}: {self.log_path.read_text()[-2000:]}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/v2/", timeout=2, context=ctx) as resp:
                    if resp.status == 200:
                        return
            except urllib.error.HTTPError as e:
                if e.code == 401:  # an auth-protected registry that is up
                    return
                last = e
            except (OSError, urllib.error.URLError) as e:
                last = e
            time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"registry not ready within {_START_TIMEOUT}s: {last}")

    def stop(self) -> None:
        """Stop the process (SIGTERM, then SIGKILL after a deadline); storage and port stay."""
        proc, self._process = self._process, None
        if proc is None or proc.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)

    def restart(self) -> None:
        self.stop()
        self.start()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    async def astart(self) -> None:
        await asyncio.to_thread(self.start)

    async def astop(self) -> None:
        await asyncio.to_thread(self.stop)

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir / "data", ignore_errors=True)

    # -------------------------------------------------------------- content

    async def apush_tags(
        self,
        repository: str,
        tags: Iterable[str],
        *,
        concurrency: int = 32,
        media_type: str = OCI_MANIFEST,
        payload: bytes = b"lookout test layer",
    ) -> str:
        """Push one small image under every tag in `tags`; returns the manifest digest."""
        async with _Pusher(self) as pusher:
            manifest = await pusher.image(repository, payload, media_type)
            sem = asyncio.Semaphore(concurrency)

            async def put(tag: str) -> None:
                async with sem:
                    await pusher.put_manifest(repository, tag, manifest, media_type)

            await asyncio.gather(*(put(t) for t in tags))
        return "sha256:" + hashlib.sha256(manifest).hexdigest()

    def push_tags(self, repository: str, tags: Iterable[str], **kwargs: Any) -> str:
        """Sync form of `apush_tags`, usable from fixtures (runs its own loop in a thread)."""
        tag_list = list(tags)
        result: list[str] = []
        errors: list[BaseException] = []

        def run() -> None:
            try:
                result.append(asyncio.run(self.apush_tags(repository, tag_list, **kwargs)))
            except BaseException as e:  # re-raised in the caller's thread
                errors.append(e)

        t = threading.Thread(target=run, name="registry-push")
        t.start()
        t.join()
        if errors:
            raise errors[0]
        return result[0]


class _Pusher:
    """Just enough of a v2 push client: monolithic blob uploads and manifest PUTs."""

    def __init__(self, registry: RegistryServer) -> None:
        self.registry = registry
        self._ssl = registry._probe_context()
        self._session: aiohttp.ClientSession | None = None
        self._auth: dict[str, str] = {}

    async def __aenter__(self) -> _Pusher:
        self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=64))
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._session is not None
        await self._session.close()

    async def _authorization(self, repository: str) -> dict[str, str]:
        reg = self.registry
        if reg.push_credentials is None:
            return {}
        user, password = reg.push_credentials
        if reg.htpasswd is not None:
            return {"Authorization": _basic(user, password)}
        assert reg.token is not None
        if repository not in self._auth:
            assert self._session is not None
            async with self._session.get(
                reg.token.realm,
                params={"service": reg.token.service, "scope": f"repository:{repository}:pull,push"},
                headers={"Authorization": _basic(user, password)},
            ) as resp:
                resp.raise_for_status()
                self._auth[repository] = (await resp.json())["access_token"]
        return {"Authorization": f"Bearer {self._auth[repository]}"}

    async def _send(self, method: str, url: str, repository: str, **kwargs: Any) -> aiohttp.ClientResponse:
        assert self._session is not None
        headers = {**kwargs.pop("headers", {}), **(await self._authorization(repository))}
        resp = await self._session.request(method, url, headers=headers, ssl=self._ssl or True, **kwargs)
        if resp.status >= 300:
            text = await resp.text()
            resp.release()
            raise RuntimeError(f"{method} {url}: {resp.status} {text}")
        resp.release()
        return resp

    async def blob(self, repository: str, data: bytes) -> str:
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        base = self.registry.url
        resp = await self._send("POST", f"{base}/v2/{repository}/blobs/uploads/", repository)
        location = resp.headers["Location"]
        if location.startswith("/"):
            location = base + location
        sep = "&" if "?" in location else "?"
        await self._send(
            "PUT", f"{location}{sep}digest={digest}", repository, data=data,
            headers={"Content-Type": "application/octet-stream"},
        )
        return digest

    async def image(self, repository: str, payload: bytes, media_type: str) -> bytes:
        config = json.dumps({
            "architecture": "amd64", "os": "linux",
            "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(payload).hexdigest()]},
        }).encode()
        config_digest = await self.blob(repository, config)
        layer_digest = await self.blob(repository, payload)
        oci = media_type == OCI_MANIFEST
        manifest = {
            "schemaVersion": 2,
            "mediaType": media_type,
            "config": {
                "mediaType": "application/vnd.oci.image.config.v1+json" if oci
                else "application/vnd.docker.container.image.v1+json",
                "digest": config_digest, "size": len(config),
            },
            "layers": [{
                "mediaType": "application/vnd.oci.image.layer.v1.tar" if oci
                else "application/vnd.docker.image.rootfs.diff.tar.gzip",
                "digest": layer_digest, "size": len(payload),
            }],
        }
        return json.dumps(manifest).encode()

    async def put_manifest(self, repository: str, tag: str, manifest: bytes, media_type: str) -> None:
        await self._send(
            "PUT", f"{self.registry.url}/v2/{repository}/manifests/{tag}", repository,
            data=manifest, headers={"Content-Type": media_type},
        )


@contextlib.contextmanager
def running_registry(workdir: Path, **kwargs: Any) -> Iterator[RegistryServer]:
    """A started registry (and its token server, if any) that is stopped on exit."""
    server = RegistryServer(workdir, **kwargs)
    server.start()
    try:
        yield server
    finally:
        server.stop()
