"""Commit signing with a key from a Secret: OpenPGP through gpg, or SSH signatures (gpg.format=ssh).

Keys never touch the operator's keyrings: a GPG key is imported into a throw-away GNUPGHOME and
its passphrase reaches gpg as a file (loopback pinentry); an SSH key is decrypted in-process and
written unencrypted to a 0600 file. Everything is removed after the commit.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import tempfile
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from controllers.git.auth import write_identity
from controllers.git.errors import AuthError, GitError
from controllers.git.runner import LOCAL_TIMEOUT, base_env, run_command

_GPG_WRAPPER = """#!/bin/sh
exec gpg --homedir "$LOOKOUT_GNUPGHOME" --batch --no-tty --pinentry-mode loopback \\
  --passphrase-file "$LOOKOUT_GPG_PASSFILE" --logger-file "$LOOKOUT_GPG_LOG" "$@"
"""


@dataclass(frozen=True, slots=True)
class SigningSetup:
    """Git configuration and environment that make `git commit -S` sign with the key."""

    config: list[tuple[str, str]]
    env: dict[str, str]


class CommitSigning(ABC):
    """A signing key; `prepare` materialises it for the duration of one commit."""

    kind: str

    @abstractmethod
    def prepare(self, scratch: Path) -> contextlib.AbstractAsyncContextManager[SigningSetup]:
        """Write what git needs under `scratch` (a private directory the caller removes)."""

    @abstractmethod
    def secrets(self) -> list[str]:
        """Values to scrub from any error output."""

    def failure_hint(self, scratch: Path) -> str | None:
        """Why signing failed, when the signer can tell better than git's generic message."""
        return None


def _write(path: Path, data: bytes, mode: int = 0o600) -> Path:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    return path


@dataclass(frozen=True, slots=True)
class GpgSigning(CommitSigning):
    """An armored OpenPGP private key holding exactly one key (Flux's `git.asc`)."""

    armored_key: bytes = field(repr=False)
    passphrase: str | None = field(default=None, repr=False)
    kind: str = "gpg"

    def secrets(self) -> list[str]:
        return [self.passphrase] if self.passphrase else []

    def failure_hint(self, scratch: Path) -> str | None:
        try:
            log = (scratch / "gpg.log").read_text(errors="replace").lower()
        except OSError:
            return None
        if "passphrase" not in log:
            return None
        if not self.passphrase:
            return "can not use passphrase protected signing key without 'passphrase' field present in secret"
        return "the 'passphrase' does not unlock the signing key"

    @contextlib.asynccontextmanager
    async def prepare(self, scratch: Path) -> AsyncIterator[SigningSetup]:
        home = scratch / "gnupg"
        await asyncio.to_thread(home.mkdir, 0o700)
        env = base_env(scratch)
        env["GNUPGHOME"] = str(home)
        try:
            imported = await run_command(
                ["gpg", "--homedir", str(home), "--batch", "--no-tty", "--import"],
                env=env,
                timeout=LOCAL_TIMEOUT,
                input_data=self.armored_key,
                secrets=self.secrets(),
                check=False,
                what="importing the gpg signing key",
            )
            if imported.returncode != 0 and "secret keys read" not in imported.stderr:
                raise GitError("signing key secret 'git.asc' holds no private key")
            listing = await run_command(
                ["gpg", "--homedir", str(home), "--batch", "--with-colons", "--list-secret-keys"],
                env=env,
                timeout=LOCAL_TIMEOUT,
                what="listing the gpg signing key",
            )
            fingerprint = _primary_fingerprint(listing.stdout)
            passfile = await asyncio.to_thread(
                _write, scratch / "gpg-passphrase", (self.passphrase or "").encode()
            )
            wrapper = await asyncio.to_thread(_write, scratch / "gpg.sh", _GPG_WRAPPER.encode(), 0o700)
            yield SigningSetup(
                config=[
                    ("gpg.format", "openpgp"),
                    ("gpg.program", str(wrapper)),
                    ("user.signingkey", fingerprint),
                    ("commit.gpgsign", "true"),
                ],
                env={
                    "LOOKOUT_GNUPGHOME": str(home),
                    "LOOKOUT_GPG_PASSFILE": str(passfile),
                    "LOOKOUT_GPG_LOG": str(scratch / "gpg.log"),
                },
            )
        finally:
            # gpg started an agent for this home; it would otherwise outlive the commit.
            with contextlib.suppress(GitError, OSError):
                await run_command(
                    ["gpgconf", "--homedir", str(home), "--kill", "all"],
                    env=env,
                    timeout=LOCAL_TIMEOUT,
                    what="stopping gpg-agent",
                )


def _primary_fingerprint(colons: str) -> str:
    """The fingerprint of the one secret key in the keyring; more than one is ambiguous."""
    keys: list[str] = []
    expect_fpr = False
    for line in colons.splitlines():
        fields = line.split(":")
        if fields[0] == "sec":
            expect_fpr = True
        elif fields[0] == "fpr" and expect_fpr and len(fields) > 9:
            keys.append(fields[9])
            expect_fpr = False
    if not keys:
        raise GitError("signing key secret 'git.asc' holds no private key")
    if len(keys) > 1:
        raise GitError(
            "multiple entities read from the signing key secret, could not determine which signing key to use"
        )
    return keys[0]


@dataclass(frozen=True, slots=True)
class SshSigning(CommitSigning):
    """An SSH private key (ed25519, ecdsa, rsa), optionally encrypted with `password`."""

    identity: bytes = field(repr=False)
    password: str | None = field(default=None, repr=False)
    kind: str = "ssh"

    def secrets(self) -> list[str]:
        return [self.password] if self.password else []

    @contextlib.asynccontextmanager
    async def prepare(self, scratch: Path) -> AsyncIterator[SigningSetup]:
        try:
            path = await write_identity(self.identity, self.password, scratch, "signing-key")
        except AuthError as e:
            raise GitError(f"invalid ssh signing key: {e}") from None
        yield SigningSetup(
            config=[("gpg.format", "ssh"), ("user.signingkey", str(path)), ("commit.gpgsign", "true")],
            env={},
        )


def signing_from_secret(kind: str | None, data: dict[str, bytes]) -> CommitSigning:
    """A signer from a signing-key Secret's data; `kind` is `gpg` (also when empty) or `ssh`."""
    kind = kind or "gpg"
    if kind == "gpg":
        key = data.get("git.asc")
        if not key:
            raise GitError("signing key secret does not contain a 'git.asc' key")
        passphrase = data.get("passphrase")
        return GpgSigning(key, passphrase.decode() if passphrase else None)
    if kind == "ssh":
        identity = data.get("identity")
        if not identity:
            raise GitError("signing key secret does not contain an 'identity' key")
        password = data.get("password")
        return SshSigning(identity, password.decode() if password else None)
    raise GitError(f"unsupported signing key type '{kind}': must be 'gpg' or 'ssh'")


@contextlib.asynccontextmanager
async def scratch_dir() -> AsyncIterator[Path]:
    """A private temporary directory, removed (with any key material) on exit."""
    path = Path(await asyncio.to_thread(tempfile.mkdtemp, prefix="lookout-git-"))
    try:
        yield path
    finally:
        await asyncio.to_thread(shutil.rmtree, path, True)
