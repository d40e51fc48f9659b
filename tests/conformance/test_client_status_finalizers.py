"""metadata.generation, the status subresource, finalizers and deletionTimestamp."""

from __future__ import annotations

from typing import Any

import pytest

from controller_runtime.client import Client, PatchType, errors

W = ("test.lookout.dev/v1", "Widget")


def widget(ns: str, name: str, **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": W[0],
        "kind": W[1],
        "metadata": {"name": name, "namespace": ns},
        "spec": {"image": "nginx:1", **spec},
    }


async def test_generation_moves_with_spec_only(client: Client, namespace: str) -> None:
    created = await client.create(widget(namespace, "w", replicas=1))
    assert created["metadata"]["generation"] == 1

    spec_change = await client.update(dict(created, spec={**created["spec"], "replicas": 2}))
    assert spec_change["metadata"]["generation"] == 2

    meta_change = await client.update(
        dict(spec_change, metadata={**spec_change["metadata"], "labels": {"team": "a"}})
    )
    assert meta_change["metadata"]["generation"] == 2
    assert meta_change["metadata"]["resourceVersion"] != spec_change["metadata"]["resourceVersion"]

    status_change = await client.update_status(dict(meta_change, status={"observedGeneration": 2}))
    assert status_change["metadata"]["generation"] == 2
    assert status_change["status"] == {"observedGeneration": 2}

    no_op = await client.update(status_change)
    assert no_op["metadata"]["generation"] == 2
    assert no_op["metadata"]["resourceVersion"] == status_change["metadata"]["resourceVersion"]


async def test_status_is_dropped_on_create_and_main_resource_update(client: Client, namespace: str) -> None:
    obj = widget(namespace, "s")
    obj["status"] = {"lastMessage": "set at create"}
    created = await client.create(obj)
    assert "lastMessage" not in (created.get("status") or {})

    with_status = await client.update_status(dict(created, status={"lastMessage": "from status"}))
    assert with_status["status"]["lastMessage"] == "from status"

    via_main = await client.update(dict(with_status, status={"lastMessage": "from main"}))
    assert via_main["status"]["lastMessage"] == "from status"


async def test_status_update_ignores_spec_changes(client: Client, namespace: str) -> None:
    created = await client.create(widget(namespace, "s", replicas=1))
    changed = dict(created, spec={**created["spec"], "replicas": 5}, status={"lastMessage": "hi"})
    result = await client.update_status(changed)
    assert result["spec"]["replicas"] == 1
    assert result["status"]["lastMessage"] == "hi"
    assert result["metadata"]["generation"] == 1


async def test_status_update_with_stale_resource_version_conflicts(client: Client, namespace: str) -> None:
    created = await client.create(widget(namespace, "s"))
    await client.update_status(dict(created, status={"lastMessage": "one"}))
    with pytest.raises(errors.ConflictError):
        await client.update_status(dict(created, status={"lastMessage": "two"}))


async def test_status_patch(client: Client, namespace: str) -> None:
    await client.create(widget(namespace, "p", replicas=1))
    patched = await client.patch(
        *W,
        "p",
        {"status": {"lastMessage": "patched"}, "spec": {"replicas": 9}},
        namespace,
        subresource="status",
    )
    assert patched["status"]["lastMessage"] == "patched"
    assert patched["spec"]["replicas"] == 1
    applied = await client.patch(
        *W,
        "p",
        {
            "apiVersion": W[0],
            "kind": W[1],
            "metadata": {"name": "p", "namespace": namespace},
            "status": {"observedGeneration": 1},
        },
        namespace,
        patch_type=PatchType.APPLY,
        field_manager="status-writer",
        subresource="status",
    )
    assert applied["status"]["observedGeneration"] == 1


async def test_configmap_has_no_status_subresource(client: Client, namespace: str) -> None:
    cm = await client.create(
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": namespace}}
    )
    with pytest.raises(errors.NotFoundError):
        await client.update_status(cm)


async def test_finalizer_holds_deletion_until_removed(client: Client, namespace: str) -> None:
    obj = widget(namespace, "f")
    obj["metadata"]["finalizers"] = ["test.lookout.dev/cleanup"]
    await client.create(obj)

    await client.delete(*W, "f", namespace)
    held = await client.get(*W, "f", namespace)
    assert held["metadata"]["deletionTimestamp"]
    assert held["metadata"]["deletionGracePeriodSeconds"] == 0
    assert held["metadata"]["finalizers"] == ["test.lookout.dev/cleanup"]

    # A second delete changes nothing; the object stays until its finalizers are gone.
    await client.delete(*W, "f", namespace)
    again = await client.get(*W, "f", namespace)
    assert again["metadata"]["deletionTimestamp"] == held["metadata"]["deletionTimestamp"]

    # Spec updates are still allowed while terminating; new finalizers are not.
    with pytest.raises(errors.InvalidError) as info:
        await client.update(
            dict(
                again,
                metadata={**again["metadata"], "finalizers": ["test.lookout.dev/cleanup", "x.dev/late"]},
            )
        )
    assert "no new finalizers can be added if the object is being deleted" in str(info.value)

    await client.update(dict(again, metadata={**again["metadata"], "finalizers": []}))
    with pytest.raises(errors.NotFoundError):
        await client.get(*W, "f", namespace)


async def test_finalizer_removed_by_patch_completes_deletion(client: Client, namespace: str) -> None:
    cm = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "c", "namespace": namespace, "finalizers": ["a.dev/x", "b.dev/y"]},
    }
    await client.create(cm)
    await client.delete("v1", "ConfigMap", "c", namespace)
    await client.patch(
        "v1",
        "ConfigMap",
        "c",
        [{"op": "remove", "path": "/metadata/finalizers/0"}],
        namespace,
        patch_type=PatchType.JSON,
    )
    still = await client.get("v1", "ConfigMap", "c", namespace)
    assert still["metadata"]["finalizers"] == ["b.dev/y"]
    await client.patch("v1", "ConfigMap", "c", {"metadata": {"finalizers": None}}, namespace)
    with pytest.raises(errors.NotFoundError):
        await client.get("v1", "ConfigMap", "c", namespace)
