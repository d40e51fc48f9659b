"""Every patch type: JSON merge, JSON patch, strategic merge, server-side apply."""

from __future__ import annotations

from typing import Any

import pytest

from controller_runtime.client import Client, PatchType, errors


def configmap(ns: str, name: str, **data: str) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": name, "namespace": ns},
        "data": data,
    }


def deployment(ns: str, name: str, containers: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": name, "namespace": ns},
        "spec": {
            "selector": {"matchLabels": {"app": name}},
            "template": {"metadata": {"labels": {"app": name}}, "spec": {"containers": containers}},
        },
    }


async def test_merge_patch_sets_and_removes_keys(client: Client, namespace: str) -> None:
    await client.create(configmap(namespace, "m", keep="1", drop="2"))
    patched = await client.patch("v1", "ConfigMap", "m", {"data": {"drop": None, "new": "3"}}, namespace)
    assert patched["data"] == {"keep": "1", "new": "3"}


async def test_merge_patch_with_stale_resource_version_conflicts(client: Client, namespace: str) -> None:
    created = await client.create(configmap(namespace, "m", v="1"))
    await client.patch("v1", "ConfigMap", "m", {"data": {"v": "2"}}, namespace)
    stale = {"metadata": {"resourceVersion": created["metadata"]["resourceVersion"]}, "data": {"v": "3"}}
    with pytest.raises(errors.ConflictError):
        await client.patch("v1", "ConfigMap", "m", stale, namespace)


async def test_merge_patch_replaces_lists(client: Client, namespace: str) -> None:
    await client.create(deployment(namespace, "d", [{"name": "a", "image": "a:1"}]))
    patched = await client.patch(
        "apps/v1",
        "Deployment",
        "d",
        {"spec": {"template": {"spec": {"containers": [{"name": "b", "image": "b:1"}]}}}},
        namespace,
    )
    assert [c["name"] for c in patched["spec"]["template"]["spec"]["containers"]] == ["b"]


async def test_json_patch_operations(client: Client, namespace: str) -> None:
    await client.create(configmap(namespace, "j", a="1", b="2"))
    patched = await client.patch(
        "v1",
        "ConfigMap",
        "j",
        [
            {"op": "test", "path": "/data/a", "value": "1"},
            {"op": "replace", "path": "/data/a", "value": "10"},
            {"op": "remove", "path": "/data/b"},
            {"op": "add", "path": "/metadata/labels", "value": {"patched": "yes"}},
        ],
        namespace,
        patch_type=PatchType.JSON,
    )
    assert patched["data"] == {"a": "10"}
    assert patched["metadata"]["labels"] == {"patched": "yes"}


async def test_json_patch_failed_test_op_changes_nothing(client: Client, namespace: str) -> None:
    await client.create(configmap(namespace, "j", a="1"))
    with pytest.raises(errors.ApiError) as info:
        await client.patch(
            "v1",
            "ConfigMap",
            "j",
            [
                {"op": "test", "path": "/data/a", "value": "2"},
                {"op": "replace", "path": "/data/a", "value": "3"},
            ],
            namespace,
            patch_type=PatchType.JSON,
        )
    assert info.value.status == 422
    assert (await client.get("v1", "ConfigMap", "j", namespace))["data"] == {"a": "1"}


async def test_strategic_merge_patch_merges_lists_by_key(client: Client, namespace: str) -> None:
    await client.create(
        deployment(namespace, "d", [{"name": "a", "image": "a:1"}, {"name": "b", "image": "b:1"}])
    )
    patched = await client.patch(
        "apps/v1",
        "Deployment",
        "d",
        {
            "spec": {
                "template": {
                    "spec": {"containers": [{"name": "b", "image": "b:2"}, {"name": "c", "image": "c:1"}]}
                }
            }
        },
        namespace,
        patch_type=PatchType.STRATEGIC,
    )
    containers = {c["name"]: c["image"] for c in patched["spec"]["template"]["spec"]["containers"]}
    assert containers == {"a": "a:1", "b": "b:2", "c": "c:1"}

    deleted = await client.patch(
        "apps/v1",
        "Deployment",
        "d",
        {"spec": {"template": {"spec": {"containers": [{"name": "a", "$patch": "delete"}]}}}},
        namespace,
        patch_type=PatchType.STRATEGIC,
    )
    assert [c["name"] for c in deleted["spec"]["template"]["spec"]["containers"]] == ["b", "c"]


