"""A persistent working clone driven by the `git` CLI: sync to a ref, commit, push.

The clone lives under the controller's storage path and is reused across reconciliations: a
sync fetches only what is missing (depth 1) instead of cloning again, and a clone that is
missing or broken is rebuilt from scratch. No remote is configured in `.git/config`; every
network command names the (userinfo-free) URL explicitly, so credentials can never be saved
there and a changed GitRepository URL needs no bookkeeping.
"""

from __future__ import annotations

import asyncio
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from controllers.git.auth import GitAuth, display_url
from controllers.git.errors import AuthError, GitError, NonFastForwardError
from controllers.git.runner import LOCAL_TIMEOUT, Completed, base_env, config_env, run_git, summarize
from controllers.git.signing import CommitSigning, scratch_dir
from controllers.policy.semver_range import ConstraintError, SemverRange
from controllers.policy.semver_version import LooseVersionError, VersionKey, parse_loose

#: Flux's default when neither the automation nor the GitRepository names a ref.
DEFAULT_BRANCH = "master"
#: Where fetched branches are kept locally (never a configured remote).
_REMOTE_PREFIX = "refs/remotes/origin/"
_CHECKOUT_REF = "refs/lookout/checkout"
_LOCKS: dict[Path, asyncio.Lock] = {}


@dataclass(frozen=True, slots=True)
class CheckoutRef:
    """Flux's GitRepositoryRef; the most specific field wins: commit > name > semver > tag > branch."""

    branch: str | None = None
    tag: str | None = None
    semver: str | None = None
    name: str | None = None
    commit: str | None = None

    @property
    def effective_branch(self) -> str | None:
        """The branch the checkout follows, if it follows one (a branch ref, or a commit on a branch)."""
        if self.name or self.semver or self.tag:
            return (
                self.name.removeprefix("refs/heads/")
                if self.name and self.name.startswith("refs/heads/")
                else None
            )
        if self.commit:
            return self.branch
        return self.branch or DEFAULT_BRANCH


class SyncResult(NamedTuple):
    """The commit now checked out, and the checkout ref's revision (`<ref>@sha1:<hex>`).

    With a different push branch that already exists, `commit` is that branch's head (new
    commits stack on it) while `revision` still names the checkout ref, which is what the
    "nothing changed" check compares with `ls_remote` next time.
    """

    commit: str
    revision: str


@dataclass(frozen=True, slots=True)
class PushResult:
    """What a push sent, with the event text Flux emits for it."""

    commit: str
    branch: str
    refspecs: tuple[str, ...] = ()
    message: str = ""
    forced: bool = False

    def summary(self) -> str:
        text = f"pushed commit '{self.commit[:7]}' to branch '{self.branch}'"
        if self.refspecs:
            text += " and refspecs " + ", ".join(f"'{r}'" for r in self.refspecs)
        if self.message:
            text += "\n" + self.message
        return text


@dataclass(slots=True)
class _Resolved:
    """A checkout ref resolved against the remote: what to fetch and what to call it."""

    ref_label: str | None  # the part before `@` in the revision; None for a bare commit
    commit: str | None  # known commit (from ls-remote), or None when only fetch can tell
    fetch_src: str | None  # remote ref to fetch, or None to fetch the commit itself
    fetch_dst: str
    remote_refs: dict[str, str] = field(default_factory=dict)
    pinned: str | None = None  # a commit asked for by SHA alone


def _lock_for(path: Path) -> asyncio.Lock:
    key = path.resolve()
    lock = _LOCKS.get(key)
    if lock is None:
        lock = _LOCKS[key] = asyncio.Lock()
    return lock


def _is_sha(text: str) -> bool:
    return 4 <= len(text) <= 64 and all(c in "0123456789abcdef" for c in text.lower())


