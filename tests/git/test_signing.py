"""Signed commits (OpenPGP and SSH), verified by `git verify-commit` on the pushed commit."""

from __future__ import annotations

import asyncio
import re
import subprocess
from pathlib import Path

import pytest

from controllers.git import CheckoutRef, GitError, LocalClone, auth_from_secret, signing_from_secret
from controllers.git.signing import CommitSigning
from tests.support.gitserver import GitHTTPServer, git, ssh_keypair

AUTHOR = ("Flux Bot", "flux@example.com")


def _gpg(home: Path, *args: str, passphrase: str = "") -> bytes:
    env = {"GNUPGHOME": str(home), "PATH": "/usr/bin:/bin"}
    argv = ["gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", passphrase, *args]
    return subprocess.run(argv, env=env, capture_output=True, check=True, timeout=60).stdout


def gpg_keys(home: Path, uid: str, passphrase: str = "", count: int = 1) -> tuple[bytes, bytes]:
    """(armored secret keys, armored public keys) of `count` fresh ed25519 signing keys."""
    home.mkdir(mode=0o700)
    for i in range(count):
        _gpg(home, "--quick-gen-key", f"{uid} {i}", "ed25519", "sign", "never", passphrase=passphrase)
    secret = _gpg(home, "--armor", "--export-secret-keys", passphrase=passphrase)
    public = _gpg(home, "--armor", "--export")
    subprocess.run(["gpgconf", "--kill", "all"], env={"GNUPGHOME": str(home)}, check=False, timeout=30)
    return secret, public


async def _commit_and_push(http: GitHTTPServer, tmp_path: Path, signing: CommitSigning) -> str:
    url = http.url("repo.git")
    auth = auth_from_secret(url, None)
    clone = LocalClone(tmp_path / "clone")
    await clone.sync(url, auth, CheckoutRef(branch="main"), None, 30)
    (clone.path / "README.md").write_text("signed change\n")
    sha = await clone.commit("signed", *AUTHOR, signing)
    assert sha is not None
    await clone.push(url, auth, "main", None, [], 30)
    return sha


def _no_agent_left() -> None:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            assert not (b"gpg-agent" in cmdline and b"lookout-git-" in cmdline), cmdline


@pytest.mark.parametrize("passphrase", ["", "gpg-pass-42"])
async def test_gpg_signed_commit_verifies(
    http: GitHTTPServer, bare: Path, tmp_path: Path, passphrase: str
) -> None:
    secret, public = gpg_keys(tmp_path / "keygen", "Flux Bot <flux@example.com>", passphrase)
    data = {"git.asc": secret}
    if passphrase:
        data["passphrase"] = passphrase.encode()
    sha = await _commit_and_push(http, tmp_path, signing_from_secret("gpg", data))

    out = await asyncio.to_thread(_verify_gpg, tmp_path, bare, sha, public)
    assert out.returncode == 0, out.stderr
    assert "GOODSIG" in out.stderr
    _no_agent_left()


