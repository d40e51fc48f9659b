"""Credentials from Secrets: validation messages, redaction, and where secrets may (not) go."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from controllers.git import AuthError, GitError, auth_from_secret, display_url
from controllers.git.runner import redact


@pytest.mark.parametrize(
    ("url", "data", "message"),
    [
        ("ssh://git@example.com/repo.git", {}, "invalid 'ssh' auth option: 'identity' is required"),
        ("ssh://git@example.com/repo.git", None, "invalid 'ssh' auth option: 'identity' is required"),
        (
            "git@example.com:org/repo.git",
            {"identity": b"key"},
            "invalid 'ssh' auth option: 'known_hosts' is required",
        ),
        (
            "https://example.com/repo.git",
            {"password": b"pw"},
            "invalid 'https' auth option: 'password' requires 'username' to be set",
        ),
        (
            "https://example.com/repo.git",
            {"username": b"u", "password": b"pw", "bearerToken": b"t"},
            "'bearerToken' cannot be combined",
        ),
        ("https://example.com/repo.git", {"tls.crt": b"c"}, "'tls.crt' and 'tls.key' must be set together"),
        ("http://example.com/repo.git", {"ca.crt": b"c"}, "TLS certificates require an https URL"),
        ("ftp://example.com/repo.git", {}, "unsupported URL scheme 'ftp'"),
    ],
)
def test_invalid_secrets_are_refused_with_the_missing_key_named(
    url: str, data: dict[str, bytes] | None, message: str
) -> None:
    with pytest.raises(AuthError) as info:
        auth_from_secret(url, data)
    assert message in str(info.value)
    assert "pw" not in str(info.value)


def test_anonymous_and_transports() -> None:
    assert auth_from_secret("https://example.com/r.git", None).transport == "https"
    assert (
        auth_from_secret("git@example.com:org/r.git", {"identity": b"k", "known_hosts": b"h"}).transport
        == "ssh"
    )
    assert auth_from_secret("/srv/repo.git", None).transport == "file"
    with pytest.raises(GitError):
        auth_from_secret("/srv/repo.git", {"username": b"u"})


def test_proxy_only_for_http() -> None:
    auth = auth_from_secret("https://example.com/r.git", None).with_proxy("http://u:pw@proxy:3128")
    assert auth.proxy_url == "http://u:pw@proxy:3128"
    assert "pw" in auth.secrets()
    assert auth.with_proxy(None).proxy_url is None
    ssh = auth_from_secret("ssh://git@example.com/r.git", {"identity": b"k", "known_hosts": b"h"})
    with pytest.raises(AuthError, match="only supported for HTTP"):
        ssh.with_proxy("http://proxy:3128")


def test_repr_shows_no_secret() -> None:
    auth = auth_from_secret("https://example.com/r.git", {"username": b"user", "password": b"s3cr3t-pw"})
    assert "s3cr3t-pw" not in repr(auth)
    token = auth_from_secret("https://example.com/r.git", {"bearerToken": b"tok-123456"})
    assert "tok-123456" not in repr(token)


def test_display_url_strips_userinfo_but_keeps_the_ssh_user() -> None:
    assert display_url("https://user:pw@example.com/r.git") == "https://example.com/r.git"
    assert display_url("https://token@example.com:8443/r.git?x=1") == "https://example.com:8443/r.git?x=1"
    assert display_url("ssh://git:pw@example.com:22/r.git") == "ssh://git@example.com:22/r.git"
    assert display_url("git@example.com:org/r.git") == "git@example.com:org/r.git"


def test_redact_scrubs_urls_headers_tokens_and_known_values() -> None:
    text = (
        "fatal: unable to access 'https://bob:hunter2@example.com/r.git/': 401\n"
        "Authorization: Basic Ym9iOmh1bnRlcjI=\nbearer abc.def.ghi and the secret xyzzy-42"
    )
    out = redact(text, ["xyzzy-42"])
    for leaked in ("hunter2", "bob", "Ym9iOmh1bnRlcjI=", "abc.def.ghi", "xyzzy-42"):
        assert leaked not in out


async def test_credential_files_are_private_and_removed(tmp_path: Path) -> None:
    auth = auth_from_secret(
        "https://example.com/r.git",
        {"username": b"u", "password": b"pw-123", "ca.crt": b"CA", "tls.crt": b"C", "tls.key": b"K"},
    )
    async with auth.environment("https://u:other@example.com/r.git") as (url, env):
        assert url == "https://example.com/r.git"
        scratch = _check_private_files(env)
    assert not await asyncio.to_thread(scratch.exists)
    assert "pw-123" not in "".join(os.environ.values())


def _check_private_files(env: dict[str, str]) -> Path:
    askpass = Path(env["GIT_ASKPASS"])
    assert askpass.is_file()
    scratch = askpass.parent
    assert oct(scratch.stat().st_mode & 0o777) == oct(0o700)
    keys = [v for k, v in env.items() if k.startswith("GIT_CONFIG_VALUE_")]
    key_file = next(Path(v) for v in keys if v.endswith("tls.key"))
    assert key_file.stat().st_mode & 0o077 == 0
    assert env["GIT_TERMINAL_PROMPT"] == "0" and env["GIT_CONFIG_NOSYSTEM"] == "1"
    assert env["HOME"] == str(scratch)
    assert "pw-123" not in " ".join(keys)
    return scratch
