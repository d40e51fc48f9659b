"""Upstream's remaining ImageUpdateAutomation scenarios (flux-reference section 7): no marker no
update, the GitRepository's ref as the checkout fallback, checking out a tag and pushing to a
branch, the defaulted update strategy, an allowed cross-namespace source, and HTTP through a proxy."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from controller_runtime.client import Client
from controller_runtime.fluxruntime import conditions
from tests.imageupdateautomation.conftest import (
    FAST,
    IUA,
    PASSWORD,
    USER,
    automation,
    get_auto,
    git_repository,
    has_event,
    head,
    iua_manager,
    secret,
    set_policy,
    show,
    until,
    wait_ready,
)
from tests.registry.proxy import ForwardProxy
from tests.support.gitserver import GitHTTPServer, git, init_bare_repo
from tests.support.manager import run_manager

MARKED = 'image: registry.example/web:1.0.0 # {"$imagepolicy": "NS:web"}\n'


async def test_no_marker_means_no_commit(
    env: Any, client: Client, namespace: str, http_git: GitHTTPServer, tmp_path: Path
) -> None:
    bare = http_git.root / "plain.git"
    first = await asyncio.to_thread(
        init_bare_repo, bare, {"deploy.yaml": b"image: registry.example/web:1.0.0\n"}
    )
    async with iua_manager(env, namespace, tmp_path):
        await client.create(secret(namespace, "creds", {"username": USER, "password": PASSWORD}))
        await client.create(
            git_repository(namespace, "repo", http_git.url("plain.git"), secretRef={"name": "creds"})
        )
        await set_policy(client, namespace, "web", "registry.example/web", "1.1.0")
        await client.create(automation(namespace, "auto", "repo"))
        obj = await wait_ready(client, namespace, "auto", tag="1.1.0")
        assert head(bare) == first
        assert "lastPushCommit" not in obj["status"]
        assert obj["status"]["observedSourceRevision"] == f"main@sha1:{first}"


async def test_repository_ref_fallback_tag_checkout_and_default_strategy(
    env: Any, client: Client, namespace: str, http_git: GitHTTPServer, tmp_path: Path
) -> None:
    bare = http_git.root / "tagged.git"
    start = await asyncio.to_thread(
        init_bare_repo, bare, {"deploy.yaml": MARKED.replace("NS", namespace).encode()}, "develop"
    )
    git("--git-dir", str(bare), "tag", "v1.0.0", start)
    async with iua_manager(env, namespace, tmp_path):
        await client.create(secret(namespace, "creds", {"username": USER, "password": PASSWORD}))
        # No checkout ref in the automation: the GitRepository's branch is used.
        await client.create(
            git_repository(
                namespace,
                "repo",
                http_git.url("tagged.git"),
                secretRef={"name": "creds"},
                ref={"branch": "develop"},
            )
        )
        await set_policy(client, namespace, "web", "registry.example/web", "1.1.0")
        fallback = automation(namespace, "fallback", "repo")
        del fallback["spec"]["git"]["checkout"]
        del fallback["spec"]["git"]["push"]
        del fallback["spec"]["update"]  # the CRD's default: Setters over the whole checkout
        await client.create(fallback)
        obj = await wait_ready(client, namespace, "fallback", tag="1.1.0")
        stored = await client.get(*IUA, "fallback", namespace=namespace)
        assert stored["spec"]["update"] == {"strategy": "Setters"}
        assert obj["status"]["lastPushCommit"] == head(bare, "develop")
        assert "registry.example/web:1.1.0" in show(bare, head(bare, "develop"), "deploy.yaml")

        # Checked out from a tag, pushed to a new branch made from it.
        await set_policy(client, namespace, "web", "registry.example/web", "1.2.0")
        from_tag = automation(namespace, "from-tag", "repo")
        from_tag["spec"]["git"]["checkout"] = {"ref": {"tag": "v1.0.0"}}
        from_tag["spec"]["git"]["push"] = {"branch": "release-updates"}
        await client.create(from_tag)
        await wait_ready(client, namespace, "from-tag", tag="1.2.0")
        pushed = head(bare, "release-updates")
        assert git("--git-dir", str(bare), "rev-parse", f"{pushed}^") == start
        assert "registry.example/web:1.2.0" in show(bare, pushed, "deploy.yaml")


async def test_cross_namespace_source_allowed_by_default_and_proxy(
    env: Any, client: Client, namespace: str, http_git: GitHTTPServer, tmp_path: Path
) -> None:
    bare = http_git.root / "shared.git"
    await asyncio.to_thread(init_bare_repo, bare, {"deploy.yaml": MARKED.replace("NS", namespace).encode()})
    other = f"{namespace}-src"
    await client.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": other}})
    # A manager watching every namespace (`--watch-all-namespaces`, the default), as deployed.
    manager = run_manager(
        env, ["imageupdateautomation"], storage_path=tmp_path / "data", options_overrides=FAST
    )
    async with ForwardProxy().running() as proxy, manager:
        await client.create(secret(other, "creds", {"username": USER, "password": PASSWORD}))
        await client.create(secret(other, "proxy", {"address": proxy.url}))
        await client.create(
            git_repository(
                other,
                "repo",
                http_git.url("shared.git"),
                secretRef={"name": "creds"},
                proxySecretRef={"name": "proxy"},
            )
        )
        await set_policy(client, namespace, "web", "registry.example/web", "1.1.0")
        spec = automation(namespace, "auto", "repo")
        spec["spec"]["sourceRef"]["namespace"] = other
        await client.create(spec)
        obj = await wait_ready(client, namespace, "auto", tag="1.1.0")
        assert obj["status"]["lastPushCommit"] == head(bare)
        assert any(str(http_git.port) in target for target in proxy.targets), proxy.targets


async def test_source_in_an_unwatched_namespace_says_so(
    env: Any, client: Client, namespace: str, http_git: GitHTTPServer, tmp_path: Path
) -> None:
    async with iua_manager(env, namespace, tmp_path):
        spec = automation(namespace, "auto", "repo")
        spec["spec"]["sourceRef"]["namespace"] = "elsewhere"
        await client.create(spec)

        async def failed() -> str:
            obj = await get_auto(client, namespace, "auto")
            ready = conditions.get(obj, "Ready") or {}
            return str(ready.get("message", "")) if ready.get("reason") == "SourceManagerFailed" else ""

        message = await until(failed)
        assert message.startswith(
            "failed configuring source manager: failed to get GitRepository 'elsewhere/repo': "
        )


async def test_a_spec_change_is_applied_though_nothing_else_moved(
    env: Any, client: Client, namespace: str, http_git: GitHTTPServer, tmp_path: Path
) -> None:
    """Neither the policies nor the branch head move, but `update.path` widens: the next run
    does the work (the one-ls-remote shortcut is only for a run that changes nothing)."""
    bare = http_git.root / "widen.git"
    marked = MARKED.replace("NS", namespace).encode()
    await asyncio.to_thread(init_bare_repo, bare, {"dev/deploy.yaml": marked, "prod/deploy.yaml": marked})
    async with iua_manager(env, namespace, tmp_path):
        await client.create(secret(namespace, "creds", {"username": USER, "password": PASSWORD}))
        await client.create(
            git_repository(namespace, "repo", http_git.url("widen.git"), secretRef={"name": "creds"})
        )
        await set_policy(client, namespace, "web", "registry.example/web", "1.1.0")
        await client.create(
            automation(namespace, "auto", "repo", update={"strategy": "Setters", "path": "./dev"})
        )
        obj = await wait_ready(client, namespace, "auto", tag="1.1.0")
        first = obj["status"]["lastPushCommit"]
        assert "registry.example/web:1.0.0" in show(bare, first, "prod/deploy.yaml")

        await client.patch(*IUA, "auto", {"spec": {"update": {"path": "./"}}}, namespace=namespace)
        obj = await wait_ready(client, namespace, "auto", pushed=first)
        second = obj["status"]["lastPushCommit"]
        assert second == head(bare)
        assert "registry.example/web:1.1.0" in show(bare, second, "prod/deploy.yaml")


async def test_unparsable_marked_files_are_skipped_and_reported(
    env: Any, client: Client, namespace: str, http_git: GitHTTPServer, tmp_path: Path
) -> None:
    bare = http_git.root / "broken.git"
    marked = MARKED.replace("NS", namespace).encode()
    broken = b"key: [unclosed\n" + marked
    await asyncio.to_thread(init_bare_repo, bare, {"good.yaml": marked, "broken.yaml": broken})
    async with iua_manager(env, namespace, tmp_path):
        await client.create(secret(namespace, "creds", {"username": USER, "password": PASSWORD}))
        await client.create(
            git_repository(namespace, "repo", http_git.url("broken.git"), secretRef={"name": "creds"})
        )
        await set_policy(client, namespace, "web", "registry.example/web", "1.1.0")
        await client.create(automation(namespace, "auto", "repo"))
        obj = await wait_ready(client, namespace, "auto", tag="1.1.0")
        pushed = obj["status"]["lastPushCommit"]
        assert "registry.example/web:1.1.0" in show(bare, pushed, "good.yaml")
        assert show(bare, pushed, "broken.yaml") == broken.decode()
        await until(
            lambda: has_event(
                client,
                namespace,
                "auto",
                "Normal",
                "SkippedFiles",
                "skipped 1 files that could not be parsed: broken.yaml (",
            )
        )