def _verify_gpg(tmp_path: Path, bare: Path, sha: str, public: bytes) -> subprocess.CompletedProcess[str]:
    """`git verify-commit` with a keyring that holds only the public key."""
    verify_home = tmp_path / "verify"
    verify_home.mkdir(mode=0o700)
    _gpg(verify_home, "--import", input_file(tmp_path / "pub.asc", public))
    env = {
        "GNUPGHOME": str(verify_home),
        "PATH": "/usr/bin:/bin",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(tmp_path),
    }
    try:
        return subprocess.run(
            ["git", "verify-commit", "--raw", sha],
            cwd=bare,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        subprocess.run(["gpgconf", "--kill", "all"], env=env, check=False, timeout=30)


def _verify_ssh(tmp_path: Path, bare: Path, sha: str, public: str) -> subprocess.CompletedProcess[str]:
    """`git verify-commit` against an allowed-signers file naming the committer."""
    signers = tmp_path / "allowed_signers"
    signers.write_text(f'flux@example.com namespaces="git" {public}\n')
    return subprocess.run(
        ["git", "-c", f"gpg.ssh.allowedSignersFile={signers}", "verify-commit", sha],
        cwd=bare,
        env={"PATH": "/usr/bin:/bin", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def input_file(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


async def test_gpg_key_problems(http: GitHTTPServer, bare: Path, tmp_path: Path) -> None:
    protected, _ = gpg_keys(tmp_path / "one", "Bot <bot@example.com>", "right-pass")
    url = http.url("repo.git")
    clone = LocalClone(tmp_path / "clone")
    await clone.sync(url, auth_from_secret(url, None), CheckoutRef(branch="main"), None, 30)

    async def attempt(signing: CommitSigning) -> str:
        (clone.path / "README.md").write_text(f"attempt {id(signing)}\n")
        with pytest.raises(GitError) as info:
            await clone.commit("x", *AUTHOR, signing)
        return str(info.value)

    message = await attempt(signing_from_secret("gpg", {"git.asc": protected}))
    assert message == (
        "failed to sign commit with gpg key: can not use passphrase protected signing key without "
        "'passphrase' field present in secret"
    )
    message = await attempt(signing_from_secret("gpg", {"git.asc": protected, "passphrase": b"wrong-pw-31"}))
    assert message == "failed to sign commit with gpg key: the 'passphrase' does not unlock the signing key"
    two, _ = gpg_keys(tmp_path / "two", "Bot <bot@example.com>", count=2)
    assert "multiple entities" in await attempt(signing_from_secret("gpg", {"git.asc": two}))
    assert "holds no private key" in await attempt(signing_from_secret("gpg", {"git.asc": b"garbage"}))
    # Nothing was committed by the failed attempts.
    assert git("rev-parse", "HEAD", cwd=clone.path) == git("rev-parse", "main", cwd=bare)
    _no_agent_left()


def test_signing_secret_validation() -> None:
    with pytest.raises(GitError, match=re.escape("does not contain a 'git.asc' key")):
        signing_from_secret("gpg", {})
    with pytest.raises(GitError, match="does not contain an 'identity' key"):
        signing_from_secret("ssh", {})
    with pytest.raises(GitError, match="unsupported signing key type 'x509'"):
        signing_from_secret("x509", {"identity": b"k"})
    assert signing_from_secret("", {"git.asc": b"k"}).kind == "gpg"


@pytest.mark.parametrize(
    ("kind", "password"),
    [("ed25519", None), ("ecdsa", None), ("rsa", None), ("ed25519", "ssh-sign-pw")],
)
async def test_ssh_signed_commit_verifies(
    http: GitHTTPServer, bare: Path, tmp_path: Path, kind: str, password: str | None
) -> None:
    private, public = ssh_keypair(password, kind)
    data = {"identity": private}
    if password:
        data["password"] = password.encode()
    sha = await _commit_and_push(http, tmp_path, signing_from_secret("ssh", data))
    out = await asyncio.to_thread(_verify_ssh, tmp_path, bare, sha, public)
    assert out.returncode == 0, out.stderr
    assert 'Good "git" signature for flux@example.com' in out.stderr


async def test_ssh_signing_key_problems(http: GitHTTPServer, bare: Path, tmp_path: Path) -> None:
    private, _ = ssh_keypair("the-pass")
    url = http.url("repo.git")
    clone = LocalClone(tmp_path / "clone")
    await clone.sync(url, auth_from_secret(url, None), CheckoutRef(branch="main"), None, 30)
    (clone.path / "README.md").write_text("x\n")
    with pytest.raises(GitError, match="'password' is missing"):
        await clone.commit("x", *AUTHOR, signing_from_secret("ssh", {"identity": private}))
    with pytest.raises(GitError, match="password is wrong") as info:
        await clone.commit(
            "x", *AUTHOR, signing_from_secret("ssh", {"identity": private, "password": b"nope-pw-77"})
        )
    assert "nope-pw-77" not in str(info.value)
