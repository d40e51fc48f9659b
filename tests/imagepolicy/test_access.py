"""Cross-namespace references: the repository's owner grants access by namespace labels,
and `--no-cross-namespace-refs` forbids them outright (upstream's AccessDenied messages)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from controller_runtime.client import Client
from tests.imagepolicy.conftest import FAST, image_policy, image_repository, wait_policy
from tests.support.manager import run_manager
from tests.support.registry import RegistryServer

SEMVER = {"semver": {"range": ">=1.0.0"}}


@pytest.fixture
async def namespaces(client: Client) -> AsyncIterator[dict[str, str]]:
    """Three fresh namespaces: `apps` (the repositories), `team-a` (labelled), `other`."""
    suffix = uuid.uuid4().hex[:8]
    names = {"apps": f"apps-{suffix}", "team-a": f"team-a-{suffix}", "other": f"other-{suffix}"}
    labels = {"team-a": {"tenant": f"a-{suffix}"}}
    for key, name in names.items():
        meta: dict[str, Any] = {"name": name, "labels": labels.get(key, {})}
        await client.create({"apiVersion": "v1", "kind": "Namespace", "metadata": meta})
    yield names
    for name in names.values():
        try:
            await client.delete("v1", "Namespace", name)
        except Exception:  # already gone
            pass


def _labelled(obj: dict[str, Any], shard: str) -> dict[str, Any]:
    """Objects carry the test's shard label: the manager watches all namespaces, but only these."""
    obj["metadata"]["labels"] = {"lookout.test/shard": shard}
    return obj


async def _policy(client: Client, namespace: str, name: str, repo_ns: str, repo: str, shard: str) -> None:
    ref = {"name": repo, "namespace": repo_ns}
    spec = {"imageRepositoryRef": ref, "policy": SEMVER}
    await client.create(_labelled(image_policy(namespace, name, spec), shard))


async def test_access_from_namespace_labels(
    env: Any, client: Client, namespaces: dict[str, str], registry: RegistryServer, storage: Path
) -> None:
    path = f"acl-{uuid.uuid4().hex[:8]}"
    await registry.apush_tags(path, ["1.0.0", "1.2.0"])
    shard = uuid.uuid4().hex[:8]
    apps, team_a, other = namespaces["apps"], namespaces["team-a"], namespaces["other"]
    tenant = f"a-{apps.removeprefix('apps-')}"
    overrides = {**FAST, "watch_label_selector": f"lookout.test/shard={shard}"}
    async with run_manager(env, ["imagerepository", "imagepolicy"], storage_path=storage,
                           options_overrides=overrides):
        shared = image_repository(apps, "shared", registry.image(path),
                                  accessFrom={"namespaceSelectors": [{"matchLabels": {"tenant": tenant}}]})
        await client.create(_labelled(shared, shard))
        await client.create(_labelled(image_repository(apps, "private", registry.image(path)), shard))
        everyone = image_repository(apps, "public", registry.image(path),
                                    accessFrom={"namespaceSelectors": [{"matchLabels": {}}]})
        await client.create(_labelled(everyone, shard))

        await _policy(client, team_a, "granted", apps, "shared", shard)
        await _policy(client, other, "mismatch", apps, "shared", shard)
        await _policy(client, team_a, "no-acl", apps, "private", shard)
        await _policy(client, other, "public", apps, "public", shard)
        await _policy(client, apps, "same-namespace", apps, "private", shard)

        await wait_policy(client, team_a, "granted", tag="1.2.0")
        await wait_policy(client, other, "public", tag="1.2.0")
        await wait_policy(client, apps, "same-namespace", tag="1.2.0")
        await wait_policy(
            client, other, "mismatch", status="False", reason="AccessDenied",
            message=f"failed to get the referred ImageRepository: access denied: '{apps}/shared' can't be "
                    f"accessed due to ACL labels mismatch on namespace '{other}'",
        )
        denied = await wait_policy(
            client, team_a, "no-acl", status="False", reason="AccessDenied",
            message=f"failed to get the referred ImageRepository: access denied: '{apps}/private' can't be "
                    "accessed due to missing ACL labels on 'accessFrom'",
        )
        assert "latestRef" not in denied["status"]

        # Labelling the namespace grants access; the retry picks it up.
        await client.patch("v1", "Namespace", other, {"metadata": {"labels": {"tenant": tenant}}})
        await wait_policy(client, other, "mismatch", tag="1.2.0")


async def test_no_cross_namespace_refs(
    env: Any, client: Client, namespaces: dict[str, str], registry: RegistryServer, storage: Path
) -> None:
    path = f"acl-{uuid.uuid4().hex[:8]}"
    await registry.apush_tags(path, ["1.0.0"])
    shard = uuid.uuid4().hex[:8]
    apps, team_a = namespaces["apps"], namespaces["team-a"]
    overrides = {**FAST, "no_cross_namespace_refs": True,
                 "watch_label_selector": f"lookout.test/shard={shard}"}
    async with run_manager(env, ["imagerepository", "imagepolicy"], storage_path=storage,
                           options_overrides=overrides):
        everyone = image_repository(apps, "public", registry.image(path),
                                    accessFrom={"namespaceSelectors": [{"matchLabels": {}}]})
        await client.create(_labelled(everyone, shard))
        await _policy(client, team_a, "blocked", apps, "public", shard)
        await _policy(client, apps, "local", apps, "public", shard)

        await wait_policy(client, apps, "local", tag="1.0.0")
        await wait_policy(
            client, team_a, "blocked", status="False", reason="AccessDenied",
            message="failed to get the referred ImageRepository: cannot access "
                    f"'ImageRepository/{apps}/public', cross-namespace references have been blocked",
        )
