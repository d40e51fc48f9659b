"""Sync: which commit each kind of checkout ref selects, and reuse/rebuild of the persistent clone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from controllers.git import CheckoutRef, GitError, LocalClone, auth_from_secret
from tests.support.gitserver import GitHTTPServer, commit_files, git, init_bare_repo


def _tag(bare: Path, name: str, rev: str = "main", annotated: bool = False) -> None:
    if annotated:
        env = {"GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.com"}
        git("tag", "-a", "-m", name, name, rev, cwd=bare, env=env)
    else:
        git("tag", name, rev, cwd=bare)


@pytest.fixture
def history(bare: Path) -> dict[str, str]:
    """main: c0 - c1 - c2, tags on each; a `dev` branch off c1."""
    c0 = git("rev-parse", "main", cwd=bare)
    c1 = commit_files(bare, "main", {"v.txt": b"1"}, "one")
    c2 = commit_files(bare, "main", {"v.txt": b"2"}, "two")
    git("branch", "dev", c1, cwd=bare)
    dev = commit_files(bare, "dev", {"dev.txt": b"d"}, "dev work")
    _tag(bare, "v1.0.0", c0)
    _tag(bare, "v1.2.0", c1, annotated=True)
    _tag(bare, "v2.0.0-rc.1", c2)
    _tag(bare, "not-semver", c2)
    return {"c0": c0, "c1": c1, "c2": c2, "dev": dev}


async def _sync(
    server: GitHTTPServer, path: Path, ref: CheckoutRef, push: str | None = None
) -> tuple[str, str]:
    url = server.url("repo.git")
    sha, revision = await LocalClone(path).sync(url, auth_from_secret(url, None), ref, push, 30)
    assert git("rev-parse", "HEAD", cwd=path) == sha
    assert git("status", "--porcelain", cwd=path) == ""
    return sha, revision


@pytest.mark.parametrize(
    ("ref", "want", "revision"),
    [
        (CheckoutRef(branch="main"), "c2", "main@sha1:{}"),
        (CheckoutRef(branch="dev"), "dev", "dev@sha1:{}"),
        (CheckoutRef(tag="v1.0.0"), "c0", "v1.0.0@sha1:{}"),
        (CheckoutRef(tag="v1.2.0"), "c1", "v1.2.0@sha1:{}"),  # annotated: the peeled commit
        (CheckoutRef(semver=">=1.0.0"), "c1", "v1.2.0@sha1:{}"),  # the rc is a prerelease
        (CheckoutRef(semver=">=2.0.0-0"), "c2", "v2.0.0-rc.1@sha1:{}"),
        (CheckoutRef(semver="~1.0"), "c0", "v1.0.0@sha1:{}"),
        (CheckoutRef(name="refs/heads/dev"), "dev", "refs/heads/dev@sha1:{}"),
        (CheckoutRef(name="refs/tags/v1.2.0"), "c1", "refs/tags/v1.2.0@sha1:{}"),
        (CheckoutRef(commit="c1"), "c1", "sha1:{}"),
        (CheckoutRef(branch="main", commit="c0"), "c0", "main@sha1:{}"),
        # precedence: commit > name > semver > tag > branch
        (
            CheckoutRef(branch="main", tag="v1.0.0", semver="*", name="refs/heads/dev", commit="c1"),
            "c1",
            "main@sha1:{}",
        ),
        (
            CheckoutRef(branch="main", tag="v1.0.0", semver=">=1.0.0", name="refs/heads/dev"),
            "dev",
            "refs/heads/dev@sha1:{}",
        ),
        (CheckoutRef(branch="main", tag="v1.0.0", semver=">=1.0.0"), "c1", "v1.2.0@sha1:{}"),
        (CheckoutRef(branch="dev", tag="v1.0.0"), "c0", "v1.0.0@sha1:{}"),
    ],
)
async def test_checkout_ref_kinds(
    http: GitHTTPServer, history: dict[str, str], tmp_path: Path, ref: CheckoutRef, want: str, revision: str
) -> None:
    if ref.commit:
        ref = CheckoutRef(ref.branch, ref.tag, ref.semver, ref.name, history[ref.commit])
    sha, rev = await _sync(http, tmp_path / "clone", ref)
    assert sha == history[want]
    assert rev == revision.format(sha)


async def test_default_branch_is_master(srv_root: Path, tmp_path: Path) -> None:
    sha = init_bare_repo(srv_root / "repo.git", {"a": b"a"}, branch="master")
    async with GitHTTPServer(srv_root) as server:
        assert await _sync(server, tmp_path / "clone", CheckoutRef()) == (sha, f"master@sha1:{sha}")


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        (CheckoutRef(branch="nope"), "couldn't find remote ref 'refs/heads/nope'"),
        (CheckoutRef(tag="v9"), "couldn't find remote ref 'refs/tags/v9'"),
        (CheckoutRef(semver=">=5.0.0"), "no match found for semver: >=5.0.0"),
        (CheckoutRef(semver="not a range!"), "semver parse error"),
        (CheckoutRef(name="dev"), "must be a full reference"),
        (CheckoutRef(commit="0123456789abcdef0123456789abcdef01234567"), "failed to resolve commit"),
        (CheckoutRef(commit="zzz"), "must be a hexadecimal SHA-1"),
    ],
)
async def test_unresolvable_refs(
    http: GitHTTPServer, history: dict[str, str], tmp_path: Path, ref: CheckoutRef, message: str
) -> None:
    with pytest.raises(GitError, match=message.replace("(", r"\(")):
        await _sync(http, tmp_path / "clone", ref)


async def test_commit_must_be_on_the_named_branch(
    http: GitHTTPServer, history: dict[str, str], tmp_path: Path
) -> None:
    with pytest.raises(GitError, match="failed to resolve commit"):
        await _sync(http, tmp_path / "clone", CheckoutRef(branch="main", commit=history["dev"]))


async def test_the_clone_is_reused_and_cleaned(http: GitHTTPServer, bare: Path, tmp_path: Path) -> None:
    path = tmp_path / "clone"
    first, _ = await _sync(http, path, CheckoutRef(branch="main"))
    assert git("rev-parse", "--is-shallow-repository", cwd=path) == "true"
    marker = path / ".git" / "lookout-marker"
    marker.write_text("still here")
    inode = (path / ".git").stat().st_ino

    # Local edits and stray files are wiped; the remote moved, so the new commit is fetched.
    (path / "README.md").write_text("local edit")
    (path / "untracked.txt").write_text("junk")
    (path / "ignored-dir").mkdir()
    moved = commit_files(bare, "main", {"new.txt": b"new"}, "moved")
    sha, rev = await _sync(http, path, CheckoutRef(branch="main"))
    assert (sha, rev) == (moved, f"main@sha1:{moved}")
    assert (path / "README.md").read_text() == "hello\n"
    assert not (path / "untracked.txt").exists()
    assert (path / "new.txt").read_text() == "new"
    assert marker.read_text() == "still here"
    assert (path / ".git").stat().st_ino == inode
    assert first != sha


@pytest.mark.parametrize("damage", ["delete-dir", "delete-git", "corrupt-head", "drop-objects", "stale-lock"])
async def test_a_broken_clone_is_rebuilt(
    http: GitHTTPServer, bare: Path, tmp_path: Path, damage: str
) -> None:
    path = tmp_path / "clone"
    sha, _ = await _sync(http, path, CheckoutRef(branch="main"))
    if damage == "delete-dir":
        shutil.rmtree(path)
    elif damage == "delete-git":
        shutil.rmtree(path / ".git")
    elif damage == "corrupt-head":
        (path / ".git" / "HEAD").write_text("garbage\n")
    elif damage == "drop-objects":
        shutil.rmtree(path / ".git" / "objects")
        (path / ".git" / "objects").mkdir()
    else:
        (path / ".git" / "index.lock").write_text("")
    assert (await _sync(http, path, CheckoutRef(branch="main")))[0] == sha
    assert (path / "README.md").read_text() == "hello\n"


async def test_commit_checkout_on_a_protocol_v0_server(
    srv_root: Path, history: dict[str, str], tmp_path: Path
) -> None:
    """Without protocol v2 a server hands out only advertised tips: the whole history is fetched instead."""
    async with GitHTTPServer(srv_root, protocol_v2=False) as server:
        sha, rev = await _sync(server, tmp_path / "clone", CheckoutRef(commit=history["c1"]))
        assert (sha, rev) == (history["c1"], f"sha1:{history['c1']}")
        # The fallback fetched every branch (a v2 server would have sent just the commit).
        assert git("rev-parse", "refs/remotes/origin/dev", cwd=tmp_path / "clone") == history["dev"]
        sha, _ = await _sync(server, tmp_path / "clone", CheckoutRef(branch="main", commit=history["c0"]))
        assert sha == history["c0"]
