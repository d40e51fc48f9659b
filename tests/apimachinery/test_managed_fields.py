"""Server-side apply ownership, removal and conflicts (structured-merge-diff / kube behaviour)."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from controller_runtime.apimachinery.managed_fields import (
    ApplyConflict,
    FieldSet,
    _compare,
    _item_element,
    _same,
    apply,
    field_set_of,
    path_string,
    track_update,
    update_managed_fields,
)
from controller_runtime.apimachinery.patch_meta import PatchMeta, patch_meta_for, patch_meta_from_schema

DEPLOY = patch_meta_for("apps/v1", "Deployment")
CM = patch_meta_for("v1", "ConfigMap")
T0, T1, T2 = "2024-01-01T00:00:00Z", "2024-01-01T00:00:01Z", "2024-01-01T00:00:02Z"


def deployment(
    replicas: int = 2, image: str = "app:1", labels: dict[str, str] | None = None
) -> dict[str, Any]:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "d", "namespace": "ns", "labels": labels if labels is not None else {"a": "1"}},
        "spec": {
            "replicas": replicas,
            "template": {
                "spec": {
                    "containers": [
                        {"name": "app", "image": image, "ports": [{"containerPort": 80, "protocol": "TCP"}]}
                    ]
                }
            },
        },
    }


def entries(obj: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e["manager"], e["operation"]) for e in obj["metadata"].get("managedFields", [])]


def fields_of(obj: dict[str, Any], manager: str) -> dict[str, Any]:
    for e in obj["metadata"]["managedFields"]:
        if e["manager"] == manager:
            fv1: dict[str, Any] = e["fieldsV1"]
            return fv1
    raise AssertionError(f"no entry for {manager}")


def test_fields_v1_of_an_applied_deployment() -> None:
    out = apply(None, deployment(), "kubectl", meta=DEPLOY, now=T0)
    [entry] = out["metadata"]["managedFields"]
    assert {k: entry[k] for k in ("manager", "operation", "apiVersion", "time", "fieldsType")} == {
        "manager": "kubectl",
        "operation": "Apply",
        "apiVersion": "apps/v1",
        "time": T0,
        "fieldsType": "FieldsV1",
    }
    assert entry["fieldsV1"] == {
        "f:metadata": {"f:labels": {"f:a": {}}},
        "f:spec": {
            "f:replicas": {},
            "f:template": {
                "f:spec": {
                    "f:containers": {
                        'k:{"name":"app"}': {
                            ".": {},
                            "f:image": {},
                            "f:name": {},
                            "f:ports": {
                                'k:{"containerPort":80,"protocol":"TCP"}': {
                                    ".": {},
                                    "f:containerPort": {},
                                    "f:protocol": {},
                                }
                            },
                        }
                    }
                }
            },
        },
    }
    assert out["spec"]["replicas"] == 2


def test_fields_v1_round_trip_and_path_strings() -> None:
    fs = field_set_of(deployment(), DEPLOY)
    assert FieldSet.from_fields_v1(fs.to_fields_v1()) == fs
    printed = {path_string(p) for p in fs}
    assert '.spec.template.spec.containers[name="app"].image' in printed
    assert '.spec.template.spec.containers[name="app"].ports[containerPort=80,protocol="TCP"]' in printed
    assert ".metadata.labels.a" in printed
    assert ".metadata.name" not in printed  # kube never tracks name/namespace/uid/...
    assert path_string(("f:metadata", "f:finalizers", 'v:"x"')) == '.metadata.finalizers[="x"]'


def test_conflict_with_an_update_manager_then_force() -> None:
    live = apply(None, deployment(), "kubectl", meta=DEPLOY, now=T0)
    scaled = copy.deepcopy(live)
    scaled["spec"]["replicas"] = 5
    live = track_update(live, scaled, "kubectl-client-side-apply", meta=DEPLOY, now=T1)
    assert entries(live) == [("kubectl", "Apply"), ("kubectl-client-side-apply", "Update")]
    assert fields_of(live, "kubectl-client-side-apply") == {"f:spec": {"f:replicas": {}}}
    assert "f:replicas" not in fields_of(live, "kubectl")["f:spec"]  # the update took it

    with pytest.raises(ApplyConflict) as exc:
        apply(live, deployment(replicas=3), "kubectl", meta=DEPLOY, now=T2)
    assert str(exc.value) == (
        'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: '
        ".spec.replicas"
    )
    assert exc.value.causes() == [
        {
            "reason": "FieldManagerConflict",
            "message": 'conflict with "kubectl-client-side-apply" using apps/v1',
            "field": ".spec.replicas",
        }
    ]

    forced = apply(live, deployment(replicas=3), "kubectl", meta=DEPLOY, force=True, now=T2)
    assert forced["spec"]["replicas"] == 3
    assert entries(forced) == [("kubectl", "Apply")]  # the other manager lost its only field


def test_same_value_is_shared_not_a_conflict() -> None:
    live = apply(None, deployment(), "a", meta=DEPLOY, now=T0)
    live = apply(live, deployment(), "b", meta=DEPLOY, now=T1)
    assert entries(live) == [("a", "Apply"), ("b", "Apply")]
    # a stops applying the labels: b still owns them, so they stay
    live = apply(live, deployment(labels={}), "a", meta=DEPLOY, now=T2)
    assert live["metadata"]["labels"] == {"a": "1"}


def test_several_conflicts_are_listed_by_manager() -> None:
    live = apply(None, deployment(), "a", meta=DEPLOY, now=T0)
    with pytest.raises(ApplyConflict) as exc:
        apply(live, deployment(replicas=9, image="app:2"), "b", meta=DEPLOY, now=T1)
    assert str(exc.value) == (
        'Apply failed with 2 conflicts: conflicts with "a":\n'
        "- .spec.replicas\n"
        '- .spec.template.spec.containers[name="app"].image'
    )


def test_fields_no_longer_applied_are_removed() -> None:
    live = apply(None, deployment(labels={"a": "1", "b": "2"}), "kubectl", meta=DEPLOY, now=T0)
    live = apply(live, deployment(labels={"a": "1"}), "kubectl", meta=DEPLOY, now=T1)
    assert live["metadata"]["labels"] == {"a": "1"}
    two = deployment()
    two["spec"]["template"]["spec"]["containers"].append({"name": "side", "image": "s"})
    live = apply(live, two, "kubectl", meta=DEPLOY, now=T1)
    assert [c["name"] for c in live["spec"]["template"]["spec"]["containers"]] == ["app", "side"]
    live = apply(live, deployment(), "kubectl", meta=DEPLOY, now=T2)
    assert [c["name"] for c in live["spec"]["template"]["spec"]["containers"]] == ["app"]


def test_fields_set_by_others_are_kept_when_apply_omits_them() -> None:
    live = apply(
        None,
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "1"}},
        "kubectl",
        meta=CM,
        now=T0,
    )
    edited = copy.deepcopy(live)
    edited["data"]["b"] = "2"
    live = track_update(live, edited, "controller", meta=CM, now=T1)
    live = apply(
        live,
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "3"}},
        "kubectl",
        meta=CM,
        now=T2,
    )
    assert live["data"] == {"a": "3", "b": "2"}
    assert fields_of(live, "controller") == {"f:data": {"f:b": {}}}


def test_apply_to_an_object_without_managed_fields_conflicts_with_before_first_apply() -> None:
    live = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "1"}}
    with pytest.raises(
        ApplyConflict, match=re.escape('conflict with "before-first-apply" using v1: .data.a')
    ):
        apply(
            live,
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"a": "2"}},
            "kubectl",
            meta=CM,
        )


def test_create_records_an_update_manager_for_all_fields() -> None:
    created = track_update(None, deployment(), "manager", meta=DEPLOY, now=T0)
    assert entries(created) == [("manager", "Update")]
    assert fields_of(created, "manager")["f:spec"]["f:replicas"] == {}
    status = track_update(
        created, {**created, "status": {"ready": 1}}, "manager", meta=DEPLOY, subresource="status", now=T1
    )
    assert [e.get("subresource", "") for e in status["metadata"]["managedFields"]] == ["", "status"]


LIST_TYPES_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "spec": {
            "type": "object",
            "properties": {
                "items": {
                    "type": "array",
                    "x-kubernetes-list-type": "map",
                    "x-kubernetes-list-map-keys": ["name"],
                    "items": {
                        "type": "object",
                        "properties": {"name": {"type": "string"}, "v": {"type": "string"}},
                    },
                },
                "tags": {"type": "array", "x-kubernetes-list-type": "set", "items": {"type": "string"}},
                "atomic": {"type": "array", "items": {"type": "string"}},
                "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": True},
            },
        }
    },
}
LIST_TYPES = patch_meta_from_schema(LIST_TYPES_SCHEMA)


def test_crd_list_types_from_schema() -> None:
    meta = LIST_TYPES
    obj = {
        "apiVersion": "e.com/v1",
        "kind": "W",
        "metadata": {"name": "w"},
        "spec": {
            "items": [{"name": "a", "v": "1"}],
            "tags": ["x"],
            "atomic": ["p", "q"],
            "free": {"k": {"n": 1}},
        },
    }
    fs = field_set_of(obj, meta).to_fields_v1()
    assert fs == {
        "f:spec": {
            "f:items": {'k:{"name":"a"}': {".": {}, "f:name": {}, "f:v": {}}},
            "f:tags": {'v:"x"': {}},
            "f:atomic": {},
            "f:free": {"f:k": {".": {}, "f:n": {}}},
        }
    }
    live = apply(None, obj, "a", meta=meta, now=T0)
    b = {
        "apiVersion": "e.com/v1",
        "kind": "W",
        "metadata": {"name": "w"},
        "spec": {"items": [{"name": "b", "v": "2"}], "tags": ["y"]},
    }
    merged = apply(live, b, "b", meta=meta, now=T1)
    assert merged["spec"]["items"] == [{"name": "a", "v": "1"}, {"name": "b", "v": "2"}]
    assert merged["spec"]["tags"] == ["x", "y"]


keys = st.sampled_from(["a", "b", "c"])
scalar = st.one_of(st.integers(0, 3), st.sampled_from(["x", "y"]))
doc = st.dictionaries(keys, st.one_of(scalar, st.dictionaries(keys, scalar, max_size=3)), max_size=3)


@given(doc, doc)
def test_apply_result_contains_the_config(first: dict[str, Any], second: dict[str, Any]) -> None:
    base = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}
    live = apply(None, {**base, "data": first}, "m", meta=CM, now=T0)
    out = apply(live, {**base, "data": second}, "m", meta=CM, now=T1)
    # a sole manager's apply yields exactly its configuration
    assert out.get("data") == second or (not second and out.get("data") in (None, {}))


def test_update_managed_fields_in_place_and_default_meta() -> None:
    obj = deployment()
    update_managed_fields(obj, None, manager="kube-controller-manager", time=T0)
    [entry] = obj["metadata"]["managedFields"]
    assert (entry["manager"], entry["operation"], entry["time"]) == ("kube-controller-manager", "Update", T0)
    # no meta given: the built-in Deployment markers apply (containers keyed by name)
    assert 'k:{"name":"app"}' in entry["fieldsV1"]["f:spec"]["f:template"]["f:spec"]["f:containers"]
    live = apply(None, deployment(), "kubectl", time=T0)
    with pytest.raises(ApplyConflict) as exc:
        apply(live, deployment(image="app:2"), "other", time=T1)
    [c] = exc.value.conflicts
    assert (c.manager, c.operation, c.field, c.api_version) == (
        "kubectl",
        "Apply",
        '.spec.template.spec.containers[name="app"].image',
        "",
    )


def test_reset_fields_are_not_owned() -> None:
    w = {
        "apiVersion": "e.com/v1",
        "kind": "W",
        "metadata": {"name": "w"},
        "spec": {"a": 1},
        "status": {"s": 1},
    }
    out = apply(None, w, "kubectl", ignore=["status"], time=T0)
    assert fields_of(out, "kubectl") == {"f:spec": {"f:a": {}}}
    st_obj = copy.deepcopy(out)
    st_obj["status"]["s"] = 2
    st_obj["spec"]["a"] = 9
    tracked = track_update(out, st_obj, "ctrl", subresource="status", ignore=["spec"], time=T1)
    assert fields_of(tracked, "ctrl") == {"f:status": {"f:s": {}}}
    assert fields_of(tracked, "kubectl") == {"f:spec": {"f:a": {}}}  # spec changes were not attributed


def test_client_sent_managed_fields_replace_and_reset() -> None:
    live = apply(None, deployment(), "kubectl", time=T0)
    # a client that echoes managedFields back keeps them (and gains what it changed)
    edited = copy.deepcopy(live)
    edited["spec"]["replicas"] = 7
    out = track_update(live, edited, "editor", time=T1)
    assert entries(out) == [("kubectl", "Apply"), ("editor", "Update")]
    # managedFields: [{}] strips them
    reset = copy.deepcopy(live)
    reset["metadata"]["managedFields"] = [{}]
    assert "managedFields" not in track_update(live, reset, "editor", time=T1)["metadata"]


def test_objects_written_alike_share_no_field_records() -> None:
    """Two objects with the same field set get equal records, and editing one's record (as a
    caller may, on what it was handed) leaves the other's, and the next encoding, alone."""
    first = update_managed_fields(deployment(), None, manager="m", time=T0)
    second = update_managed_fields(deployment(), None, manager="m", time=T0)
    assert fields_of(first, "m") == fields_of(second, "m")
    expected = copy.deepcopy(fields_of(second, "m"))
    fields_of(first, "m")["f:spec"]["f:extra"] = {}
    assert fields_of(second, "m") == expected
    assert fields_of(update_managed_fields(deployment(), None, manager="m", time=T0), "m") == expected