async def test_strategic_merge_patch_is_unsupported_for_custom_resources(
    client: Client, namespace: str
) -> None:
    await client.create(
        {
            "apiVersion": "test.lookout.dev/v1",
            "kind": "Widget",
            "metadata": {"name": "w", "namespace": namespace},
            "spec": {"image": "x"},
        }
    )
    with pytest.raises(errors.UnsupportedMediaTypeError) as info:
        await client.patch(
            "test.lookout.dev/v1",
            "Widget",
            "w",
            {"spec": {"replicas": 2}},
            namespace,
            patch_type=PatchType.STRATEGIC,
        )
    assert info.value.status == 415


async def test_patch_of_missing_object_is_not_found(client: Client, namespace: str) -> None:
    with pytest.raises(errors.NotFoundError):
        await client.patch("v1", "ConfigMap", "ghost", {"data": {"a": "1"}}, namespace)


def applied_cm(ns: str, **data: str) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "ssa", "namespace": ns},
        "data": data,
    }


async def test_server_side_apply_creates_and_tracks_managers(client: Client, namespace: str) -> None:
    created = await client.patch(
        "v1",
        "ConfigMap",
        "ssa",
        applied_cm(namespace, owner="a"),
        namespace,
        patch_type=PatchType.APPLY,
        field_manager="manager-a",
    )
    assert created["data"] == {"owner": "a"}
    managers = {m["manager"]: m for m in created["metadata"]["managedFields"]}
    assert managers["manager-a"]["operation"] == "Apply"
    assert "f:owner" in managers["manager-a"]["fieldsV1"]["f:data"]

    # A second manager touching a different field merges; the same field conflicts.
    merged = await client.patch(
        "v1",
        "ConfigMap",
        "ssa",
        applied_cm(namespace, other="b"),
        namespace,
        patch_type=PatchType.APPLY,
        field_manager="manager-b",
    )
    assert merged["data"] == {"owner": "a", "other": "b"}
    with pytest.raises(errors.ConflictError) as info:
        await client.patch(
            "v1",
            "ConfigMap",
            "ssa",
            applied_cm(namespace, owner="b"),
            namespace,
            patch_type=PatchType.APPLY,
            field_manager="manager-b",
        )
    assert 'Apply failed with 1 conflict: conflict with "manager-a": .data.owner' in str(info.value)

    forced = await client.patch(
        "v1",
        "ConfigMap",
        "ssa",
        applied_cm(namespace, owner="b", other="b"),
        namespace,
        patch_type=PatchType.APPLY,
        field_manager="manager-b",
        force=True,
    )
    assert forced["data"] == {"owner": "b", "other": "b"}
    owners = {m["manager"]: m["fieldsV1"].get("f:data", {}) for m in forced["metadata"]["managedFields"]}
    assert "f:owner" in owners["manager-b"]
    assert "f:owner" not in owners.get("manager-a", {})


async def test_server_side_apply_removes_fields_the_manager_dropped(client: Client, namespace: str) -> None:
    await client.patch(
        "v1",
        "ConfigMap",
        "ssa",
        applied_cm(namespace, a="1", b="2"),
        namespace,
        patch_type=PatchType.APPLY,
        field_manager="m",
    )
    again = await client.patch(
        "v1",
        "ConfigMap",
        "ssa",
        applied_cm(namespace, a="1"),
        namespace,
        patch_type=PatchType.APPLY,
        field_manager="m",
    )
    assert again["data"] == {"a": "1"}


async def test_update_records_an_update_manager(client: Client, namespace: str) -> None:
    created = await client.create(configmap(namespace, "u", a="1"), field_manager="creator")
    entries = {(m["manager"], m["operation"]) for m in created["metadata"]["managedFields"]}
    assert ("creator", "Update") in entries


async def test_apply_requires_a_field_manager(client: Client, namespace: str) -> None:
    with pytest.raises(ValueError, match="field_manager"):
        await client.patch(
            "v1", "ConfigMap", "x", applied_cm(namespace), namespace, patch_type=PatchType.APPLY
        )


