"""Real Git servers for tests: smart HTTP (`git http-backend` as CGI behind aiohttp) and SSH (sshd).

Both serve bare repositories from a directory, so tests can inspect and move the "remote" with
plain git commands on disk while the code under test talks to it over the network.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime
import getpass
import ipaddress
import os
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from tests.support.wait import eventually

_GIT_ENV = {
    "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "LC_ALL": "C",
}


def git(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    """Run git for test setup/inspection (local repositories only); returns stripped stdout."""
    full = {**_GIT_ENV, "HOME": tempfile.gettempdir(), **(env or {})}
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=full, capture_output=True, text=True, check=False, timeout=60
    )
    if done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
    return done.stdout.strip()


def init_bare_repo(path: Path, files: dict[str, bytes], branch: str = "main") -> str:
    """A bare repository at `path` with one commit of `files` on `branch`; returns the commit.

    The repository accepts pushes over HTTP and advertises push options, like a forge would.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    git("init", "--quiet", "--bare", "--initial-branch", branch, str(path))
    git("config", "http.receivepack", "true", cwd=path)
    git("config", "receive.advertisePushOptions", "true", cwd=path)
    return commit_files(path, branch, files, "initial commit")


_AUTHOR = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
}


def commit_files(bare: Path, branch: str, files: dict[str, bytes], message: str) -> str:
    """Commit `files` on top of `branch` of a bare repo (creating it if needed), as another
    writer would: this is how tests make the remote move."""
    with tempfile.TemporaryDirectory(prefix="gitserver-work-") as work:
        wt = Path(work)
        git("init", "--quiet", "--initial-branch", branch, cwd=wt)
        exists = subprocess.run(
            ["git", "--git-dir", str(bare), "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"],
            capture_output=True,
            env={**_GIT_ENV, "HOME": work},
            check=False,
        )
        if exists.returncode == 0:
            git("fetch", "--quiet", str(bare), f"refs/heads/{branch}", cwd=wt)
            git("reset", "--quiet", "--hard", "FETCH_HEAD", cwd=wt)
        for name, data in files.items():
            target = wt / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        git("add", "--all", cwd=wt)
        git("commit", "--quiet", "--allow-empty", "-m", message, cwd=wt, env=_AUTHOR)
        git("push", "--quiet", str(bare), f"HEAD:refs/heads/{branch}", cwd=wt)
        return git("rev-parse", "HEAD", cwd=wt)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


# --------------------------------------------------------------------------- TLS material


@dataclass(frozen=True)
class TLSMaterial:
    """A throw-away CA with a server certificate for 127.0.0.1/localhost and a client certificate."""

    ca_pem: bytes
    server_cert_pem: bytes
    server_key_pem: bytes
    client_cert_pem: bytes
    client_key_pem: bytes

    @classmethod
    def generate(cls) -> TLSMaterial:
        now = datetime.datetime.now(datetime.UTC)
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "lookout test CA")])
        ca = (
            x509.CertificateBuilder()
            .subject_name(ca_name)
            .issuer_name(ca_name)
            .public_key(ca_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
            )
            .sign(ca_key, hashes.SHA256())
        )

        def leaf(cn: str, usage: x509.ObjectIdentifier, sans: list[x509.GeneralName]) -> tuple[bytes, bytes]:
            key = ec.generate_private_key(ec.SECP256R1())
            builder = (
                x509.CertificateBuilder()
                .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)]))
                .issuer_name(ca_name)
                .public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(minutes=5))
                .not_valid_after(now + datetime.timedelta(days=1))
                .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
            )
            if sans:
                builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
            cert = builder.sign(ca_key, hashes.SHA256())
            return cert.public_bytes(serialization.Encoding.PEM), key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )

        server = leaf(
            "127.0.0.1",
            ExtendedKeyUsageOID.SERVER_AUTH,
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")],
        )
        client = leaf("git-client", ExtendedKeyUsageOID.CLIENT_AUTH, [])
        return cls(ca.public_bytes(serialization.Encoding.PEM), *server, *client)


# --------------------------------------------------------------------------- smart HTTP


@dataclass
class SeenRequest:
    method: str
    path: str
    query: str
    authorized: bool
    content_encoding: str | None = None
    chunked: bool = False
    #: For a protocol-v2 POST: the command asked (`ls-refs`, `fetch`), read from the body.
    command: str | None = None


