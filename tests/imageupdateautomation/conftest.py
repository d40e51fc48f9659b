"""ImageUpdateAutomation tests: real Git servers, GitRepositories and ImagePolicies whose
`latestRef` the tests set directly (as upstream's suite does), and helpers to read the remote."""

from __future__ import annotations

import base64
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from controller_runtime.client import Client
from controller_runtime.fluxruntime import conditions
from tests.support.gitserver import GitHTTPServer, git
from tests.support.manager import run_manager
from tests.support.objects import events_of, has_event_of, wait_for_condition
from tests.support.wait import eventually

IUA = ("image.toolkit.fluxcd.io/v1", "ImageUpdateAutomation")
IP = ("image.toolkit.fluxcd.io/v1", "ImagePolicy")
GR = ("source.toolkit.fluxcd.io/v1", "GitRepository")
FAST = {"min_retry_delay": 0.05, "max_retry_delay": 1.0}
USER, PASSWORD = "flux", "git-s3cret-password"


@pytest.fixture
async def http_git(tmp_path: Path) -> AsyncIterator[GitHTTPServer]:
    async with GitHTTPServer(root=tmp_path / "remote", username=USER, password=PASSWORD) as server:
        yield server


def iua_manager(env: Any, namespace: str, tmp_path: Path, **overrides: Any) -> Any:
    """A manager running the automation controller, its clones under `tmp_path/data`."""
    return run_manager(env, ["imageupdateautomation"], namespace=namespace, storage_path=tmp_path / "data",
                       options_overrides={**FAST, **overrides})


def b64(value: str | bytes) -> str:
    return base64.b64encode(value.encode() if isinstance(value, str) else value).decode()


def secret(namespace: str, name: str, data: dict[str, bytes | str]) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name, "namespace": namespace},
            "data": {k: b64(v) for k, v in data.items()}}


def git_repository(namespace: str, name: str, url: str, **spec: Any) -> dict[str, Any]:
    return {"apiVersion": GR[0], "kind": GR[1], "metadata": {"name": name, "namespace": namespace},
            "spec": {"url": url, "interval": "1h", **spec}}


def automation(namespace: str, name: str, repo: str, **spec: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "sourceRef": {"kind": "GitRepository", "name": repo},
        "interval": "1h",
        "git": {
            "checkout": {"ref": {"branch": "main"}},
            "commit": {"author": {"name": "fluxbot", "email": "fluxbot@example.com"}},
            "push": {"branch": "main"},
        },
        "update": {"strategy": "Setters", "path": "./"},
    }
    body.update(spec)
    return {"apiVersion": IUA[0], "kind": IUA[1], "metadata": {"name": name, "namespace": namespace},
            "spec": body}


async def set_policy(
    client: Client, namespace: str, name: str, image: str, tag: str, digest: str = "",
    labels: dict[str, str] | None = None,
) -> None:
    """An ImagePolicy whose status says it chose `image:tag` (created if missing)."""
    try:
        await client.get(*IP, name, namespace=namespace)
    except Exception:
        await client.create({
            "apiVersion": IP[0], "kind": IP[1],
            "metadata": {"name": name, "namespace": namespace, "labels": labels or {}},
            "spec": {"imageRepositoryRef": {"name": "unused"}, "policy": {"semver": {"range": ">=0"}}},
        })
    ref: dict[str, str] = {"name": image, "tag": tag}
    if digest:
        ref["digest"] = digest
    await client.patch(*IP, name, {"status": {"latestRef": ref}}, namespace=namespace, subresource="status")


async def until(check: Callable[[], Awaitable[Any]], *, within: float = 40.0) -> Any:
    return await eventually(check, timeout=within)


async def get_auto(client: Client, namespace: str, name: str) -> dict[str, Any]:
    return dict(await client.get(*IUA, name, namespace=namespace))


async def wait_ready(
    client: Client, namespace: str, name: str, *, pushed: str | None = None, tag: str | None = None,
    within: float = 40.0,
) -> dict[str, Any]:
    """The automation once Ready for its generation; with `pushed`, once `lastPushCommit` is
    another commit; with `tag`, once some observed policy has that tag (the run saw it)."""

    last: list[dict[str, Any]] = []

    async def check() -> dict[str, Any] | None:
        obj = await get_auto(client, namespace, name)
        last[:] = [obj]
        if not conditions.is_ready(obj):
            return None
        if (obj.get("status") or {}).get("observedGeneration") != obj["metadata"]["generation"]:
            return None
        status = obj.get("status") or {}
        if pushed is not None and status.get("lastPushCommit") == pushed:
            return None
        tags = [p.get("tag") for p in (status.get("observedPolicies") or {}).values()]
        if tag is not None and tag not in tags:
            return None
        return obj

    try:
        result: dict[str, Any] = await until(check, within=within)
    except AssertionError as e:
        raise AssertionError(f"{e}; last seen status: {(last or [{}])[0].get('status')}") from None
    return result


async def wait_condition(
    client: Client, namespace: str, name: str, type_: str, status: str, reason: str, *, within: float = 40.0
) -> dict[str, Any]:
    return await wait_for_condition(client, IUA, namespace, name, type_, status, reason, within=within)


async def events_for(client: Client, namespace: str, name: str) -> list[dict[str, Any]]:
    return await events_of(client, IUA[1], namespace, name)


async def has_event(
    client: Client, namespace: str, name: str, type_: str, reason: str, prefix: str = ""
) -> bool:
    return await has_event_of(client, IUA[1], namespace, name, type_, reason, prefix)


def show(bare: Path, rev: str, path: str) -> str:
    """A file of a commit exactly as stored (CRLF kept, nothing stripped)."""
    done = subprocess.run(["git", "--git-dir", str(bare), "cat-file", "blob", f"{rev}:{path}"],
                          capture_output=True, check=True)
    return done.stdout.decode()


def head(bare: Path, branch: str = "main") -> str:
    return git("--git-dir", str(bare), "rev-parse", f"refs/heads/{branch}")


def log_message(bare: Path, rev: str) -> str:
    return git("--git-dir", str(bare), "log", "-1", "--format=%B", rev)


def verify_ssh_signature(workdir: Path, bare: Path, sha: str, public: str, email: str) -> str:
    """`git verify-commit` against allowed signers naming `email` with `public`; its report."""
    signers = workdir / "allowed_signers"
    signers.write_text(f'{email} namespaces="git" {public}\n')
    done = subprocess.run(
        ["git", "-c", f"gpg.ssh.allowedSignersFile={signers}", "verify-commit", sha],
        cwd=bare, env={"PATH": "/usr/bin:/bin", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(workdir)},
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr
