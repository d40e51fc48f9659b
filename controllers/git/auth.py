"""Credentials for a Git remote, built from a GitRepository secret, and how git gets to see them.

Secrets never reach git's command line, the clone's `.git/config` or an error message: HTTPS
credentials go through GIT_ASKPASS (a tiny script that prints environment variables) or an
`http.extraHeader` set through GIT_CONFIG_* variables; SSH keys and known hosts go to 0600 files
in a private temporary directory that is removed when the git command is done.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import shlex
import shutil
import tempfile
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

from controllers.git.errors import AuthError, GitError
from controllers.git.runner import LOCAL_TIMEOUT, base_env, config_env, run_command

Transport = Literal["https", "http", "ssh", "file"]

_ASKPASS = """#!/bin/sh
case "$1" in
  [Uu]sername*) printf '%s\\n' "$LOOKOUT_GIT_USERNAME" ;;
  *) printf '%s\\n' "$LOOKOUT_GIT_PASSWORD" ;;
esac
"""


def transport_of(url: str) -> Transport:
    """The transport a URL uses; scp-like `user@host:path` is SSH as in git."""
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("https", "http", "ssh", "file"):
        return scheme  # type: ignore[return-value]
    if "://" in url:
        raise AuthError(f"unsupported URL scheme '{scheme}' in '{display_url(url)}'")
    head = url.split("/", 1)[0]
    if ":" in head and not url.startswith("/"):
        return "ssh"
    return "file"


def display_url(url: str) -> str:
    """The URL without userinfo, fit for logs, messages and `.git/config`."""
    parts = urlsplit(url)
    if not parts.scheme or "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    if parts.scheme.lower() == "ssh":
        # The SSH user is not a secret and selects the account: keep it, drop any password.
        user = parts.netloc.rsplit("@", 1)[0].split(":", 1)[0]
        host = f"{user}@{host}"
    return urlunsplit(SplitResult(parts.scheme, host, parts.path, parts.query, parts.fragment))


def _userinfo(url: str) -> tuple[str | None, str | None]:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or "@" not in parts.netloc:
        return None, None
    return (unquote(parts.username) if parts.username else None), (
        unquote(parts.password) if parts.password else None
    )


def _text(data: dict[str, bytes], key: str) -> str | None:
    raw = data.get(key)
    if raw is None:
        return None
    value = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return value if value != "" else None


@dataclass(frozen=True, slots=True)
class GitAuth:
    """How to authenticate to one remote; build it with `auth_from_secret`."""

    transport: Transport
    username: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    bearer_token: str | None = field(default=None, repr=False)
    ca_cert: bytes | None = field(default=None, repr=False)
    client_cert: bytes | None = field(default=None, repr=False)
    client_key: bytes | None = field(default=None, repr=False)
    identity: bytes | None = field(default=None, repr=False)
    known_hosts: bytes | None = field(default=None, repr=False)
    identity_passphrase: str | None = field(default=None, repr=False)
    proxy_url: str | None = field(default=None, repr=False)
    #: `--ssh-kex-algos` and `--ssh-hostkey-algos`: empty means ssh's own defaults.
    kex_algorithms: tuple[str, ...] = ()
    host_key_algorithms: tuple[str, ...] = ()

    def with_ssh_algorithms(self, kex: Sequence[str], host_keys: Sequence[str]) -> GitAuth:
        """The same credentials with the manager's key exchange and host key algorithm lists."""
        return dataclasses.replace(self, kex_algorithms=tuple(kex), host_key_algorithms=tuple(host_keys))

    def with_proxy(self, proxy_url: str | None) -> GitAuth:
        """The same credentials reaching the remote through an HTTP(S) proxy (None: no proxy)."""
        if proxy_url and self.transport == "ssh":
            raise AuthError("invalid proxy configuration: a proxy is only supported for HTTP(S) remotes")
        return dataclasses.replace(self, proxy_url=proxy_url or None)

    def secrets(self) -> list[str]:
        """Every value that must never be shown (used to scrub git's output)."""
        values = [self.password, self.bearer_token, self.identity_passphrase]
        if self.proxy_url:
            parts = urlsplit(self.proxy_url)
            values.append(parts.password)
            if parts.password:
                values.append(unquote(parts.password))
        if self.client_key:
            values.append(self.client_key.decode("utf-8", "replace").strip())
        if self.identity:
            values.append(self.identity.decode("utf-8", "replace").strip())
        return [v for v in values if v]

    @contextlib.asynccontextmanager
    async def environment(self, url: str) -> AsyncIterator[tuple[str, dict[str, str]]]:
        """The URL to hand git and the environment carrying these credentials, valid inside the block.

        Credential files live in a private directory removed on exit, whatever happens.
        """
        scratch = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix="lookout-git-"))
        try:
            env = base_env(scratch)
            plain = display_url(url)
            url_user, url_password = _userinfo(url)
            pairs: list[tuple[str, str]] = []
            if self.transport in ("http", "https"):
                await asyncio.to_thread(self._https_files, scratch, url_user, url_password, env, pairs)
            elif self.transport == "ssh":
                key = await write_identity(self.identity, self.identity_passphrase, scratch, "identity")
                await asyncio.to_thread(self._ssh_files, scratch, key, env)
            env.update(config_env(pairs))
            yield plain, env
        finally:
            await asyncio.to_thread(shutil.rmtree, scratch, True)

    def _https_files(
        self,
        scratch: Path,
        url_user: str | None,
        url_password: str | None,
        env: dict[str, str],
        pairs: list[tuple[str, str]],
    ) -> None:
        username = self.username or url_user
        password = self.password if self.username or self.password else url_password
        if self.bearer_token:
            pairs.append(("http.extraHeader", f"Authorization: Bearer {self.bearer_token}"))
        elif username or password:
            askpass = _write(scratch / "askpass.sh", _ASKPASS.encode(), 0o700)
            env["GIT_ASKPASS"] = str(askpass)
            env["LOOKOUT_GIT_USERNAME"] = username or ""
            env["LOOKOUT_GIT_PASSWORD"] = password or ""
        if self.ca_cert:
            pairs.append(("http.sslCAInfo", str(_write(scratch / "ca.crt", self.ca_cert))))
        if self.client_cert and self.client_key:
            pairs.append(("http.sslCert", str(_write(scratch / "tls.crt", self.client_cert))))
            pairs.append(("http.sslKey", str(_write(scratch / "tls.key", self.client_key))))
        if self.proxy_url:
            pairs.append(("http.proxy", self.proxy_url))
        else:
            # An operator-wide proxy variable must not silently apply to this remote.
            for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
                env.pop(name, None)

    def _ssh_files(self, scratch: Path, identity: Path, env: dict[str, str]) -> None:
        known_hosts = _write(scratch / "known_hosts", self.known_hosts or b"")
        command = [
            "ssh",
            "-F",
            os.devnull,
            "-i",
            str(identity),
            "-o",
            f"UserKnownHostsFile={known_hosts}",
            "-o",
            f"GlobalKnownHostsFile={os.devnull}",
            "-o",
            "StrictHostKeyChecking=yes",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "BatchMode=yes",
            "-o",
            "UpdateHostKeys=no",
            "-o",
            "ConnectTimeout=30",
        ]
        if self.kex_algorithms:
            command += ["-o", "KexAlgorithms=" + ",".join(self.kex_algorithms)]
        if self.host_key_algorithms:
            command += ["-o", "HostKeyAlgorithms=" + ",".join(self.host_key_algorithms)]
        env["GIT_SSH_COMMAND"] = shlex.join(command)
        env["GIT_SSH_VARIANT"] = "ssh"


