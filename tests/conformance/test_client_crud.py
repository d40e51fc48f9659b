"""Create/get/update/delete through the client, with kube-apiserver's answers and messages."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from controller_runtime.client import Client, errors


def configmap(ns: str, name: str, **data: str) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": name, "namespace": ns},
        "data": data,
    }


def widget(ns: str, name: str, **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "test.lookout.dev/v1",
        "kind": "Widget",
        "metadata": {"name": name, "namespace": ns},
        "spec": {"image": "nginx:1", **spec},
    }


async def test_create_fills_server_metadata(client: Client, namespace: str) -> None:
    created = await client.create(configmap(namespace, "cm", a="1"))
    md = created["metadata"]
    assert md["name"] == "cm" and md["namespace"] == namespace
    assert md["uid"] and md["resourceVersion"] and md["creationTimestamp"].endswith("Z")
    assert created["data"] == {"a": "1"}
    fetched = await client.get("v1", "ConfigMap", "cm", namespace)
    assert fetched["metadata"]["uid"] == md["uid"]
    assert fetched["metadata"]["resourceVersion"] == md["resourceVersion"]
    assert (fetched["apiVersion"], fetched["kind"]) == ("v1", "ConfigMap")


async def test_generate_name(client: Client, namespace: str) -> None:
    obj = configmap(namespace, "")
    del obj["metadata"]["name"]
    obj["metadata"]["generateName"] = "gen-"
    created = await client.create(obj)
    name = created["metadata"]["name"]
    assert name.startswith("gen-") and len(name) == len("gen-") + 5


async def test_get_missing_is_not_found(client: Client, namespace: str) -> None:
    with pytest.raises(errors.NotFoundError) as info:
        await client.get("v1", "ConfigMap", "missing", namespace)
    assert str(info.value) == 'configmaps "missing" not found'
    assert info.value.status == 404
    with pytest.raises(errors.NotFoundError) as cr:
        await client.get("test.lookout.dev/v1", "Widget", "missing", namespace)
    assert str(cr.value) == 'widgets.test.lookout.dev "missing" not found'


async def test_create_twice_is_already_exists(client: Client, namespace: str) -> None:
    await client.create(configmap(namespace, "dup"))
    with pytest.raises(errors.AlreadyExistsError) as info:
        await client.create(configmap(namespace, "dup"))
    assert str(info.value) == 'configmaps "dup" already exists'
    assert info.value.status == 409


async def test_namespace_must_exist(client: Client) -> None:
    ns = f"absent-{uuid.uuid4().hex[:8]}"
    with pytest.raises(errors.NotFoundError) as info:
        await client.create(configmap(ns, "cm"))
    assert str(info.value) == f'namespaces "{ns}" not found'


async def test_update_with_stale_resource_version_conflicts(client: Client, namespace: str) -> None:
    first = await client.create(configmap(namespace, "cm", v="1"))
    second = dict(first, data={"v": "2"})
    updated = await client.update(second)
    assert updated["data"] == {"v": "2"}
    assert updated["metadata"]["resourceVersion"] != first["metadata"]["resourceVersion"]
    stale = dict(first, data={"v": "3"})
    with pytest.raises(errors.ConflictError) as info:
        await client.update(stale)
    assert str(info.value) == (
        'Operation cannot be fulfilled on configmaps "cm": the object has been modified; '
        "please apply your changes to the latest version and try again"
    )
    assert (await client.get("v1", "ConfigMap", "cm", namespace))["data"] == {"v": "2"}


async def test_configmap_update_without_resource_version_is_unconditional(
    client: Client, namespace: str
) -> None:
    await client.create(configmap(namespace, "cm", v="1"))
    updated = await client.update(configmap(namespace, "cm", v="2"))
    assert updated["data"] == {"v": "2"}


async def test_custom_resource_update_requires_resource_version(client: Client, namespace: str) -> None:
    await client.create(widget(namespace, "w"))
    with pytest.raises(errors.InvalidError) as info:
        await client.update(widget(namespace, "w", replicas=2))
    assert "metadata.resourceVersion" in str(info.value)
    assert "must be specified for an update" in str(info.value)


async def test_update_missing_object_is_not_found(client: Client, namespace: str) -> None:
    with pytest.raises(errors.NotFoundError):
        await client.update(
            dict(
                configmap(namespace, "ghost"),
                metadata={"name": "ghost", "namespace": namespace, "resourceVersion": "1"},
            )
        )


async def test_dry_run_persists_nothing(client: Client, namespace: str) -> None:
    returned = await client.create(configmap(namespace, "dry", a="1"), dry_run=True)
    assert returned["metadata"]["name"] == "dry"
    assert returned["data"] == {"a": "1"}
    with pytest.raises(errors.NotFoundError):
        await client.get("v1", "ConfigMap", "dry", namespace)
    real = await client.create(configmap(namespace, "wet", a="1"))
    await client.update(dict(real, data={"a": "2"}), dry_run=True)
    assert (await client.get("v1", "ConfigMap", "wet", namespace))["data"] == {"a": "1"}
    await client.delete("v1", "ConfigMap", "wet", namespace, dry_run=True)
    assert (await client.get("v1", "ConfigMap", "wet", namespace))["data"] == {"a": "1"}


async def test_delete_removes_the_object(client: Client, namespace: str) -> None:
    await client.create(configmap(namespace, "gone"))
    await client.delete("v1", "ConfigMap", "gone", namespace)
    with pytest.raises(errors.NotFoundError):
        await client.get("v1", "ConfigMap", "gone", namespace)
    with pytest.raises(errors.NotFoundError) as info:
        await client.delete("v1", "ConfigMap", "gone", namespace)
    assert str(info.value) == 'configmaps "gone" not found'


async def test_delete_preconditions(client: Client, namespace: str) -> None:
    created = await client.create(configmap(namespace, "pre"))
    uid, rv = created["metadata"]["uid"], created["metadata"]["resourceVersion"]
    wrong_uid = str(uuid.uuid4())
    with pytest.raises(errors.ConflictError) as by_uid:
        await client.delete("v1", "ConfigMap", "pre", namespace, preconditions={"uid": wrong_uid})
    assert str(by_uid.value) == (
        f'Operation cannot be fulfilled on ConfigMap "pre": the UID in the precondition ({wrong_uid}) '
        f"does not match the UID in record ({uid}). The object might have been deleted and then recreated"
    )
    assert by_uid.value.details == {"name": "pre", "kind": "ConfigMap"}
    await client.update(dict(created, data={"changed": "yes"}))
    with pytest.raises(errors.ConflictError) as by_rv:
        await client.delete("v1", "ConfigMap", "pre", namespace, preconditions={"resourceVersion": rv})
    expected = f"the ResourceVersion in the precondition ({rv}) does not match the ResourceVersion in record"
    assert expected in str(by_rv.value)
    assert str(by_rv.value).endswith("The object might have been modified")
    assert (await client.get("v1", "ConfigMap", "pre", namespace))["metadata"]["uid"] == uid
    await client.delete("v1", "ConfigMap", "pre", namespace, preconditions={"uid": uid})
    with pytest.raises(errors.NotFoundError):
        await client.get("v1", "ConfigMap", "pre", namespace)


async def test_cluster_scoped_objects_ignore_namespace(client: Client) -> None:
    name = f"gadget-{uuid.uuid4().hex[:8]}"
    created = await client.create(
        {"apiVersion": "test.lookout.dev/v1", "kind": "Gadget", "metadata": {"name": name}, "spec": {}}
    )
    assert "namespace" not in created["metadata"]
    assert created["spec"]["color"] == "blue"  # schema default
    assert (await client.get("test.lookout.dev/v1", "Gadget", name))["metadata"]["uid"] == created[
        "metadata"
    ]["uid"]
    await client.delete("test.lookout.dev/v1", "Gadget", name)


async def test_namespaced_kind_without_namespace_is_rejected_client_side(client: Client) -> None:
    with pytest.raises(ValueError, match="namespaced"):
        await client.get("v1", "ConfigMap", "x")
    with pytest.raises(ValueError, match=r"metadata\.namespace is required"):
        await client.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}})


async def test_terminating_namespace_refuses_new_objects(client: Client) -> None:
    ns = f"term-{uuid.uuid4().hex[:8]}"
    await client.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})
    await client.create(configmap(ns, "holder"))
    await client.create(
        widget(ns, "held")
        | {"metadata": {"name": "held", "namespace": ns, "finalizers": ["test.lookout.dev/hold"]}}
    )
    await client.delete("v1", "Namespace", ns)
    try:
        got = await client.get("v1", "Namespace", ns)
        assert got["metadata"].get("deletionTimestamp")
        assert got["status"]["phase"] == "Terminating"
        with pytest.raises(errors.ForbiddenError) as info:
            await client.create(configmap(ns, "late"))
        assert f"unable to create new content in namespace {ns} because it is being terminated" in str(
            info.value
        )
    finally:
        await client.patch("test.lookout.dev/v1", "Widget", "held", {"metadata": {"finalizers": None}}, ns)
