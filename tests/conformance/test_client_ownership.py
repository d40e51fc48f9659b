"""ownerReferences and deletion propagation (Background, Foreground, Orphan).

The API server marks owners (deletionTimestamp, the foregroundDeletion/orphan
finalizers); kube-controller-manager's garbage collector then acts on dependents.
Go envtest's real control plane runs no controller manager, so in "binaries" mode
only the API server's part can be observed; the embedded server and real clusters
("existing") collect garbage.
"""

from __future__ import annotations

from typing import Any

import pytest

from controller_runtime.client import Client, errors
from tests.support.wait import eventually


def configmap(ns: str, name: str, owner: dict[str, Any] | None = None, block: bool = False) -> dict[str, Any]:
    md: dict[str, Any] = {"name": name, "namespace": ns}
    if owner is not None:
        md["ownerReferences"] = [
            {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "name": owner["metadata"]["name"],
                "uid": owner["metadata"]["uid"],
                "controller": True,
                "blockOwnerDeletion": block,
            }
        ]
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": md}


def collects_garbage(env: Any) -> bool:
    return env.mode != "binaries"


async def missing(client: Client, name: str, ns: str) -> bool:
    try:
        await client.get("v1", "ConfigMap", name, ns)
    except errors.NotFoundError:
        return True
    return False


async def test_background_deletion_collects_dependents(env: Any, client: Client, namespace: str) -> None:
    parent = await client.create(configmap(namespace, "parent"))
    child = await client.create(configmap(namespace, "child", parent))
    assert child["metadata"]["ownerReferences"][0]["uid"] == parent["metadata"]["uid"]

    await client.delete("v1", "ConfigMap", "parent", namespace, propagation_policy="Background")
    assert await missing(client, "parent", namespace)
    if collects_garbage(env):
        await eventually(lambda: missing(client, "child", namespace), message="child collected")


async def test_foreground_deletion_waits_for_dependents(env: Any, client: Client, namespace: str) -> None:
    parent = await client.create(configmap(namespace, "parent"))
    child = configmap(namespace, "child", parent, block=True)
    child["metadata"]["finalizers"] = ["test.lookout.dev/hold"]
    await client.create(child)

    await client.delete("v1", "ConfigMap", "parent", namespace, propagation_policy="Foreground")
    held = await client.get("v1", "ConfigMap", "parent", namespace)
    assert held["metadata"]["deletionTimestamp"]
    assert "foregroundDeletion" in held["metadata"]["finalizers"]
    if not collects_garbage(env):
        return

    async def child_terminating() -> bool:
        got = await client.get("v1", "ConfigMap", "child", namespace)
        return bool(got["metadata"].get("deletionTimestamp"))

    await eventually(child_terminating, message="child marked for deletion")
    # The owner waits for its blocking dependent, which our finalizer keeps alive.
    assert not await missing(client, "parent", namespace)
    await client.patch("v1", "ConfigMap", "child", {"metadata": {"finalizers": None}}, namespace)
    await eventually(lambda: missing(client, "parent", namespace), message="parent deleted after child")


async def test_orphan_deletion_keeps_dependents(env: Any, client: Client, namespace: str) -> None:
    parent = await client.create(configmap(namespace, "parent"))
    await client.create(configmap(namespace, "child", parent))

    await client.delete("v1", "ConfigMap", "parent", namespace, propagation_policy="Orphan")
    if not collects_garbage(env):
        held = await client.get("v1", "ConfigMap", "parent", namespace)
        assert "orphan" in held["metadata"]["finalizers"]
        return
    await eventually(lambda: missing(client, "parent", namespace), message="parent deleted")
    orphan = await client.get("v1", "ConfigMap", "child", namespace)
    assert not orphan["metadata"].get("ownerReferences")


async def test_invalid_propagation_policy_is_rejected(client: Client, namespace: str) -> None:
    await client.create(configmap(namespace, "p"))
    with pytest.raises(errors.InvalidError):
        await client.delete("v1", "ConfigMap", "p", namespace, propagation_policy="Sideways")