# Values that tell the comparison's shortcuts apart: booleans beside the numbers they equal in
# Python, null beside empty maps, empty maps beside filled ones, keyed and set lists.
leaf = st.one_of(st.none(), st.booleans(), st.integers(0, 1), st.just(1.0), st.sampled_from(["x", "y"]))
item = st.fixed_dictionaries({"name": st.sampled_from(["a", "b"])}, optional={"v": leaf})
flat_value: st.SearchStrategy[Any] = st.one_of(leaf, st.just({}), st.lists(leaf, max_size=2))
spec_value = st.one_of(
    flat_value,
    st.dictionaries(keys, st.one_of(flat_value, st.dictionaries(keys, flat_value, max_size=3)), max_size=3),
)
spec = st.fixed_dictionaries(
    {},
    optional={
        "items": st.lists(item, max_size=3, unique_by=lambda i: i["name"]),
        "tags": st.lists(st.sampled_from(["x", "y", "z"]), max_size=3, unique=True),
        "atomic": st.lists(leaf, max_size=2),
        "free": spec_value,
        "a": spec_value,
        "b": spec_value,
    },
)


_CONTAINER = object()


def _nodes(value: Any, meta: PatchMeta, path: tuple[str, ...], out: dict[tuple[str, ...], Any]) -> None:
    """Every node of a value, as structured-merge-diff's Compare sees it: maps and non-atomic
    lists are containers of their entries, everything else (atomic ones too) is a leaf."""
    if isinstance(value, dict) and not (path and meta.map_type == "atomic"):
        out[path] = _CONTAINER
        for k, v in value.items():
            _nodes(v, meta.child(k), (*path, f"f:{k}"), out)
    elif isinstance(value, list) and path and meta.effective_list_type != "atomic":
        out[path] = _CONTAINER
        for i, item in enumerate(value):
            element = (*path, _item_element(item, meta, i))
            if meta.effective_list_type == "map":
                _nodes(item, meta, element, out)
            else:
                out[element] = item
    else:
        out[path] = value