def _write(path: Path, data: bytes, mode: int = 0o600) -> Path:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    return path


_SSH_ASKPASS = """#!/bin/sh
printf '%s\\n' "$LOOKOUT_SSH_PASSPHRASE"
"""


async def write_identity(identity: bytes | None, passphrase: str | None, scratch: Path, name: str) -> Path:
    """Write the private key as an unencrypted 0600 file under `scratch` and return its path.

    ssh runs in batch mode and cannot prompt, so an encrypted key is decrypted up front by
    `ssh-keygen -p`, which reads the passphrase through SSH_ASKPASS from the environment:
    it never appears on a command line. A key that does not load is reported here, clearly.
    """
    if not identity:
        raise AuthError("invalid 'ssh' auth option: 'identity' is required")
    data = identity if identity.endswith(b"\n") else identity + b"\n"
    key = await asyncio.to_thread(_write, scratch / name, data)
    env = base_env(scratch)
    if passphrase:
        askpass = await asyncio.to_thread(_write, scratch / f"{name}.askpass", _SSH_ASKPASS.encode(), 0o700)
        env.update(
            {
                "SSH_ASKPASS": str(askpass),
                "SSH_ASKPASS_REQUIRE": "force",
                "DISPLAY": ":0",
                "LOOKOUT_SSH_PASSPHRASE": passphrase,
            }
        )
        argv = ["ssh-keygen", "-p", "-q", "-N", "", "-f", str(key)]
    else:
        argv = ["ssh-keygen", "-y", "-P", "", "-f", str(key)]
    done = await run_command(
        argv, env=env, timeout=LOCAL_TIMEOUT, check=False, secrets=[passphrase or ""], what="ssh-keygen"
    )
    if done.returncode != 0:
        wrong = "passphrase" in done.stderr.lower()
        if wrong and passphrase:
            raise AuthError("failed to parse ssh identity: the password is wrong")
        if wrong:
            raise AuthError("failed to parse ssh identity: the key is encrypted and 'password' is missing")
        raise AuthError("failed to parse ssh identity: not a supported private key")
    return key