@dataclass
class GitHTTPServer:
    """`git http-backend` over aiohttp on 127.0.0.1, optionally with basic auth, a bearer token and TLS.

    Request bodies are streamed to the CGI as they arrive (gzip included: http-backend inflates
    them itself), responses are streamed back; every request is recorded in `requests`.
    """

    root: Path
    username: str | None = None
    password: str | None = None
    bearer_token: str | None = None
    tls: TLSMaterial | None = None
    require_client_cert: bool = False
    #: False serves only protocol v0 (no fetching of unadvertised commits by SHA), like older forges.
    protocol_v2: bool = True
    requests: list[SeenRequest] = field(default_factory=list)
    port: int = 0
    _runner: web.AppRunner | None = None
    _scratch: Path | None = None

    @property
    def base_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def url(self, repo: str) -> str:
        return f"{self.base_url}/{repo}"

    async def __aenter__(self) -> GitHTTPServer:
        await self.start()
        return self

    async def __aexit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.stop()

    async def start(self) -> None:
        self._scratch = Path(tempfile.mkdtemp(prefix="githttp-"))
        app = web.Application(client_max_size=1 << 30)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        # The raw (possibly gzip) body goes to http-backend, which decodes it per HTTP_CONTENT_ENCODING.
        self._runner = web.AppRunner(app, auto_decompress=False, access_log=None)
        await self._runner.setup()
        context: ssl.SSLContext | None = None
        if self.tls:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            cert = self._scratch / "server.crt"
            key = self._scratch / "server.key"
            cert.write_bytes(self.tls.server_cert_pem)
            key.write_bytes(self.tls.server_key_pem)
            context.load_cert_chain(cert, key)
            if self.require_client_cert:
                context.load_verify_locations(cadata=self.tls.ca_pem.decode())
                context.verify_mode = ssl.CERT_REQUIRED
        site = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=context)
        await site.start()
        server = site._server
        assert isinstance(server, asyncio.Server)
        self.port = server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)

    def _authorized(self, request: web.Request) -> bool:
        header = request.headers.get("Authorization", "")
        if self.bearer_token is not None and header == f"Bearer {self.bearer_token}":
            return True
        if self.username is not None:
            expected = base64.b64encode(f"{self.username}:{self.password or ''}".encode()).decode()
            if header == f"Basic {expected}":
                return True
        return self.username is None and self.bearer_token is None

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        authorized = self._authorized(request)
        seen = SeenRequest(
                request.method,
                request.path,
                request.query_string,
                authorized,
                request.headers.get("Content-Encoding"),
                "chunked" in request.headers.get("Transfer-Encoding", ""),
        )
        self.requests.append(seen)
        if not authorized:
            scheme = "Basic" if self.username is not None else "Bearer"
            return web.Response(status=401, headers={"WWW-Authenticate": f'{scheme} realm="git"'})
        assert self._scratch is not None
        env = {
            **_GIT_ENV,
            "HOME": str(self._scratch),
            "GIT_PROJECT_ROOT": str(self.root),
            "GIT_HTTP_EXPORT_ALL": "1",
            "PATH_INFO": request.path,
            "QUERY_STRING": request.query_string,
            "REQUEST_METHOD": request.method,
            "REMOTE_ADDR": "127.0.0.1",
            "REMOTE_USER": self.username or "token",
            "GATEWAY_INTERFACE": "CGI/1.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
        }
        for header, var in (
            ("Content-Type", "CONTENT_TYPE"),
            ("Content-Length", "CONTENT_LENGTH"),
            ("Content-Encoding", "HTTP_CONTENT_ENCODING"),
            ("Git-Protocol", "HTTP_GIT_PROTOCOL"),
        ):
            if header in request.headers and (var != "HTTP_GIT_PROTOCOL" or self.protocol_v2):
                env[var] = request.headers[header]
        proc = await asyncio.create_subprocess_exec(
            "git",
            "http-backend",
            env=env,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
        )
        assert proc.stdin is not None and proc.stdout is not None

        async def feed() -> None:
            assert proc.stdin is not None
            first = True
            try:
                async for chunk in request.content.iter_chunked(1 << 16):
                    if first and not seen.content_encoding:
                        found = re.search(rb"command=([a-z-]+)", chunk[:200])
                        seen.command = found.group(1).decode() if found else None
                    first = False
                    proc.stdin.write(chunk)
                    await proc.stdin.drain()
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                proc.stdin.close()

        feeder = asyncio.create_task(feed())
        try:
            status, headers = 200, {}
            while True:
                line = await proc.stdout.readline()
                if line in (b"\r\n", b"\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "status":
                    status = int(value.split()[0])
                else:
                    headers[name.strip()] = value.strip()
            response = web.StreamResponse(status=status, headers=headers)
            await response.prepare(request)
            while chunk := await proc.stdout.read(1 << 16):
                await response.write(chunk)
            await response.write_eof()
            await feeder
            await proc.wait()
            return response
        finally:
            if proc.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                await proc.wait()
            feeder.cancel()


class SilentServer:
    """A TCP server that accepts connections and never answers: a hung remote."""

    def __init__(self) -> None:
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []

    async def __aenter__(self) -> SilentServer:
        async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            self._writers.append(writer)

        self._server = await asyncio.start_server(hold, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        for w in self._writers:
            w.close()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()


# --------------------------------------------------------------------------- SSH


def ssh_keypair(passphrase: str | None = None, kind: str = "ed25519") -> tuple[bytes, str]:
    """A private key (OpenSSH format, encrypted if `passphrase`) and its `authorized_keys` line."""
    with tempfile.TemporaryDirectory(prefix="gitserver-key-") as d:
        path = Path(d) / "key"
        subprocess.run(
            ["ssh-keygen", "-q", "-t", kind, "-N", passphrase or "", "-C", "test", "-f", str(path)],
            check=True,
            capture_output=True,
            timeout=30,
        )
        return path.read_bytes(), (Path(d) / "key.pub").read_text().strip()


class GitSSHServer:
    """Debian's sshd on a free 127.0.0.1 port, as the current user, key authentication only.

    Repositories are addressed by absolute path: `ssh://<user>@127.0.0.1:<port>/<path>`.
    """

    SSHD = "/usr/sbin/sshd"

    def __init__(self) -> None:
        self.port = 0
        self.user = getpass.getuser()
        self.client_key, self.client_public_key = ssh_keypair()
        host_key = ed25519.Ed25519PrivateKey.generate()
        self._host_private = host_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
        )
        self.host_public_key = (
            host_key.public_key()
            .public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
            .decode()
        )
        self._dir: Path | None = None
        self._proc: asyncio.subprocess.Process | None = None

    @property
    def known_hosts(self) -> bytes:
        return f"[127.0.0.1]:{self.port} {self.host_public_key}\n".encode()

    def url(self, repo: Path) -> str:
        return f"ssh://{self.user}@127.0.0.1:{self.port}{repo.resolve()}"

    def authorize(self, public_key: str) -> None:
        """Accept one more client key (sshd reads the file on every login)."""
        assert self._dir is not None
        with (self._dir / "authorized_keys").open("a") as f:
            f.write(public_key + "\n")

    def _write_files(self) -> Path:
        """Host key, authorized keys and an sshd_config in a private directory; returns the config."""
        self._dir = Path(tempfile.mkdtemp(prefix="gitssh-"))
        host_key = self._dir / "host_ed25519"
        host_key.write_bytes(self._host_private)
        host_key.chmod(0o600)
        self.authorize(self.client_public_key)
        if os.geteuid() == 0:
            # sshd started as root insists on its privilege-separation directory.
            Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        self.port = free_port()
        config = self._dir / "sshd_config"
        config.write_text(
            "\n".join(
                [
                    f"Port {self.port}",
                    "ListenAddress 127.0.0.1",
                    f"HostKey {host_key}",
                    f"AuthorizedKeysFile {self._dir / 'authorized_keys'}",
                    f"PidFile {self._dir / 'sshd.pid'}",
                    "PubkeyAuthentication yes",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "UsePAM no",
                    "StrictModes no",
                    "PermitRootLogin yes",
                    "AcceptEnv GIT_PROTOCOL",
                    "LogLevel ERROR",
                    "",
                ]
            )
        )
        return config

    async def __aenter__(self) -> GitSSHServer:
        config = await asyncio.to_thread(self._write_files)
        self._proc = await asyncio.create_subprocess_exec(
            self.SSHD,
            "-D",
            "-e",
            "-f",
            str(config),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,
        )

        async def ready() -> bool:
            assert self._proc is not None
            if self._proc.returncode is not None:
                err = await self._proc.stderr.read() if self._proc.stderr else b""
                raise RuntimeError(f"sshd exited: {err.decode(errors='replace')}")
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
            except OSError:
                return False
            try:
                banner = await asyncio.wait_for(reader.readline(), 5)
            finally:
                writer.close()
            return banner.startswith(b"SSH-2.0")

        up: bool = await eventually(ready, timeout=20, message="sshd accepting connections")
        assert up
        return self

    async def __aexit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._proc is not None and self._proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._proc.pid, 15)
            await self._proc.wait()
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