@given(spec, spec, spec_value, spec_value)
def test_update_ownership_is_what_comparing_whole_objects_gives(
    old_spec: dict[str, Any], new_spec: dict[str, Any], old_status: Any, new_status: Any
) -> None:
    """The comparison that skips equal subtrees finds exactly what comparing every node of both
    whole objects finds: nodes only in the new one are added (maps and lists included), only in
    the old one removed, and leaves on both sides that differ modified (the ownership an update
    hands out), also when it leaves out a write's reset fields (``spec`` on the status
    subresource, say)."""
    base = {"apiVersion": "e.com/v1", "kind": "W", "metadata": {"name": "w"}}
    old = {**base, "spec": old_spec, "status": old_status}
    for new in (
        {**base, "spec": new_spec, "status": new_status},
        {**old, "status": new_status},
        _numbers_for_booleans(old),  # equal in Python's eyes, modified in kube's
    ):
        before: dict[tuple[str, ...], Any] = {}
        after: dict[tuple[str, ...], Any] = {}
        _nodes(old, LIST_TYPES, (), before)
        _nodes(new, LIST_TYPES, (), after)
        added = set(after) - set(before) - {()}
        removed = set(before) - set(after) - {()}
        modified = {
            p for p in set(before) & set(after) - {()}
            if before[p] is not _CONTAINER and after[p] is not _CONTAINER
            and not _same(before[p], after[p])
        }
        for ignore in (frozenset(), frozenset({"spec"}), frozenset({"status"})):
            fast = _compare(old, new, LIST_TYPES, ignore)

            def kept(paths: set[Any], ignore: frozenset[str] = ignore) -> frozenset[Any]:
                return frozenset(p for p in paths if not (p and p[0][2:] in ignore))

            assert (fast.added.paths, fast.modified.paths, fast.removed.paths) == (
                kept(added),
                kept(modified),
                kept(removed),
            )


def _numbers_for_booleans(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dict):
        return {k: _numbers_for_booleans(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers_for_booleans(v) for v in value]
    return value
