"""Every controller end to end against the real kube-apiserver: real CRD validation, RBAC-less
admin, status subresources, finalizers and events as a cluster applies them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from controller_runtime.client import Client, errors
from tests.imagepolicy.conftest import events_for as policy_events
from tests.imagepolicy.conftest import image_policy, wait_policy
from tests.imagerepository.conftest import (
    FAST,
    IR,
    PASSWORD,
    USER,
    events_for,
    image_repository,
    pull_secret,
    wait_ready,
)
from tests.support.manager import run_manager
from tests.support.registry import RegistryServer
from tests.support.wait import eventually


async def test_scan_select_and_follow_a_new_tag(
    env: Any, client: Client, namespace: str, basic_registry: RegistryServer, tmp_path: Path
) -> None:
    """A private repository is scanned with a pull secret, a semver policy picks its newest tag,
    and a tag pushed later is picked up after `reconcile.fluxcd.io/requestedAt`."""
    basic_registry.push_tags("e2e/app", ["v1.0.0", "v1.2.0", "v1.10.0", "latest"])
    await client.create(pull_secret(namespace, "creds", basic_registry.host, USER, PASSWORD))
    await client.create(image_repository(namespace, "app", basic_registry.image("e2e/app"),
                                         secretRef={"name": "creds"}))
    await client.create(image_policy(namespace, "app", {
        "imageRepositoryRef": {"name": "app"},
        "filterTags": {"pattern": r"^v(?P<version>[0-9.]+)$", "extract": "$version"},
        "policy": {"semver": {"range": ">=1.0.0"}},
    }))
    async with run_manager(env, ["imagerepository", "imagepolicy"], namespace=namespace,
                           storage_path=tmp_path, options_overrides=FAST):
        repo = await wait_ready(client, namespace, "app", tag_count=4)
        assert repo["metadata"]["finalizers"] == ["finalizers.fluxcd.io"]
        policy = await wait_policy(client, namespace, "app", tag="v1.10.0")
        assert policy["status"]["latestRef"] == {"name": basic_registry.image("e2e/app"), "tag": "v1.10.0"}

        await basic_registry.apush_tags("e2e/app", ["v2.0.0"])
        await client.patch(*IR, "app", {"metadata": {"annotations": {
            "reconcile.fluxcd.io/requestedAt": "2026-12-07T00:00:00.000000000Z"}}}, namespace=namespace)
        await wait_ready(client, namespace, "app", tag_count=5)
        await wait_policy(client, namespace, "app", tag="v2.0.0")
        repo = await client.get(*IR, "app", namespace=namespace)
        assert repo["status"]["lastHandledReconcileAt"] == "2026-12-07T00:00:00.000000000Z"

        assert any(e["type"] == "Normal" for e in await events_for(client, namespace, "app"))
        changed = [e["message"] for e in await policy_events(client, namespace, "app")]
        assert any("v2.0.0" in m for m in changed), changed

        # Deleting the repository runs the controller's finalizer on the real server too.
        await client.delete(*IR, "app", namespace=namespace)

        async def gone() -> bool:
            try:
                await client.get(*IR, "app", namespace=namespace)
            except errors.NotFoundError:
                return True
            return False

        await eventually(gone, message="ImageRepository deleted once its finalizer ran")
