"""Strategic merge patch, cases from strategicpatch's test tables and the kubectl patch docs."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from controller_runtime.apimachinery.patch_meta import PatchMeta, patch_meta_from_schema
from controller_runtime.apimachinery.strategic_merge import (
    StrategicMergeError,
    apply_strategic_merge_patch,
    patch_meta_for,
)

DEPLOYMENT = patch_meta_for("apps/v1", "Deployment")
MERGING = PatchMeta(
    fields={
        "mergingList": PatchMeta(strategy="merge", merge_key="name"),
        "mergingIntList": PatchMeta(strategy="merge"),
        "nonMergingList": PatchMeta(),
        "retainKeysMap": PatchMeta(strategy="retainKeys"),
        "replacingMap": PatchMeta(strategy="replace"),
    }
)


@pytest.mark.parametrize(
    ("original", "patch", "result"),
    [
        # maps merge, null deletes
        ({"a": 1, "b": {"c": 2, "d": 3}}, {"b": {"c": None, "e": 4}}, {"a": 1, "b": {"d": 3, "e": 4}}),
        # $patch: replace on a map
        ({"b": {"c": 2, "d": 3}}, {"b": {"$patch": "replace", "e": 4}}, {"b": {"e": 4}}),
        # $patch: delete on a map
        ({"b": {"c": 2}, "a": 1}, {"b": {"$patch": "delete"}}, {"b": {}, "a": 1}),
        # lists without a strategy are replaced
        (
            {"nonMergingList": [{"name": "1"}, {"name": "2"}]},
            {"nonMergingList": [{"name": "3"}]},
            {"nonMergingList": [{"name": "3"}]},
        ),
        # merging list of maps: matching items merge, new ones go first (no order information)
        (
            {"mergingList": [{"name": "1", "value": "a"}, {"name": "2", "value": "b"}]},
            {"mergingList": [{"name": "2", "value": "c"}, {"name": "3", "value": "d"}]},
            {
                "mergingList": [
                    {"name": "1", "value": "a"},
                    {"name": "2", "value": "c"},
                    {"name": "3", "value": "d"},
                ]
            },
        ),
        (
            {"mergingList": [{"name": "1"}, {"name": "2"}]},
            {"mergingList": [{"name": "3"}]},
            {"mergingList": [{"name": "3"}, {"name": "1"}, {"name": "2"}]},
        ),
        # delete an item by merge key
        (
            {"mergingList": [{"name": "1"}, {"name": "2"}]},
            {"mergingList": [{"name": "1", "$patch": "delete"}]},
            {"mergingList": [{"name": "2"}]},
        ),
        # replace the whole merging list
        (
            {"mergingList": [{"name": "1"}, {"name": "2"}]},
            {"mergingList": [{"name": "3"}, {"$patch": "replace"}]},
            {"mergingList": [{"name": "3"}]},
        ),
        # null inside a merged item deletes that field
        (
            {"mergingList": [{"name": "1", "value": "a", "other": "b"}]},
            {"mergingList": [{"name": "1", "value": None}]},
            {"mergingList": [{"name": "1", "other": "b"}]},
        ),
        # primitive merging list: union, de-duplicated
        ({"mergingIntList": [1, 2]}, {"mergingIntList": [2, 3]}, {"mergingIntList": [1, 2, 3]}),
        # $deleteFromPrimitiveList
        (
            {"mergingIntList": [1, 2, 3]},
            {"$deleteFromPrimitiveList/mergingIntList": [2]},
            {"mergingIntList": [1, 3]},
        ),
        # $setElementOrder fixes the order of the merged list
        (
            {"mergingList": [{"name": "1"}, {"name": "2"}]},
            {
                "$setElementOrder/mergingList": [{"name": "1"}, {"name": "3"}, {"name": "2"}],
                "mergingList": [{"name": "3"}],
            },
            {"mergingList": [{"name": "1"}, {"name": "3"}, {"name": "2"}]},
        ),
        (
            {"mergingIntList": [1, 2]},
            {"$setElementOrder/mergingIntList": [2, 3, 1], "mergingIntList": [3]},
            {"mergingIntList": [2, 3, 1]},
        ),
        # $retainKeys clears the fields it does not list
        (
            {"retainKeysMap": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1}}},
            {"retainKeysMap": {"$retainKeys": ["type"], "type": "Recreate"}},
            {"retainKeysMap": {"type": "Recreate"}},
        ),
        # a map whose strategy is replace is replaced
        ({"replacingMap": {"a": 1}}, {"replacingMap": {"b": 2}}, {"replacingMap": {"b": 2}}),
        # values of a different type replace
        ({"a": {"b": 1}}, {"a": "x"}, {"a": "x"}),
        # new keys arrive without their nulls and directives
        (
            {},
            {"a": {"b": None, "c": 1}, "mergingList": [{"name": "1"}, {"name": "2", "$patch": "delete"}]},
            {"a": {"c": 1}, "mergingList": [{"name": "1"}]},
        ),
    ],
)
def test_apply(original: dict[str, Any], patch: dict[str, Any], result: dict[str, Any]) -> None:
    before = copy.deepcopy((original, patch))
    assert apply_strategic_merge_patch(original, patch, MERGING) == result
    assert (original, patch) == before


def test_kubectl_patch_docs_example_adds_container_first() -> None:
    deployment = {
        "metadata": {"name": "patch-demo"},
        "spec": {
            "replicas": 2,
            "template": {
                "spec": {
                    "containers": [{"name": "patch-demo-ctr", "image": "nginx"}],
                    "tolerations": [{"effect": "NoSchedule", "key": "dedicated", "value": "test-team"}],
                }
            },
        },
    }
    patch = {"spec": {"template": {"spec": {"containers": [{"name": "patch-demo-ctr-2", "image": "redis"}]}}}}
    out = apply_strategic_merge_patch(deployment, patch, DEPLOYMENT)
    assert out["spec"]["template"]["spec"]["containers"] == [
        {"name": "patch-demo-ctr-2", "image": "redis"},
        {"name": "patch-demo-ctr", "image": "nginx"},
    ]
    tol = {
        "spec": {
            "template": {
                "spec": {"tolerations": [{"effect": "NoSchedule", "key": "disktype", "value": "ssd"}]}
            }
        }
    }
    out = apply_strategic_merge_patch(out, tol, DEPLOYMENT)
    assert out["spec"]["template"]["spec"]["tolerations"] == [
        {"effect": "NoSchedule", "key": "disktype", "value": "ssd"}
    ]


def test_builtin_metadata_merge_keys() -> None:
    pod = {
        "metadata": {"finalizers": ["a"], "ownerReferences": [{"uid": "1", "name": "x"}]},
        "spec": {
            "containers": [
                {
                    "name": "c",
                    "env": [{"name": "A", "value": "1"}],
                    "ports": [{"containerPort": 80}],
                    "volumeMounts": [{"mountPath": "/a", "name": "v"}],
                }
            ],
            "volumes": [{"name": "v", "emptyDir": {}}],
        },
    }
    patch = {
        "metadata": {"finalizers": ["b"], "ownerReferences": [{"uid": "1", "controller": True}]},
        "spec": {
            "containers": [
                {
                    "name": "c",
                    "env": [{"name": "A", "value": "2"}],
                    "ports": [{"containerPort": 80, "name": "http"}],
                    "volumeMounts": [{"mountPath": "/a", "readOnly": True}],
                }
            ],
            "volumes": [{"name": "v", "$retainKeys": ["name", "configMap"], "configMap": {"name": "cm"}}],
        },
    }
    out = apply_strategic_merge_patch(pod, patch, patch_meta_for("v1", "Pod"))
    assert out["metadata"] == {
        "finalizers": ["b", "a"],
        "ownerReferences": [{"uid": "1", "name": "x", "controller": True}],
    }
    c = out["spec"]["containers"][0]
    assert c["env"] == [{"name": "A", "value": "2"}]
    assert c["ports"] == [{"containerPort": 80, "name": "http"}]
    assert c["volumeMounts"] == [{"mountPath": "/a", "name": "v", "readOnly": True}]
    assert out["spec"]["volumes"] == [{"name": "v", "configMap": {"name": "cm"}}]


def test_service_ports_merge_by_port_and_unknown_kinds_replace_lists() -> None:
    svc = {"spec": {"ports": [{"port": 80, "name": "http"}, {"port": 443, "name": "https"}]}}
    out = apply_strategic_merge_patch(
        svc, {"spec": {"ports": [{"port": 80, "targetPort": 8080}]}}, patch_meta_for("v1", "Service")
    )
    assert out["spec"]["ports"] == [
        {"port": 80, "name": "http", "targetPort": 8080},
        {"port": 443, "name": "https"},
    ]
    cm = {"metadata": {"finalizers": ["a"]}, "data": {"a": "1"}, "list": [1]}
    out = apply_strategic_merge_patch(
        cm,
        {"data": {"b": "2"}, "list": [2], "metadata": {"finalizers": ["b"]}},
        patch_meta_for("v1", "ConfigMap"),
    )
    assert out == {"metadata": {"finalizers": ["b", "a"]}, "data": {"a": "1", "b": "2"}, "list": [2]}


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"mergingList": [{"value": "x"}]}, 'map: {"value":"x"} does not contain declared merge key: name'),
        (
            {"mergingList": [{"name": "1", "$patch": "bogus"}]},
            'unknown patch type: bogus in map: {"$patch":"bogus","name":"1"}',
        ),
        ({"a": {"$patch": "bogus"}}, 'unknown patch type: bogus in map: {"$patch":"bogus"}'),
        ({"mergingList": [{"$patch": "merge"}]}, "merging lists cannot yet be specified in the patch"),
    ],
)
def test_errors(patch: dict[str, Any], message: str) -> None:
    with pytest.raises(StrategicMergeError) as exc:
        apply_strategic_merge_patch({"mergingList": [{"name": "1"}], "a": {"b": 1}}, patch, MERGING)
    assert str(exc.value) == message


def test_meta_from_crd_schema() -> None:
    schema = {
        "type": "object",
        "properties": {
            "spec": {
                "type": "object",
                "properties": {
                    "items": {
                        "type": "array",
                        "x-kubernetes-list-type": "map",
                        "x-kubernetes-list-map-keys": ["name"],
                        "items": {"type": "object", "properties": {"name": {"type": "string"}}},
                    },
                    "tags": {"type": "array", "x-kubernetes-list-type": "set", "items": {"type": "string"}},
                    "plain": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    }
    meta = patch_meta_from_schema(schema)
    spec = meta.child("spec")
    assert spec.child("items").effective_list_type == "map"
    assert spec.child("items").effective_list_map_keys == ("name",)
    assert spec.child("tags").effective_list_type == "set"
    assert spec.child("plain").effective_list_type == "atomic"
    assert meta.child("metadata").child("finalizers").effective_list_type == "set"
