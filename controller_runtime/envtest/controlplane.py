"""A real control plane (etcd + kube-apiserver) on loopback, as Go envtest runs it.

etcd starts first on a free port; kube-apiserver follows with generated serving
certificates, service-account signing keys and a client CA, so the admin user
(`admin` in `system:masters`) authenticates with a client certificate. Each process
is health-polled every 100 ms until the start timeout and stopped with SIGTERM,
then killed after the stop timeout.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
import socket
import ssl
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from controller_runtime.client.config import RestConfig
from controller_runtime.envtest import binaries
from controller_runtime.envtest.certs import CertPair, generate_ca, generate_cert

log = logging.getLogger(__name__)

HEALTH_POLL_INTERVAL = 0.1
ENVTEST_QPS = 1000.0
ENVTEST_BURST = 2000


class ControlPlaneError(RuntimeError):
    """A control-plane process failed to start, became unhealthy, or would not stop."""


def free_port(host: str = "127.0.0.1") -> int:
    """A port that was free a moment ago (the 5 start attempts absorb the race)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        port: int = s.getsockname()[1]
        return port


def render_args(
    defaults: Mapping[str, Sequence[str]], overrides: Mapping[str, Sequence[str]] | None = None
) -> list[str]:
    """`--flag=value` arguments; overrides replace a default flag entirely. Sorted for stable output."""
    merged: dict[str, list[str]] = {k: list(v) for k, v in defaults.items()}
    for k, v in (overrides or {}).items():
        merged[k] = list(v)
    out: list[str] = []
    for key in sorted(merged):
        for value in merged[key]:
            out.append(f"--{key}={value}")
    return out


@dataclass
class Process:
    """One child process with health polling and graceful stop."""

    name: str
    path: str
    args: list[str]
    health_url: str
    attach_output: bool = False
    ssl_context: ssl.SSLContext | bool = False
    proc: asyncio.subprocess.Process | None = field(default=None, init=False)

    async def start(self, start_timeout: float) -> None:
        binaries.require_executable(self.name, self.path)
        out = None if self.attach_output else asyncio.subprocess.DEVNULL
        self.proc = await asyncio.create_subprocess_exec(
            self.path, *self.args, stdin=asyncio.subprocess.DEVNULL, stdout=out, stderr=out
        )
        deadline = time.monotonic() + start_timeout
        async with aiohttp.ClientSession() as session:
            while True:
                if self.proc.returncode is not None:
                    raise ControlPlaneError(
                        f"{self.name} exited with code {self.proc.returncode} while starting"
                    )
                try:
                    async with session.get(
                        self.health_url, ssl=self.ssl_context, timeout=aiohttp.ClientTimeout(total=1)
                    ) as resp:
                        if resp.status == 200:
                            return
                except (aiohttp.ClientError, TimeoutError):
                    pass
                if time.monotonic() >= deadline:
                    await self.stop(1.0)
                    raise ControlPlaneError(
                        f"timeout waiting for {self.name} to become healthy at {self.health_url} "
                        f"after {start_timeout:g}s"
                    )
                await asyncio.sleep(HEALTH_POLL_INTERVAL)

    async def stop(self, stop_timeout: float) -> None:
        proc = self.proc
        if proc is None or proc.returncode is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), stop_timeout)
        except TimeoutError:
            proc.kill()
            await proc.wait()
            raise ControlPlaneError(
                f"timeout waiting for {self.name} to stop after {stop_timeout:g}s"
            ) from None


async def etcd_supports_unsafe_no_fsync(path: str) -> bool:
    """Go envtest passes --unsafe-no-fsync only to etcd versions that know it."""
    try:
        proc = await asyncio.create_subprocess_exec(
            path, "--help", stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
        )
    except OSError:
        return False
    try:
        out, _ = await asyncio.wait_for(proc.communicate(), 10)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        return False
    return b"--unsafe-no-fsync" in out


def etcd_args(data_dir: Path, client_port: int, peer_port: int, no_fsync: bool) -> dict[str, list[str]]:
    url = f"http://127.0.0.1:{client_port}"
    args = {
        "data-dir": [str(data_dir)],
        "listen-client-urls": [url],
        "advertise-client-urls": [url],
        "listen-peer-urls": [f"http://127.0.0.1:{peer_port}"],
    }
    if no_fsync:
        args["unsafe-no-fsync"] = ["true"]
    return args


def apiserver_args(
    *, cert_dir: Path, port: int, etcd_url: str, sa_pub: Path, sa_key: Path, client_ca: Path
) -> dict[str, list[str]]:
    """kube-apiserver flags as Go envtest sets them by default."""
    return {
        "advertise-address": ["127.0.0.1"],
        "service-cluster-ip-range": ["10.0.0.0/24"],
        "allow-privileged": ["true"],
        "disable-admission-plugins": ["ServiceAccount"],
        "cert-dir": [str(cert_dir)],
        "authorization-mode": ["RBAC"],
        "secure-port": [str(port)],
        "bind-address": ["127.0.0.1"],
        "etcd-servers": [etcd_url],
        "service-account-issuer": [f"https://127.0.0.1:{port}/"],
        "service-account-key-file": [str(sa_pub)],
        "service-account-signing-key-file": [str(sa_key)],
        "client-ca-file": [str(client_ca)],
    }