def auth_from_secret(url: str, secret_data: dict[str, bytes] | None) -> GitAuth:
    """Credentials for `url` from a GitRepository secret's data (None: anonymous).

    Validation follows Flux's auth options: clear messages naming the missing key, no values.
    """
    transport = transport_of(url)
    data = secret_data or {}
    if transport in ("http", "https"):
        username, password = _text(data, "username"), _text(data, "password")
        token = _text(data, "bearerToken")
        if password and not username:
            raise AuthError(f"invalid '{transport}' auth option: 'password' requires 'username' to be set")
        if token and (username or password):
            raise AuthError(
                f"invalid '{transport}' auth option: "
                "'bearerToken' cannot be combined with 'username'/'password'"
            )
        cert, key = data.get("tls.crt"), data.get("tls.key")
        if bool(cert) != bool(key):
            raise AuthError(
                f"invalid '{transport}' auth option: 'tls.crt' and 'tls.key' must be set together"
            )
        ca = data.get("ca.crt") or data.get("caFile")
        if transport == "http" and (ca or cert):
            raise AuthError("invalid 'http' auth option: TLS certificates require an https URL")
        return GitAuth(
            transport,
            username=username,
            password=password,
            bearer_token=token,
            ca_cert=ca or None,
            client_cert=cert or None,
            client_key=key or None,
        )
    if transport == "ssh":
        if not urlsplit(url).hostname and "://" in url:
            raise AuthError("invalid 'ssh' auth option: 'host' is required")
        identity = data.get("identity")
        if not identity:
            raise AuthError("invalid 'ssh' auth option: 'identity' is required")
        known_hosts = data.get("known_hosts")
        if not known_hosts:
            raise AuthError("invalid 'ssh' auth option: 'known_hosts' is required")
        return GitAuth(
            "ssh",
            identity=identity,
            known_hosts=known_hosts,
            identity_passphrase=_text(data, "password"),
        )
    if data:
        raise GitError(f"credentials are not supported for '{display_url(url)}'")
    return GitAuth("file")
