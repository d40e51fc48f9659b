"""Clone, commit and push over smart HTTP(S): basic auth, bearer tokens, TLS, and what must not leak."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest

from controllers.git import AuthError, CheckoutRef, GitError, LocalClone, auth_from_secret
from tests.support.gitserver import GitHTTPServer, SilentServer, TLSMaterial, git

PASSWORD = "pa55-w0rd-Zq"
TOKEN = "tok-9f8e7d6c5b4a"


def _assert_not_in_clone(clone: Path, *secrets: str) -> None:
    """No file of the clone's .git directory (config, FETCH_HEAD, logs...) holds a secret."""
    for path in (clone / ".git").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in secrets:
                assert secret.encode() not in data, f"{secret!r} found in {path}"


async def _round_trip(url: str, auth_data: dict[str, bytes], tmp_path: Path, bare: Path) -> str:
    auth = auth_from_secret(url, auth_data)
    clone = LocalClone(tmp_path / "clone")
    sha, revision = await clone.sync(url, auth, CheckoutRef(branch="main"), None, 30)
    assert revision == f"main@sha1:{sha}"
    assert (tmp_path / "clone" / "README.md").read_text() == "hello\n"
    (tmp_path / "clone" / "README.md").write_text("changed\n")
    new = await clone.commit("update", "bot", "bot@example.com", None)
    assert new is not None
    result = await clone.push(url, auth, "main", None, [], 30)
    assert result.commit == new
    assert git("rev-parse", "refs/heads/main", cwd=bare) == new
    return new


async def test_basic_auth_round_trip_keeps_credentials_out_of_the_clone(
    srv_root: Path, bare: Path, tmp_path: Path
) -> None:
    async with GitHTTPServer(srv_root, username="bob", password=PASSWORD) as server:
        await _round_trip(
            server.url("repo.git"), {"username": b"bob", "password": PASSWORD.encode()}, tmp_path, bare
        )
        assert all(r.authorized for r in server.requests if r.method == "POST")
    _assert_not_in_clone(tmp_path / "clone", PASSWORD, "bob:")
    assert PASSWORD not in "".join(os.environ.values())


async def test_credentials_in_the_url_are_used_but_never_stored(
    srv_root: Path, bare: Path, tmp_path: Path
) -> None:
    async with GitHTTPServer(srv_root, username="bob", password=PASSWORD) as server:
        url = server.url("repo.git").replace("http://", f"http://bob:{PASSWORD}@")
        await _round_trip(url, {}, tmp_path, bare)
    _assert_not_in_clone(tmp_path / "clone", PASSWORD)


async def test_wrong_password_is_an_auth_error_without_the_password(
    srv_root: Path, bare: Path, tmp_path: Path
) -> None:
    async with GitHTTPServer(srv_root, username="bob", password=PASSWORD) as server:
        url = server.url("repo.git")
        auth = auth_from_secret(url, {"username": b"bob", "password": b"wrong-guess-77"})
        clone = LocalClone(tmp_path / "clone")
        with pytest.raises(AuthError) as info:
            await clone.sync(url, auth, CheckoutRef(branch="main"), None, 30)
        assert "authentication failed" in str(info.value)
        assert "wrong-guess-77" not in str(info.value)
        with pytest.raises(AuthError):
            await clone.ls_remote(url, auth_from_secret(url, None), "main", 30)


async def test_bearer_token(srv_root: Path, bare: Path, tmp_path: Path) -> None:
    async with GitHTTPServer(srv_root, bearer_token=TOKEN) as server:
        url = server.url("repo.git")
        await _round_trip(url, {"bearerToken": TOKEN.encode()}, tmp_path, bare)
        # The header goes out with the first request: no 401 round trip.
        assert all(r.authorized for r in server.requests)
        with pytest.raises(AuthError) as info:
            await LocalClone(tmp_path / "other").ls_remote(
                url, auth_from_secret(url, {"bearerToken": b"tok-wrong-000"}), "main", 30
            )
        assert "tok-wrong-000" not in str(info.value)
    _assert_not_in_clone(tmp_path / "clone", TOKEN)


async def test_tls_with_ca_and_client_certificate(srv_root: Path, bare: Path, tmp_path: Path) -> None:
    tls = TLSMaterial.generate()
    async with GitHTTPServer(
        srv_root, username="bob", password=PASSWORD, tls=tls, require_client_cert=True
    ) as srv:
        url = srv.url("repo.git")
        assert url.startswith("https://")
        data = {
            "username": b"bob",
            "password": PASSWORD.encode(),
            "ca.crt": tls.ca_pem,
            "tls.crt": tls.client_cert_pem,
            "tls.key": tls.client_key_pem,
        }
        await _round_trip(url, data, tmp_path, bare)
        _assert_not_in_clone(tmp_path / "clone", PASSWORD, "PRIVATE KEY")


async def test_tls_without_the_ca_is_refused(srv_root: Path, bare: Path, tmp_path: Path) -> None:
    tls = TLSMaterial.generate()
    async with GitHTTPServer(srv_root, tls=tls) as server:
        url = server.url("repo.git")
        clone = LocalClone(tmp_path / "clone")
        with pytest.raises(AuthError, match="certificate"):
            await clone.ls_remote(url, auth_from_secret(url, None), "main", 30)
        assert await clone.ls_remote(url, auth_from_secret(url, {"ca.crt": tls.ca_pem}), "main", 30)