def _write_sa_keys(directory: Path) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    priv = directory / "sa-signer.key"
    pub = directory / "sa-signer.pub"
    priv.touch(mode=0o600)
    priv.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    pub.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return pub, priv


@dataclass
class Users:
    """Client certificates of the provisioned users (admin and the legacy `default`)."""

    admin: CertPair
    default: CertPair


class ControlPlane:
    """etcd + kube-apiserver with their temp directory; see the module docstring."""

    def __init__(
        self,
        *,
        etcd_path: str,
        apiserver_path: str,
        start_timeout: float,
        stop_timeout: float,
        attach_output: bool = False,
        apiserver_extra_args: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.etcd_path = etcd_path
        self.apiserver_path = apiserver_path
        self.start_timeout = start_timeout
        self.stop_timeout = stop_timeout
        self.attach_output = attach_output
        self.apiserver_extra_args = apiserver_extra_args
        self.dir: Path | None = None
        self.etcd: Process | None = None
        self.apiserver: Process | None = None
        self.serving_ca: CertPair | None = None
        self.users: Users | None = None
        self.url = ""

    def _prepare(self) -> tuple[Path, Path, Path, Path, Path]:
        """Blocking setup (keys, certs, files): run in a thread."""
        root = Path(tempfile.mkdtemp(prefix="envtest-"))
        self.dir = root
        cert_dir = root / "certs"
        cert_dir.mkdir(mode=0o700)
        data_dir = root / "etcd"
        data_dir.mkdir(mode=0o700)
        self.serving_ca = generate_ca("envtest-serving-ca")
        serving = generate_cert(self.serving_ca, "kube-apiserver", hosts=("127.0.0.1", "localhost"))
        # kube-apiserver picks these names up from --cert-dir.
        serving.write(cert_dir, "apiserver")
        client_ca = generate_ca("envtest-client-ca")
        client_ca_file = cert_dir / "client-cert-ca.crt"
        client_ca_file.write_bytes(client_ca.cert_pem)
        self.users = Users(
            admin=generate_cert(client_ca, "admin", organizations=("system:masters",), client=True),
            default=generate_cert(client_ca, "default", organizations=("system:masters",), client=True),
        )
        pub, priv = _write_sa_keys(cert_dir)
        return cert_dir, data_dir, client_ca_file, pub, priv

    async def start(self) -> None:
        cert_dir, data_dir, client_ca_file, pub, priv = await asyncio.to_thread(self._prepare)
        try:
            etcd_port, peer_port, api_port = free_port(), free_port(), free_port()
            no_fsync = await etcd_supports_unsafe_no_fsync(self.etcd_path)
            self.etcd = Process(
                "etcd",
                self.etcd_path,
                render_args(etcd_args(data_dir, etcd_port, peer_port, no_fsync)),
                f"http://127.0.0.1:{etcd_port}/health",
                self.attach_output,
            )
            await self.etcd.start(self.start_timeout)
            assert self.serving_ca is not None
            self.url = f"https://127.0.0.1:{api_port}"
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE  # Go envtest polls /healthz without verification too.
            self.apiserver = Process(
                "kube-apiserver",
                self.apiserver_path,
                render_args(
                    apiserver_args(
                        cert_dir=cert_dir, port=api_port, etcd_url=f"http://127.0.0.1:{etcd_port}",
                        sa_pub=pub, sa_key=priv, client_ca=client_ca_file,
                    ),
                    self.apiserver_extra_args,
                ),
                f"{self.url}/healthz",
                self.attach_output,
                ctx,
            )
            try:
                await self.apiserver.start(self.start_timeout)
            except BaseException:
                await self.etcd.stop(self.stop_timeout)
                raise
        except BaseException:
            await asyncio.to_thread(self._cleanup_dir)
            raise

    def admin_config(self) -> RestConfig:
        """The admin user's config (QPS 1000 / burst 2000 like Go envtest)."""
        if self.users is None or self.serving_ca is None or not self.url:
            raise ControlPlaneError("control plane is not started")
        return RestConfig(
            host=self.url,
            ca_data=self.serving_ca.cert_pem,
            cert_data=self.users.admin.cert_pem,
            key_data=self.users.admin.key_pem,
            qps=ENVTEST_QPS,
            burst=ENVTEST_BURST,
        )

    def _cleanup_dir(self) -> None:
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    async def stop(self) -> None:
        """Stop kube-apiserver, then etcd, then remove the temp directory."""
        errors: list[BaseException] = []
        for proc in (self.apiserver, self.etcd):
            if proc is not None:
                try:
                    await proc.stop(self.stop_timeout)
                except ControlPlaneError as e:
                    errors.append(e)
        await asyncio.to_thread(self._cleanup_dir)
        if errors:
            raise ControlPlaneError("; ".join(str(e) for e in errors))


def output_attached(value: bool | None, environ: Mapping[str, str] | None = None) -> bool:
    """KUBEBUILDER_ATTACH_CONTROL_PLANE_OUTPUT == "true" unless set explicitly."""
    if value is not None:
        return value
    env = os.environ if environ is None else environ
    return env.get("KUBEBUILDER_ATTACH_CONTROL_PLANE_OUTPUT", "") == "true"


__all__ = [
    "ControlPlane",
    "ControlPlaneError",
    "Process",
    "apiserver_args",
    "etcd_args",
    "free_port",
    "output_attached",
    "render_args",
]