class LocalClone:
    """One working clone on disk; operations on it are serialised by a per-path asyncio lock."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.lock = _lock_for(self.path)
        #: The local branch HEAD is on after `sync` (None: detached, e.g. a tag without a push branch).
        self.branch: str | None = None

    # ----------------------------------------------------------------- plumbing

    async def _local(
        self,
        *args: str,
        check: bool = True,
        input_data: bytes | None = None,
        env: dict[str, str] | None = None,
    ) -> Completed:
        async with scratch_dir() as home:
            full = base_env(home)
            if env:
                full.update(env)
            return await run_git(
                args, env=full, timeout=LOCAL_TIMEOUT, cwd=self.path, check=check, input_data=input_data
            )

    async def _remote(
        self,
        args: list[str],
        url: str,
        auth: GitAuth,
        timeout: float,  # noqa: ASYNC109
        *,
        cwd: Path | None = None,
        what: str,
        check: bool = True,
    ) -> Completed:
        """Run a network command; `{url}` in `args` becomes the URL git may see."""
        async with auth.environment(url) as (plain_url, env):
            argv = [plain_url if a == "{url}" else a for a in args]
            done = await run_git(
                argv,
                env=env,
                timeout=timeout,
                cwd=cwd,
                secrets=auth.secrets(),
                check=False,
                what=f"{what} for '{plain_url}'",
            )
        if check and done.returncode != 0:
            raise _classify(what, display_url(url), done, auth)
        return done

    async def _ls_remote(
        self,
        url: str,
        auth: GitAuth,
        patterns: list[str],
        timeout: float,  # noqa: ASYNC109
    ) -> dict[str, str]:
        done = await self._remote(
            ["ls-remote", "{url}", *patterns], url, auth, timeout, cwd=self.path.parent, what="git ls-remote"
        )
        refs: dict[str, str] = {}
        for line in done.stdout.splitlines():
            sha, _, name = line.partition("\t")
            if name:
                refs[name] = sha
        return refs

    # ----------------------------------------------------------------- public API

    async def ls_remote(self, url: str, auth: GitAuth, ref_name: str, timeout: float) -> str | None:  # noqa: ASYNC109
        """The remote's commit for branch `ref_name` (or a full `refs/...` name), None if absent."""
        full = ref_name if ref_name.startswith("refs/") else f"refs/heads/{ref_name}"
        await asyncio.to_thread(self.path.parent.mkdir, parents=True, exist_ok=True)
        refs = await self._ls_remote(url, auth, [full], timeout)
        return refs.get(full)

    async def sync(
        self,
        url: str,
        auth: GitAuth,
        checkout: CheckoutRef,
        push_branch: str | None,
        timeout: float,  # noqa: ASYNC109
    ) -> SyncResult:
        """Bring the working tree to the checkout ref (or the existing push branch), clean.

        One ls-remote resolves everything; objects already present are not fetched again.
        """
        async with self.lock:
            await self._ensure_repository()
            resolved = await self._resolve(url, auth, checkout, push_branch, timeout)
            commit = await self._fetch(url, auth, resolved, timeout)
            if checkout.commit and resolved.fetch_src is not None:
                # A commit pinned on a branch: it must be in the fetched branch's history.
                await self._fetch_commit_on_branch(url, auth, checkout.commit, resolved, timeout)
                commit = await self._rev_parse(checkout.commit)
            revision = f"{resolved.ref_label}@sha1:{commit}" if resolved.ref_label else f"sha1:{commit}"

            head = commit
            target_branch = push_branch or checkout.effective_branch
            own_branch = checkout.effective_branch
            if push_branch and push_branch != own_branch:
                push_head = resolved.remote_refs.get(f"refs/heads/{push_branch}")
                if push_head is not None:
                    head = await self._fetch(
                        url,
                        auth,
                        _Resolved(
                            push_branch, push_head, f"refs/heads/{push_branch}", _REMOTE_PREFIX + push_branch
                        ),
                        timeout,
                    )
            await self._checkout(head, target_branch)
            self.branch = target_branch
            await self._local("gc", "--auto", "--quiet", check=False)
            return SyncResult(head, revision)

    async def commit(
        self,
        message: str,
        author_name: str,
        author_email: str,
        signing: CommitSigning | None = None,
    ) -> str | None:
        """Stage every change (additions, edits, deletions) and commit; None when nothing changed."""
        async with self.lock:
            await self._local("add", "--all")
            staged = await self._local("diff", "--cached", "--quiet", check=False)
            if staged.returncode == 0:
                return None
            identity = {
                "GIT_AUTHOR_NAME": author_name,
                "GIT_AUTHOR_EMAIL": author_email,
                "GIT_COMMITTER_NAME": author_name,
                "GIT_COMMITTER_EMAIL": author_email,
            }
            async with scratch_dir() as scratch:
                env = base_env(scratch)
                env.update(identity)
                pairs: list[tuple[str, str]] = [("commit.gpgsign", "false")]
                args = ["commit", "--no-verify", "--quiet", "--cleanup=verbatim", "-F", "-"]
                secrets: list[str] = []
                if signing is None:
                    env.update(config_env(pairs))
                    await run_git(
                        args, env=env, timeout=LOCAL_TIMEOUT, cwd=self.path, input_data=message.encode()
                    )
                else:
                    secrets = signing.secrets()
                    async with signing.prepare(scratch) as setup:
                        env.update(setup.env)
                        env.update(config_env(setup.config))
                        done = await run_git(
                            [*args, "-S"],
                            env=env,
                            timeout=LOCAL_TIMEOUT,
                            cwd=self.path,
                            input_data=message.encode(),
                            secrets=secrets,
                            check=False,
                        )
                    if done.returncode != 0:
                        hint = await asyncio.to_thread(signing.failure_hint, scratch)
                        raise GitError(
                            f"failed to sign commit with {signing.kind} key: "
                            f"{hint or summarize(done.stderr or done.stdout, secrets)}"
                        )
            return await self._rev_parse("HEAD")

    async def push(
        self,
        url: str,
        auth: GitAuth,
        branch: str,
        refspec: str | None,
        options: list[str],
        timeout: float,  # noqa: ASYNC109
        force: bool = False,
    ) -> PushResult:
        """Push HEAD to `branch` (and `refspec`, if given) with push options.

        Raises NonFastForwardError when the remote branch moved; forces only when asked.
        """
        for option in options:
            if "\n" in option or "\0" in option:
                raise GitError("invalid push option: must be a single line")
        async with self.lock:
            head = await self._rev_parse("HEAD")
            refspecs = [f"HEAD:refs/heads/{branch}"]
            if refspec:
                refspecs.append(refspec)
            args = ["push", "--porcelain"]
            if force:
                args.append("--force")
            for option in options:
                args += ["--push-option", option]
            args += ["{url}", *refspecs]
            done = await self._remote(args, url, auth, timeout, cwd=self.path, what="git push", check=False)
            if done.returncode != 0 and "shallow update not allowed" in done.stderr:
                # The remote lacks history our shallow clone cut off: deepen and try once more.
                await self._remote(
                    [
                        "fetch",
                        "--unshallow",
                        "--no-tags",
                        "{url}",
                        f"+refs/heads/{branch}:{_REMOTE_PREFIX}{branch}",
                    ],
                    url,
                    auth,
                    timeout,
                    cwd=self.path,
                    what="git fetch --unshallow",
                    check=False,
                )
                done = await self._remote(
                    args, url, auth, timeout, cwd=self.path, what="git push", check=False
                )
            _check_push(done, display_url(url), branch, auth)
            await self._local("update-ref", _REMOTE_PREFIX + branch, head, check=False)
            message = (await self._local("log", "-1", "--format=%B", head)).stdout.rstrip("\n")
            return PushResult(head, branch, (refspec,) if refspec else (), message, force)

    # ----------------------------------------------------------------- sync steps

    async def _ensure_repository(self) -> None:
        """Init the clone if missing, rebuild it if git no longer recognises it, drop stale locks."""
        git_dir = self.path / ".git"
        healthy = False
        if await asyncio.to_thread(git_dir.is_dir):
            probe = await self._local("rev-parse", "--absolute-git-dir", check=False)
            healthy = probe.returncode == 0 and Path(probe.stdout.strip()) == git_dir.resolve()
            if healthy:
                fsck = await self._local("fsck", "--connectivity-only", "--no-dangling", "HEAD", check=False)
                head = await self._local("symbolic-ref", "-q", "HEAD", check=False)
                # An unborn HEAD (fresh init) has nothing to check; anything else must be intact.
                unborn = (
                    head.returncode == 0
                    and (await self._local("rev-parse", "-q", "--verify", "HEAD", check=False)).returncode
                    != 0
                )
                healthy = fsck.returncode == 0 or unborn
        if not healthy:
            await asyncio.to_thread(shutil.rmtree, self.path, True)
            await asyncio.to_thread(self.path.mkdir, parents=True, exist_ok=True)
            await self._local("init", "--quiet", "--initial-branch", "lookout-unborn")
        for name in ("index.lock", "shallow.lock", "HEAD.lock"):
            # We hold the clone's lock: any lock file left is from a killed git.
            await asyncio.to_thread((git_dir / name).unlink, True)

    async def _resolve(
        self,
        url: str,
        auth: GitAuth,
        ref: CheckoutRef,
        push_branch: str | None,
        timeout: float,  # noqa: ASYNC109
    ) -> _Resolved:
        patterns: list[str] = []
        branch = ref.effective_branch
        if ref.commit:
            if ref.branch:
                patterns.append(f"refs/heads/{ref.branch}")
        elif ref.name:
            patterns += [ref.name, f"{ref.name}^{{}}"]
        elif ref.semver:
            patterns.append("refs/tags/*")
        elif ref.tag:
            patterns += [f"refs/tags/{ref.tag}", f"refs/tags/{ref.tag}^{{}}"]
        elif branch:
            patterns.append(f"refs/heads/{branch}")
        if push_branch and push_branch != branch:
            patterns.append(f"refs/heads/{push_branch}")
        refs = await self._ls_remote(url, auth, patterns, timeout) if patterns else {}
        where = display_url(url)

        if ref.commit:
            if not _is_sha(ref.commit):
                raise GitError(f"invalid commit '{ref.commit}': must be a hexadecimal SHA-1")
            if ref.branch:
                tip = refs.get(f"refs/heads/{ref.branch}")
                if tip is None:
                    raise GitError(f"couldn't find remote ref 'refs/heads/{ref.branch}' in '{where}'")
                return _Resolved(
                    ref.branch, None, f"refs/heads/{ref.branch}", _REMOTE_PREFIX + ref.branch, refs
                )
            return _Resolved(None, None, None, _CHECKOUT_REF, refs, pinned=ref.commit)
        if ref.name:
            if not ref.name.startswith("refs/"):
                raise GitError(
                    f"invalid ref name '{ref.name}': must be a full reference like 'refs/heads/main'"
                )
            sha = refs.get(f"{ref.name}^{{}}") or refs.get(ref.name)
            if sha is None:
                raise GitError(f"couldn't find remote ref '{ref.name}' in '{where}'")
            return _Resolved(ref.name, sha, ref.name, _CHECKOUT_REF, refs)
        if ref.semver:
            tag = _best_semver_tag(ref.semver, refs)
            if tag is None:
                raise GitError(f"no match found for semver: {ref.semver}")
            sha = refs.get(f"refs/tags/{tag}^{{}}") or refs[f"refs/tags/{tag}"]
            return _Resolved(tag, sha, f"refs/tags/{tag}", f"refs/tags/{tag}", refs)
        if ref.tag:
            sha = refs.get(f"refs/tags/{ref.tag}^{{}}") or refs.get(f"refs/tags/{ref.tag}")
            if sha is None:
                raise GitError(f"couldn't find remote ref 'refs/tags/{ref.tag}' in '{where}'")
            return _Resolved(ref.tag, sha, f"refs/tags/{ref.tag}", f"refs/tags/{ref.tag}", refs)
        assert branch is not None
        sha = refs.get(f"refs/heads/{branch}")
        if sha is None:
            raise GitError(f"couldn't find remote ref 'refs/heads/{branch}' in '{where}'")
        return _Resolved(branch, sha, f"refs/heads/{branch}", _REMOTE_PREFIX + branch, refs)

    async def _has_commit(self, sha: str) -> bool:
        probe = await self._local("cat-file", "-e", f"{sha}^{{commit}}", check=False)
        return probe.returncode == 0

    async def _fetch(self, url: str, auth: GitAuth, r: _Resolved, timeout: float) -> str:  # noqa: ASYNC109
        """Fetch one ref (depth 1) unless its commit is already here; returns the commit."""
        if r.commit is not None and await self._has_commit(r.commit):
            await self._local("update-ref", r.fetch_dst, r.commit)
            return r.commit
        if r.fetch_src is None:
            # A bare commit: servers speaking protocol v2 (or allowing any SHA) hand it out
            # directly; otherwise every branch and tag has to come along to find it.
            pinned = r.pinned
            assert pinned is not None
            done = await self._remote(
                ["fetch", "--quiet", "--no-tags", "--depth", "1", "{url}", pinned],
                url,
                auth,
                timeout,
                cwd=self.path,
                what="git fetch",
                check=False,
            )
            if done.returncode != 0:
                await self._remote(
                    ["fetch", "--quiet", "--tags", "{url}", f"+refs/heads/*:{_REMOTE_PREFIX}*"],
                    url,
                    auth,
                    timeout,
                    cwd=self.path,
                    what="git fetch",
                )
            if not await self._has_commit(pinned):
                raise GitError(f"failed to resolve commit '{pinned}' in '{display_url(url)}'")
            sha = await self._rev_parse(pinned)
            await self._local("update-ref", r.fetch_dst, sha)
            return sha
        await self._remote(
            ["fetch", "--quiet", "--no-tags", "--depth", "1", "{url}", f"+{r.fetch_src}:{r.fetch_dst}"],
            url,
            auth,
            timeout,
            cwd=self.path,
            what="git fetch",
        )
        return await self._rev_parse(f"{r.fetch_dst}^{{commit}}")

    async def _fetch_commit_on_branch(
        self,
        url: str,
        auth: GitAuth,
        sha: str,
        r: _Resolved,
        timeout: float,  # noqa: ASYNC109
    ) -> None:
        """Deepen the branch until the pinned commit is part of it (or the history ends)."""
        if await self._has_commit(sha):
            ancestor = await self._local("merge-base", "--is-ancestor", sha, r.fetch_dst, check=False)
            if ancestor.returncode == 0:
                return
        deepen = ["--unshallow"] if await self._is_shallow() else []
        await self._remote(
            ["fetch", "--quiet", "--no-tags", *deepen, "{url}", f"+{r.fetch_src}:{r.fetch_dst}"],
            url,
            auth,
            timeout,
            cwd=self.path,
            what="git fetch",
        )
        if not await self._has_commit(sha):
            raise GitError(
                f"failed to resolve commit '{sha}' on branch '{r.ref_label}' in '{display_url(url)}'"
            )

    async def _is_shallow(self) -> bool:
        done = await self._local("rev-parse", "--is-shallow-repository")
        return done.stdout.strip() == "true"

    async def _rev_parse(self, rev: str) -> str:
        done = await self._local("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False)
        if done.returncode != 0:
            raise GitError(f"failed to resolve '{rev}' to a commit")
        return done.stdout.strip()

    async def _checkout(self, sha: str, branch: str | None) -> None:
        """Point HEAD (a branch, or detached) at `sha` and make the tree match it exactly."""
        if branch:
            await self._local("checkout", "--quiet", "--force", "-B", branch, sha)
        else:
            await self._local("checkout", "--quiet", "--force", "--detach", sha)
        await self._local("reset", "--quiet", "--hard", sha)
        await self._local("clean", "-ffdxq")


def _best_semver_tag(constraint: str, refs: dict[str, str]) -> str | None:
    try:
        check = SemverRange.parse(constraint).check
    except ConstraintError as e:
        raise GitError(f"semver parse error: {e}") from None
    best: tuple[VersionKey, str] | None = None
    for name in refs:
        if not name.startswith("refs/tags/") or name.endswith("^{}"):
            continue
        tag = name.removeprefix("refs/tags/")
        try:
            key, _ = parse_loose(tag)
        except LooseVersionError:
            continue
        if check(key) and (best is None or key > best[0]):
            best = (key, tag)
    return best[1] if best else None


def _classify(what: str, where: str, done: Completed, auth: GitAuth) -> GitError:
    """Turn git's failure into an error whose type and wording say what to fix."""
    err = done.stderr
    low = err.lower()
    detail = summarize(err or done.stdout, auth.secrets())
    if (
        "host key verification failed" in low
        or "remote host identification has changed" in low
        or ("host key" in low and "known" in low)
    ):
        return AuthError(
            f"{what} failed for '{where}': ssh host key verification failed: the server's key is not "
            f"in 'known_hosts' ({detail})"
        )
    if (
        "authentication failed" in low
        or "permission denied" in low
        or "could not read username" in low
        or "could not read password" in low
        or "returned error: 401" in low
        or "returned error: 403" in low
    ):
        return AuthError(f"{what} failed for '{where}': authentication failed ({detail})")
    if "certificate" in low and ("verif" in low or "problem" in low or "ssl" in low):
        return AuthError(f"{what} failed for '{where}': TLS certificate verification failed ({detail})")
    return GitError(f"{what} failed for '{where}': {detail}")


def _check_push(done: Completed, where: str, branch: str, auth: GitAuth) -> None:
    """Read `git push --porcelain` per-ref status; a rejected fast-forward gets its own error type."""
    rejected: list[str] = []
    for line in done.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and parts[0] == "!":
            rejected.append(f"{parts[1]} {parts[2]}")
            if any(k in parts[2] for k in ("non-fast-forward", "fetch first", "stale info")):
                raise NonFastForwardError(
                    f"git push failed for '{where}': the remote branch '{branch}' moved since it was fetched "
                    f"({redact_line(parts[2], auth)})",
                    branch,
                )
    if done.returncode != 0:
        detail = "; ".join(rejected) if rejected else summarize(done.stderr or done.stdout, auth.secrets())
        failure = _classify("git push", where, done, auth)
        if rejected:
            raise GitError(f"git push failed for '{where}': {redact_line(detail, auth)}")
        raise failure


def redact_line(text: str, auth: GitAuth) -> str:
    return summarize(text, auth.secrets())