async def test_ls_remote_is_the_only_traffic_when_nothing_changed(
    http: GitHTTPServer, bare: Path, tmp_path: Path
) -> None:
    url = http.url("repo.git")
    auth = auth_from_secret(url, None)
    clone = LocalClone(tmp_path / "clone")
    first, _ = await clone.sync(url, auth, CheckoutRef(branch="main"), None, 30)

    http.requests.clear()
    assert await clone.ls_remote(url, auth, "main", 30) == first
    ls_remote_requests = list(http.requests)
    assert [r.method for r in ls_remote_requests] == ["GET", "POST"]  # ref advertisement + ls-refs

    # A sync with the commit already present resolves the ref and fetches nothing.
    http.requests.clear()
    assert (await clone.sync(url, auth, CheckoutRef(branch="main"), None, 30)).commit == first
    assert http.requests == ls_remote_requests
    assert await clone.ls_remote(url, auth, "nope", 30) is None


async def test_large_pushes_stream_and_fetch_requests_may_be_gzipped(
    http: GitHTTPServer, bare: Path, tmp_path: Path
) -> None:
    url = http.url("repo.git")
    auth = auth_from_secret(url, None)
    clone = LocalClone(tmp_path / "clone")
    await clone.sync(url, auth, CheckoutRef(branch="main"), None, 30)
    (tmp_path / "clone" / "blob.bin").write_bytes(os.urandom(3 << 20))  # above http.postBuffer
    await clone.commit("big", "bot", "bot@example.com", None)
    await clone.push(url, auth, "main", None, [], 60)
    assert any(r.chunked for r in http.requests if r.path.endswith("git-receive-pack"))
    assert git("cat-file", "-s", "main:blob.bin", cwd=bare) == str(3 << 20)

    # Many wants make a request body over 1KiB, which git sends gzip-compressed.
    for i in range(40):
        git("branch", f"b{i:02d}", "main", cwd=bare)
    http.requests.clear()
    env = {"GIT_TERMINAL_PROMPT": "0"}
    await asyncio.to_thread(git, "clone", "--quiet", "--mirror", url, str(tmp_path / "mirror"), env=env)
    assert any(r.content_encoding == "gzip" for r in http.requests)
    assert git("rev-parse", "b39", cwd=tmp_path / "mirror") == git("rev-parse", "main", cwd=bare)


async def test_a_hung_server_times_out_and_leaves_no_process(tmp_path: Path) -> None:
    async with SilentServer() as silent:
        url = f"http://127.0.0.1:{silent.port}/repo.git"
        auth = auth_from_secret(url, {"bearerToken": TOKEN.encode()})
        clone = LocalClone(tmp_path / "clone")
        started = time.monotonic()
        with pytest.raises(GitError, match="timed out after 1s") as info:
            await clone.ls_remote(url, auth, "main", 1)
        assert time.monotonic() - started < 10
        assert TOKEN not in str(info.value)
        assert not _processes_mentioning(f":{silent.port}/")


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


async def test_secrets_are_not_on_command_lines_and_cancel_kills_git(tmp_path: Path) -> None:
    async with SilentServer() as silent:
        url = f"http://127.0.0.1:{silent.port}/repo.git"
        marker = f":{silent.port}/"
        auth = auth_from_secret(url, {"bearerToken": TOKEN.encode()})
        task = asyncio.create_task(LocalClone(tmp_path / "clone").ls_remote(url, auth, "main", 60))
        from tests.support.wait import eventually

        pids: list[int] = await eventually(lambda: _processes_mentioning(marker), message="git running")
        for pid in pids:
            assert TOKEN.encode() not in (Path("/proc") / str(pid) / "cmdline").read_bytes()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert not _processes_mentioning(marker)


async def test_operator_git_environment_does_not_apply(
    http: GitHTTPServer, bare: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIT_DIR, injected config and a global config in HOME must not redirect the controller's git."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text('[url "http://127.0.0.1:1/"]\n\tinsteadOf = http://\n')
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "core.hooksPath")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", str(tmp_path / "hooks"))
    url = http.url("repo.git")
    clone = LocalClone(tmp_path / "clone")
    sha, _ = await clone.sync(url, auth_from_secret(url, None), CheckoutRef(branch="main"), None, 30)
    assert sha == git("rev-parse", "main", cwd=bare)
    assert not (tmp_path / "elsewhere").exists()


async def test_proxy_carries_the_traffic(http: GitHTTPServer, bare: Path, tmp_path: Path) -> None:
    """With a proxy set, git talks to the proxy (here one that never answers), not to the server."""
    url = http.url("repo.git")
    async with SilentServer() as proxy:
        auth = auth_from_secret(url, None).with_proxy(f"http://user:proxy-pw-5@127.0.0.1:{proxy.port}")
        http.requests.clear()
        with pytest.raises(GitError, match="timed out") as info:
            await LocalClone(tmp_path / "clone").ls_remote(url, auth, "main", 2)
        assert "proxy-pw-5" not in str(info.value)
        assert http.requests == []
    assert await LocalClone(tmp_path / "clone").ls_remote(url, auth.with_proxy(None), "main", 30)


async def test_concurrent_operations_on_one_clone_are_serialised(
    http: GitHTTPServer, bare: Path, tmp_path: Path
) -> None:
    url = http.url("repo.git")
    auth = auth_from_secret(url, None)
    clones = [LocalClone(tmp_path / "clone") for _ in range(4)]
    results = await asyncio.gather(
        *(c.sync(url, auth, CheckoutRef(branch="main"), f"b{i}", 30) for i, c in enumerate(clones))
    )
    assert len({r.commit for r in results}) == 1
    assert clones[0].lock is clones[3].lock