def _owned(obj: dict[str, Any], manager: str, subresource: str = "") -> dict[str, Any]:
    """The fieldsV1 ``manager`` holds through Apply on ``subresource``."""
    for entry in obj["metadata"].get("managedFields") or []:
        if (
            entry["manager"] == manager
            and entry["operation"] == "Apply"
            and entry.get("subresource", "") == subresource
        ):
            fields: dict[str, Any] = entry["fieldsV1"]
            return fields
    raise AssertionError(f"{manager} owns nothing on {subresource or 'the main resource'}")


async def test_apply_ownership_skips_fields_the_endpoint_resets(client: Client, namespace: str) -> None:
    """Status sent to the main resource (and spec sent to /status) is dropped, so nobody owns it
    and it cannot conflict: kube's reset fields."""
    widget: dict[str, Any] = {
        "apiVersion": "test.lookout.dev/v1",
        "kind": "Widget",
        "metadata": {"name": "own", "namespace": namespace},
        "spec": {"image": "nginx", "replicas": 2},
        "status": {"lastMessage": "from-spec-manager"},
    }
    applied = await client.apply(widget, field_manager="spec-owner")
    assert "status" not in applied
    assert "f:status" not in _owned(applied, "spec-owner")
    assert "f:replicas" in _owned(applied, "spec-owner")["f:spec"]

    status_cfg = {**widget, "spec": {"image": "other", "replicas": 7}, "status": {"lastMessage": "ok"}}
    status_applied = await client.apply(status_cfg, field_manager="status-owner", subresource="status")
    assert status_applied["spec"] == {"image": "nginx", "replicas": 2, "size": "medium"}
    assert status_applied["status"] == {"lastMessage": "ok"}
    assert "f:spec" not in _owned(status_applied, "status-owner", "status")
    assert "f:lastMessage" in _owned(status_applied, "status-owner", "status")["f:status"]

    # the spec owner applies a different status again: no conflict with status-owner, no effect
    again = await client.apply({**widget, "status": {"lastMessage": "mine"}}, field_manager="spec-owner")
    assert again["status"] == {"lastMessage": "ok"}
    # and the status owner's different spec never conflicted with spec-owner either
    assert again["spec"]["image"] == "nginx"


async def test_apply_merges_a_custom_resource_list_map_by_key(client: Client, namespace: str) -> None:
    """The CRD's x-kubernetes-list-type: map gives SSA per-item ownership: two managers each
    apply their own condition and both stay (an atomic list would let the second replace it)."""
    widget: dict[str, Any] = {
        "apiVersion": "test.lookout.dev/v1",
        "kind": "Widget",
        "metadata": {"name": "conds", "namespace": namespace},
        "spec": {"image": "nginx"},
    }
    await client.create(widget)

    def condition(type_: str, status: str) -> dict[str, Any]:
        return {**widget, "status": {"conditions": [{"type": type_, "status": status}]}}

    await client.apply(condition("Ready", "True"), field_manager="ready-writer", subresource="status")
    both = await client.apply(
        condition("Healthy", "False"), field_manager="health-writer", subresource="status"
    )
    assert sorted((c["type"], c["status"]) for c in both["status"]["conditions"]) == [
        ("Healthy", "False"),
        ("Ready", "True"),
    ]
    owned = _owned(both, "ready-writer", "status")["f:status"]["f:conditions"]
    assert list(owned) == ['k:{"type":"Ready"}']
    with pytest.raises(errors.ConflictError) as info:
        await client.apply(condition("Ready", "False"), field_manager="health-writer", subresource="status")
    assert str(info.value).startswith('Apply failed with 1 conflict: conflict with "ready-writer"')


