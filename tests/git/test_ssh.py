"""Clone, commit and push over SSH against a real sshd: keys, known_hosts, encrypted identities."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from controllers.git import AuthError, CheckoutRef, LocalClone, auth_from_secret
from tests.support.gitserver import GitSSHServer, git, ssh_keypair


@pytest.fixture
async def sshd() -> AsyncIterator[GitSSHServer]:
    async with GitSSHServer() as server:
        yield server


def _scratch_dirs() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("lookout-git-*")}


async def test_key_auth_round_trip(sshd: GitSSHServer, bare: Path, tmp_path: Path) -> None:
    url = sshd.url(bare)
    auth = auth_from_secret(url, {"identity": sshd.client_key, "known_hosts": sshd.known_hosts})
    before = _scratch_dirs()
    clone = LocalClone(tmp_path / "clone")
    assert await clone.ls_remote(url, auth, "main", 30) == git("rev-parse", "main", cwd=bare)
    sha, revision = await clone.sync(url, auth, CheckoutRef(branch="main"), "auto", 30)
    assert revision == f"main@sha1:{sha}"
    (clone.path / "README.md").write_text("over ssh\n")
    new = await clone.commit("ssh commit", "bot", "bot@example.com", None)
    assert new is not None
    await clone.push(url, auth, "auto", None, [], 30)
    assert git("rev-parse", "auto", cwd=bare) == new
    # Key and known_hosts files lived only for the duration of each command.
    assert _scratch_dirs() <= before
    config = (clone.path / ".git" / "config").read_bytes()
    assert b"PRIVATE KEY" not in config and b"ssh://" not in config


async def test_unknown_host_key_is_refused_clearly(sshd: GitSSHServer, bare: Path, tmp_path: Path) -> None:
    url = sshd.url(bare)
    _, other_host_key = ssh_keypair()
    wrong = f"[127.0.0.1]:{sshd.port} {other_host_key}\n".encode()
    auth = auth_from_secret(url, {"identity": sshd.client_key, "known_hosts": wrong})
    with pytest.raises(AuthError, match="host key verification failed") as info:
        await LocalClone(tmp_path / "clone").sync(url, auth, CheckoutRef(branch="main"), None, 30)
    assert "known_hosts" in str(info.value)

    other_host = f"[127.0.0.1]:1 {sshd.host_public_key}\n".encode()  # right key, other host
    auth = auth_from_secret(url, {"identity": sshd.client_key, "known_hosts": other_host})
    with pytest.raises(AuthError, match="host key verification failed"):
        await LocalClone(tmp_path / "clone").ls_remote(url, auth, "main", 30)


async def test_unauthorized_key_is_an_auth_error(sshd: GitSSHServer, bare: Path, tmp_path: Path) -> None:
    url = sshd.url(bare)
    stranger, _ = ssh_keypair()
    auth = auth_from_secret(url, {"identity": stranger, "known_hosts": sshd.known_hosts})
    with pytest.raises(AuthError, match="authentication failed"):
        await LocalClone(tmp_path / "clone").ls_remote(url, auth, "main", 30)


@pytest.mark.parametrize("kind", ["ed25519", "ecdsa"])
async def test_encrypted_identity_with_password(
    sshd: GitSSHServer, bare: Path, tmp_path: Path, kind: str
) -> None:
    key, public = ssh_keypair(passphrase="open-sesame-1", kind=kind)
    sshd.authorize(public)
    url = sshd.url(bare)
    data = {"identity": key, "known_hosts": sshd.known_hosts, "password": b"open-sesame-1"}
    clone = LocalClone(tmp_path / "clone")
    sha, _ = await clone.sync(url, auth_from_secret(url, data), CheckoutRef(branch="main"), None, 30)
    assert sha == git("rev-parse", "main", cwd=bare)

    with pytest.raises(AuthError, match="'password' is missing"):
        await clone.ls_remote(url, auth_from_secret(url, {**data, "password": b""}), "main", 30)
    with pytest.raises(AuthError, match="password is wrong") as info:
        await clone.ls_remote(url, auth_from_secret(url, {**data, "password": b"wrong-pass-9"}), "main", 30)
    assert "wrong-pass-9" not in str(info.value)


async def test_garbage_identity(sshd: GitSSHServer, bare: Path, tmp_path: Path) -> None:
    url = sshd.url(bare)
    auth = auth_from_secret(url, {"identity": b"not a key", "known_hosts": sshd.known_hosts})
    with pytest.raises(AuthError, match="failed to parse ssh identity"):
        await LocalClone(tmp_path / "clone").ls_remote(url, auth, "main", 30)
