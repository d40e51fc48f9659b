"""The client against the test environment: REST mapping, discovery, collection deletes."""

from __future__ import annotations

from typing import Any

import pytest

from controller_runtime.client import Client, NoKindMatchError


async def test_rest_mapping_from_discovery(client: Client) -> None:
    cm = await client.mapping("v1", "ConfigMap")
    assert (cm.resource, cm.namespaced, cm.group, cm.version) == ("configmaps", True, "", "v1")
    assert cm.object_path("x", "ns") == "/api/v1/namespaces/ns/configmaps/x"
    ns = await client.mapping("v1", "Namespace")
    assert (ns.resource, ns.namespaced) == ("namespaces", False)
    widget = await client.mapping("test.lookout.dev/v1", "Widget")
    assert (widget.resource, widget.namespaced) == ("widgets", True)
    assert "status" in widget.subresources
    assert (
        widget.object_path("w", "ns", "status") == "/apis/test.lookout.dev/v1/namespaces/ns/widgets/w/status"
    )
    gadget = await client.mapping("test.lookout.dev/v1", "Gadget")
    assert gadget.namespaced is False
    assert gadget.collection_path("ignored") == "/apis/test.lookout.dev/v1/gadgets"
    deploy = await client.mapping("apps/v1", "Deployment")
    assert "status" in deploy.subresources
    assert {"get", "list", "watch", "create", "update", "patch", "delete"} <= deploy.verbs


async def test_unknown_kind_and_version(client: Client) -> None:
    with pytest.raises(NoKindMatchError, match='no matches for kind "Sprocket" in version "v1"'):
        await client.mapping("v1", "Sprocket")
    with pytest.raises(NoKindMatchError, match=r'in version "nope\.lookout\.dev/v9"'):
        await client.get("nope.lookout.dev/v9", "Thing", "x", "default")


async def test_raw_discovery(client: Client) -> None:
    version = await client.raw("GET", "/version")
    assert version["gitVersion"].startswith("v1.")
    groups = await client.raw("GET", "/apis")
    assert "test.lookout.dev" in [g["name"] for g in groups["groups"]]
    core = await client.server_resources("v1")
    assert "configmaps" in [r["name"] for r in core["resources"]]


async def test_delete_all_of(client: Client, namespace: str) -> None:
    for name, team in (("a", "x"), ("b", "x"), ("c", "y")):
        await client.create(
            {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "metadata": {"name": name, "namespace": namespace, "labels": {"team": team}},
            }
        )
    await client.delete_all_of("v1", "ConfigMap", namespace, label_selector="team=x")
    left = await client.list("v1", "ConfigMap", namespace, label_selector="team")
    assert [i["metadata"]["name"] for i in left["items"]] == ["c"]


async def test_apply_helper_creates_then_updates(client: Client, namespace: str) -> None:
    obj = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "applied", "namespace": namespace},
        "data": {"k": "1"},
    }
    created = await client.apply(obj, field_manager="lookout-test")
    assert created["data"] == {"k": "1"}
    updated = await client.apply({**obj, "data": {"k": "2"}}, field_manager="lookout-test")
    assert updated["data"] == {"k": "2"}


async def test_client_default_field_manager(env: Any, namespace: str) -> None:
    async with Client(env.config, field_manager="lookout") as c:
        created = await c.create(
            {
                "apiVersion": "v1",
                "kind": "ConfigMap",
                "metadata": {"name": "fm", "namespace": namespace},
                # A field to own: the API server drops managedFields entries that own nothing.
                "data": {"k": "v"},
            }
        )
    managers = {m["manager"]: m for m in created["metadata"].get("managedFields", [])}
    assert managers["lookout"]["operation"] == "Update"
    assert "f:k" in managers["lookout"]["fieldsV1"]["f:data"]