async def test_editing_one_objects_managed_fields_leaves_its_twins_alone(
    client: Client, namespace: str
) -> None:
    """Two objects one manager wrote alike record the same field set; a client that rewrites
    the first one's managedFields (disowning a field) changes that object's record only."""

    def writer_fields(obj: dict[str, Any]) -> Any:
        [entry] = [m for m in obj["metadata"]["managedFields"] if m["manager"] == "writer"]
        return entry["fieldsV1"]

    written = []
    for name in ("twin-a", "twin-b"):
        await client.create(configmap(namespace, name, k="v", j="v"), field_manager="writer")
        written.append(
            await client.patch(
                "v1", "ConfigMap", name, {"data": {"k": "w"}}, namespace, field_manager="writer"
            )
        )
    shape = writer_fields(written[0])
    assert writer_fields(written[1]) == shape and {"f:k", "f:j"} <= set(shape["f:data"])

    index = [m["manager"] for m in written[0]["metadata"]["managedFields"]].index("writer")
    edited = await client.patch(
        "v1",
        "ConfigMap",
        "twin-a",
        [{"op": "remove", "path": f"/metadata/managedFields/{index}/fieldsV1/f:data/f:j"}],
        namespace,
        patch_type=PatchType.JSON,
        field_manager="editor",
    )
    disowned = {"f:data": {k: v for k, v in shape["f:data"].items() if k != "f:j"}}
    assert writer_fields(edited) == disowned

    # The twin's record is as it was, read back and through a write that decodes it.
    assert writer_fields(await client.get("v1", "ConfigMap", "twin-b", namespace)) == shape
    after = await client.patch(
        "v1", "ConfigMap", "twin-b", {"data": {"k": "x"}}, namespace, field_manager="writer"
    )
    assert writer_fields(after) == shape
    assert writer_fields(await client.get("v1", "ConfigMap", "twin-a", namespace)) == disowned


async def test_managed_fields_a_patch_grants_are_kept_as_sent(client: Client, namespace: str) -> None:
    """kube takes valid managedFields from the request as the new record, even for a field
    the object lacks (only a write that removes the field itself takes it from its owner);
    a patch that changes nothing else gives its own manager no entry."""
    await client.create(configmap(namespace, "grant", k="v"), field_manager="writer")
    granted = await client.patch(
        "v1",
        "ConfigMap",
        "grant",
        [{"op": "add", "path": "/metadata/managedFields/0/fieldsV1/f:data/f:absent", "value": {}}],
        namespace,
        patch_type=PatchType.JSON,
        field_manager="editor",
    )
    [entry] = granted["metadata"]["managedFields"]
    assert entry["manager"] == "writer"
    # "." : the creating write added the data map itself, so its writer owns the map too
    assert entry["fieldsV1"] == {"f:data": {".": {}, "f:k": {}, "f:absent": {}}}
    stored = await client.get("v1", "ConfigMap", "grant", namespace)
    assert stored["metadata"]["managedFields"] == granted["metadata"]["managedFields"]
    assert "absent" not in stored["data"]


async def test_json_patch_clearing_managed_fields_removes_them(client: Client, namespace: str) -> None:
    """kube's documented way to strip managedFields: replace them with ``[{}]``."""
    await client.create(configmap(namespace, "strip", k="v"), field_manager="writer")
    cleared = await client.patch(
        "v1",
        "ConfigMap",
        "strip",
        [{"op": "replace", "path": "/metadata/managedFields", "value": [{}]}],
        namespace,
        patch_type=PatchType.JSON,
    )
    assert "managedFields" not in cleared["metadata"]
    stored = await client.get("v1", "ConfigMap", "strip", namespace)
    assert "managedFields" not in stored["metadata"]
    assert stored["metadata"]["resourceVersion"] == cleared["metadata"]["resourceVersion"]


async def test_dropping_a_defaulted_field_is_no_change_of_spec(client: Client, namespace: str) -> None:
    """The server defaults the patched object before it compares specs: removing a field that
    defaulting puts back leaves the spec, and so metadata.generation, as they were."""
    created = await client.create(deployment(namespace, "dflt", [{"name": "a", "image": "a:1"}]))
    assert created["spec"]["revisionHistoryLimit"] == 10 and created["metadata"]["generation"] == 1
    patched = await client.patch(
        "apps/v1", "Deployment", "dflt", {"spec": {"revisionHistoryLimit": None}}, namespace
    )
    assert patched["spec"]["revisionHistoryLimit"] == 10
    assert patched["metadata"]["generation"] == 1
    changed = await client.patch(
        "apps/v1", "Deployment", "dflt", {"spec": {"revisionHistoryLimit": 3}}, namespace
    )
    assert changed["metadata"]["generation"] == 2


WIDGET = ("test.lookout.dev/v1", "Widget")


