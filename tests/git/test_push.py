"""Commit and push: same branch, new branch, stacking on an existing push branch, refspecs,
push options, non-fast-forward detection and the push summary."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from controllers.git import (
    CheckoutRef,
    GitError,
    LocalClone,
    NonFastForwardError,
    PushResult,
    auth_from_secret,
)
from tests.support.gitserver import GitHTTPServer, commit_files, git

AUTHOR = ("Flux Bot", "flux@example.com")


def _edit(clone: Path, text: str) -> None:
    (clone / "deploy" / "app.yaml").write_text(text)


async def _setup(
    http: GitHTTPServer, tmp_path: Path, push_branch: str | None = None
) -> tuple[LocalClone, str]:
    url = http.url("repo.git")
    clone = LocalClone(tmp_path / "clone")
    await clone.sync(url, auth_from_secret(url, None), CheckoutRef(branch="main"), push_branch, 30)
    return clone, url


async def test_push_to_the_same_branch(http: GitHTTPServer, bare: Path, tmp_path: Path) -> None:
    clone, url = await _setup(http, tmp_path)
    base = git("rev-parse", "main", cwd=bare)
    _edit(clone.path, "image: app:1.1.0 # marker\n")
    (clone.path / "added.yaml").write_text("a: 1\n")
    (clone.path / "README.md").unlink()
    sha = await clone.commit("Update image\n\nbody line", *AUTHOR)
    assert sha is not None
    result = await clone.push(url, auth_from_secret(url, None), "main", None, [], 30)
    assert result == PushResult(sha, "main", (), "Update image\n\nbody line", False)
    assert result.summary() == f"pushed commit '{sha[:7]}' to branch 'main'\nUpdate image\n\nbody line"
    assert git("rev-parse", "main", cwd=bare) == sha
    assert git("rev-parse", f"{sha}^", cwd=bare) == base
    assert git("show", "-s", "--format=%an <%ae>|%cn <%ce>", sha, cwd=bare) == (
        "Flux Bot <flux@example.com>|Flux Bot <flux@example.com>"
    )
    assert git("ls-tree", "--name-only", "-r", sha, cwd=bare).split() == ["added.yaml", "deploy/app.yaml"]


async def test_nothing_to_commit_returns_none(http: GitHTTPServer, bare: Path, tmp_path: Path) -> None:
    clone, _ = await _setup(http, tmp_path)
    assert await clone.commit("noop", *AUTHOR) is None
    _edit(clone.path, "image: app:1.0.0 # marker\n")  # rewritten with the same content
    assert await clone.commit("noop", *AUTHOR) is None


async def test_push_to_a_new_branch_starts_from_the_checkout(
    http: GitHTTPServer, bare: Path, tmp_path: Path
) -> None:
    clone, url = await _setup(http, tmp_path, push_branch="auto/updates")
    assert clone.branch == "auto/updates"
    _edit(clone.path, "image: app:2.0.0 # marker\n")
    sha = await clone.commit("bump", *AUTHOR)
    assert sha is not None
    result = await clone.push(url, auth_from_secret(url, None), "auto/updates", None, [], 30)
    assert result.summary().startswith(f"pushed commit '{sha[:7]}' to branch 'auto/updates'")
    assert git("rev-parse", "auto/updates^", cwd=bare) == git("rev-parse", "main", cwd=bare)


async def test_an_existing_push_branch_is_stacked_on(http: GitHTTPServer, bare: Path, tmp_path: Path) -> None:
    main = git("rev-parse", "main", cwd=bare)
    git("branch", "auto", "main", cwd=bare)
    earlier = commit_files(bare, "auto", {"earlier.txt": b"from a previous run"}, "earlier update")
    url = http.url("repo.git")
    clone = LocalClone(tmp_path / "clone")
    sha, revision = await clone.sync(url, auth_from_secret(url, None), CheckoutRef(branch="main"), "auto", 30)
    assert sha == earlier
    assert revision == f"main@sha1:{main}"  # the checkout ref's revision, for the "unchanged" check
    assert (clone.path / "earlier.txt").exists()
    _edit(clone.path, "image: app:3.0.0 # marker\n")
    new = await clone.commit("stacked", *AUTHOR)
    await clone.push(url, auth_from_secret(url, None), "auto", None, [], 30)
    assert git("rev-parse", "auto^", cwd=bare) == earlier
    assert git("rev-parse", "auto", cwd=bare) == new


async def test_push_from_a_tag_checkout_creates_the_branch(
    http: GitHTTPServer, bare: Path, tmp_path: Path
) -> None:
    git("tag", "v1.0.0", "main", cwd=bare)
    commit_files(bare, "main", {"later.txt": b"x"}, "later")
    url = http.url("repo.git")
    clone = LocalClone(tmp_path / "clone")
    sha, revision = await clone.sync(
        url, auth_from_secret(url, None), CheckoutRef(tag="v1.0.0"), "release", 30
    )
    assert revision == f"v1.0.0@sha1:{sha}"
    _edit(clone.path, "image: app:1.0.1 # marker\n")
    new = await clone.commit("patch", *AUTHOR)
    await clone.push(url, auth_from_secret(url, None), "release", None, [], 30)
    assert git("rev-parse", "release", cwd=bare) == new
    assert git("rev-parse", "release^", cwd=bare) == git("rev-parse", "v1.0.0", cwd=bare)


async def test_a_tag_checkout_without_push_branch_is_detached(
    http: GitHTTPServer, bare: Path, tmp_path: Path
) -> None:
    git("tag", "v1.0.0", "main", cwd=bare)
    url = http.url("repo.git")
    clone = LocalClone(tmp_path / "clone")
    await clone.sync(url, auth_from_secret(url, None), CheckoutRef(tag="v1.0.0"), None, 30)
    assert clone.branch is None
    assert git("rev-parse", "--abbrev-ref", "HEAD", cwd=clone.path) == "HEAD"


async def test_refspec_is_pushed_too(http: GitHTTPServer, bare: Path, tmp_path: Path) -> None:
    clone, url = await _setup(http, tmp_path)
    _edit(clone.path, "image: app:4.0.0 # marker\n")
    sha = await clone.commit("with refspec", *AUTHOR)
    assert sha is not None
    refspec = "refs/heads/main:refs/heads/flux-image-updates"
    result = await clone.push(url, auth_from_secret(url, None), "main", refspec, [], 30)
    assert git("rev-parse", "main", cwd=bare) == sha
    assert git("rev-parse", "flux-image-updates", cwd=bare) == sha
    assert result.summary() == (
        f"pushed commit '{sha[:7]}' to branch 'main' and refspecs "
        "'refs/heads/main:refs/heads/flux-image-updates'\nwith refspec"
    )


async def test_push_options_reach_the_server(http: GitHTTPServer, bare: Path, tmp_path: Path) -> None:
    seen = bare.parent / "push-options.txt"
    hook = bare / "hooks" / "pre-receive"
    hook.write_text(
        "#!/bin/sh\ni=0\nwhile [ $i -lt ${GIT_PUSH_OPTION_COUNT:-0} ]; do\n"
        f'  eval "echo \\$GIT_PUSH_OPTION_$i" >> {seen}\n  i=$((i+1))\ndone\ncat >/dev/null\n'
    )
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    clone, url = await _setup(http, tmp_path)
    _edit(clone.path, "image: app:5.0.0 # marker\n")
    await clone.commit("opts", *AUTHOR)
    options = ["merge_request.create", "merge_request.target=main"]
    await clone.push(url, auth_from_secret(url, None), "main", None, options, 30)
    assert seen.read_text().splitlines() == options
    with pytest.raises(GitError, match="single line"):
        await clone.push(url, auth_from_secret(url, None), "main", None, ["a\nb"], 30)


async def test_a_moved_remote_is_a_non_fast_forward_and_sync_recovers(
    http: GitHTTPServer, bare: Path, tmp_path: Path
) -> None:
    clone, url = await _setup(http, tmp_path)
    _edit(clone.path, "image: app:6.0.0 # marker\n")
    await clone.commit("mine", *AUTHOR)
    theirs = commit_files(bare, "main", {"theirs.txt": b"t"}, "someone else")
    auth = auth_from_secret(url, None)
    with pytest.raises(NonFastForwardError) as info:
        await clone.push(url, auth, "main", None, [], 30)
    assert info.value.branch == "main"
    assert git("rev-parse", "main", cwd=bare) == theirs  # never forced

    sha, _ = await clone.sync(url, auth, CheckoutRef(branch="main"), None, 30)
    assert sha == theirs
    _edit(clone.path, "image: app:6.0.0 # marker\n")
    mine = await clone.commit("mine, again", *AUTHOR)
    await clone.push(url, auth, "main", None, [], 30)
    assert git("rev-parse", "main^", cwd=bare) == theirs
    assert git("rev-parse", "main", cwd=bare) == mine


async def test_force_push_overwrites_a_stale_branch(http: GitHTTPServer, bare: Path, tmp_path: Path) -> None:
    git("branch", "auto", "main", cwd=bare)
    commit_files(bare, "auto", {"stale.txt": b"s"}, "stale")
    url = http.url("repo.git")
    auth = auth_from_secret(url, None)
    clone = LocalClone(tmp_path / "clone")
    await clone.sync(url, auth, CheckoutRef(branch="main"), None, 30)  # single-branch: not stacked
    _edit(clone.path, "image: app:7.0.0 # marker\n")
    sha = await clone.commit("fresh", *AUTHOR)
    with pytest.raises(NonFastForwardError):
        await clone.push(url, auth, "auto", None, [], 30)
    result = await clone.push(url, auth, "auto", None, [], 30, force=True)
    assert result.forced
    assert git("rev-parse", "auto", cwd=bare) == sha


async def test_a_rejected_push_is_a_git_error(http: GitHTTPServer, bare: Path, tmp_path: Path) -> None:
    hook = bare / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'policy says no' >&2\nexit 1\n")
    hook.chmod(0o755)
    clone, url = await _setup(http, tmp_path)
    _edit(clone.path, "image: app:8.0.0 # marker\n")
    await clone.commit("denied", *AUTHOR)
    with pytest.raises(GitError) as info:
        await clone.push(url, auth_from_secret(url, None), "main", None, [], 30)
    assert not isinstance(info.value, NonFastForwardError)
    assert "pre-receive hook declined" in str(info.value)


def test_summary_formats() -> None:
    assert PushResult("0123456789abcdef", "main").summary() == "pushed commit '0123456' to branch 'main'"
    assert (
        PushResult("0123456789abcdef", "b", ("HEAD:refs/for/main",), "msg").summary()
        == "pushed commit '0123456' to branch 'b' and refspecs 'HEAD:refs/for/main'\nmsg"
    )