async def test_update_ownership_covers_the_maps_and_lists_a_write_added(
    client: Client, namespace: str
) -> None:
    """What kube records for a controller's writes to a custom resource: a create and a status
    merge patch own every node they added, the maps and lists themselves included (the "."
    entries), and each list item by its key."""
    created = await client.create(
        {"apiVersion": WIDGET[0], "kind": WIDGET[1],
         "metadata": {"name": "w", "namespace": namespace, "labels": {"a": "b"}},
         "spec": {"image": "x", "tags": ["a"]}},
        field_manager="writer",
    )
    assert [(m["manager"], m["fieldsV1"]) for m in created["metadata"]["managedFields"]] == [
        ("writer", {"f:metadata": {"f:labels": {".": {}, "f:a": {}}},
                    "f:spec": {".": {}, "f:image": {}, "f:replicas": {}, "f:size": {}, "f:tags": {}}}),
    ]
    condition = {"type": "Ready", "status": "True", "reason": "R", "message": "m",
                 "lastTransitionTime": "2026-01-01T00:00:00Z"}
    status = {"status": {"conditions": [condition], "observedGeneration": 1}}
    await client.patch(*WIDGET, "w", status, namespace, subresource="status", field_manager="controller")
    metadata = {"metadata": {"finalizers": ["x/y"], "annotations": {"k": "v"}}}
    patched = await client.patch(*WIDGET, "w", metadata, namespace, field_manager="finalizer")
    owned = {m["manager"]: m["fieldsV1"] for m in patched["metadata"]["managedFields"]}
    assert owned["controller"] == {"f:status": {
        ".": {},
        "f:conditions": {".": {}, 'k:{"type":"Ready"}': {
            ".": {}, "f:lastTransitionTime": {}, "f:message": {}, "f:reason": {}, "f:status": {},
            "f:type": {},
        }},
        "f:observedGeneration": {},
    }}
    assert owned["finalizer"] == {"f:metadata": {"f:annotations": {".": {}, "f:k": {}},
                                                 "f:finalizers": {".": {}, 'v:"x/y"': {}}}}


async def test_update_ownership_of_a_built_in_kind_follows_its_go_types(
    client: Client, namespace: str
) -> None:
    """Built-in kinds are compared in their typed form: a value struct (spec, template, strategy)
    was never added, a pointer struct (rollingUpdate) or map (labels) was; an atomic struct
    (the label selector) is one field."""
    created = await client.create(
        {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"name": "d", "namespace": namespace},
         "spec": {"selector": {"matchLabels": {"app": "d"}},
                  "template": {"metadata": {"labels": {"app": "d"}},
                               "spec": {"containers": [{"name": "c", "image": "nginx",
                                                        "securityContext": {"runAsUser": 1}}]}}}},
        field_manager="writer",
    )
    [entry] = created["metadata"]["managedFields"]
    spec = entry["fieldsV1"]["f:spec"]
    assert "." not in spec and "." not in spec["f:template"] and "." not in spec["f:strategy"]
    assert spec["f:selector"] == {}
    assert spec["f:strategy"]["f:rollingUpdate"] == {".": {}, "f:maxSurge": {}, "f:maxUnavailable": {}}
    assert spec["f:template"]["f:metadata"] == {"f:labels": {".": {}, "f:app": {}}}
    container = spec["f:template"]["f:spec"]["f:containers"]['k:{"name":"c"}']
    assert "." not in spec["f:template"]["f:spec"]["f:containers"]
    assert container["."] == {} and container["f:resources"] == {}
    assert container["f:securityContext"] == {".": {}, "f:runAsUser": {}}


@pytest.mark.parametrize("ops", [
    [{"op": "remove", "path": "/data/nope"}],
    [{"op": "test", "path": "/data/password", "value": "Z3Vlc3M="}],
    [{"op": "add", "path": "/data/a/b", "value": "eA=="}],
    [{"op": "remove", "path": "/nope/deeper"}],
    [{"op": "bogus", "path": "/data/x"}],
], ids=["remove-missing", "test-fails", "add-under-missing", "remove-under-missing", "unknown-op"])
async def test_a_json_patch_that_does_not_apply_says_so_without_the_document(
    client: Client, namespace: str, ops: list[dict[str, Any]]
) -> None:
    """kube answers 422 with a fixed sentence: the error never quotes the object (a Secret's data)."""
    await client.create({"apiVersion": "v1", "kind": "Secret",
                         "metadata": {"name": "s", "namespace": namespace},
                         "data": {"password": "c2VjcmV0LXZhbHVl"}})
    with pytest.raises(errors.InvalidError) as info:
        await client.patch("v1", "Secret", "s", ops, namespace, patch_type=PatchType.JSON)
    assert str(info.value) == "the server rejected our request due to an error in our request"
    assert info.value.status == 422
