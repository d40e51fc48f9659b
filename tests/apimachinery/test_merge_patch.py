"""RFC 7386 JSON merge patch: the examples of RFC 7386 appendix A, plus create/apply round trips."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from controller_runtime.apimachinery.merge_patch import apply_merge_patch, create_merge_patch

RFC_7386_APPENDIX_A: list[tuple[Any, Any, Any]] = [
    ({"a": "b"}, {"a": "c"}, {"a": "c"}),
    ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
    ({"a": "b"}, {"a": None}, {}),
    ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
    ({"a": ["b"]}, {"a": "c"}, {"a": "c"}),
    ({"a": "c"}, {"a": ["b"]}, {"a": ["b"]}),
    ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
    ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
    (["a", "b"], ["c", "d"], ["c", "d"]),
    ({"a": "b"}, ["c"], ["c"]),
    ({"a": "foo"}, None, None),
    ({"a": "foo"}, "bar", "bar"),
    ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
    ([1, 2], {"a": "b", "c": None}, {"a": "b"}),
    ({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
]


@pytest.mark.parametrize(("target", "patch", "result"), RFC_7386_APPENDIX_A)
def test_rfc7386_appendix_a(target: Any, patch: Any, result: Any) -> None:
    before_target, before_patch = copy.deepcopy(target), copy.deepcopy(patch)
    assert apply_merge_patch(target, patch) == result
    assert (target, patch) == (before_target, before_patch)


def test_result_shares_nothing_with_inputs() -> None:
    target = {"spec": {"list": [1, 2], "keep": {"x": 1}}}
    patch = {"spec": {"new": {"y": [3]}}}
    out = apply_merge_patch(target, patch)
    out["spec"]["keep"]["x"] = 9
    out["spec"]["new"]["y"].append(4)
    out["spec"]["list"].append(3)
    assert target == {"spec": {"list": [1, 2], "keep": {"x": 1}}}
    assert patch == {"spec": {"new": {"y": [3]}}}


@pytest.mark.parametrize(
    ("original", "modified", "patch"),
    [
        ({"a": 1}, {"a": 1}, {}),
        ({"a": 1}, {"a": 2}, {"a": 2}),
        ({"a": 1, "b": 2}, {"a": 1}, {"b": None}),
        ({"m": {"x": 1, "y": 2}}, {"m": {"x": 1, "y": 3}}, {"m": {"y": 3}}),
        ({"l": [1, 2]}, {"l": [1]}, {"l": [1]}),
        ({"a": {"b": 1}}, {"a": "s"}, {"a": "s"}),
        ({"a": 1}, {"a": 1.0, "b": True}, {"a": 1.0, "b": True}),
    ],
)
def test_create_merge_patch(original: Any, modified: Any, patch: Any) -> None:
    assert create_merge_patch(original, modified) == patch


json_leaf = st.one_of(st.integers(), st.text(max_size=3), st.booleans(), st.lists(st.integers(), max_size=3))
json_doc = st.recursive(
    json_leaf, lambda inner: st.dictionaries(st.text(max_size=3), inner, max_size=4), max_leaves=12
)


@given(
    st.dictionaries(st.text(max_size=3), json_doc, max_size=4),
    st.dictionaries(st.text(max_size=3), json_doc, max_size=4),
)
def test_create_then_apply_round_trips(original: dict[str, Any], modified: dict[str, Any]) -> None:
    assert apply_merge_patch(original, create_merge_patch(original, modified)) == modified


def test_the_result_keeps_the_targets_key_order_then_adds_new_keys_in_patch_order() -> None:
    """What `kubectl get -o json` shows after a patch: fields stay where they were."""
    target = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "c", "labels": {"b": "1"}},
        "data": {},
    }
    patch = {"zeta": 1, "data": {"k": "v"}, "metadata": {"labels": {"a": "2"}}, "alpha": 2, "kind": None}
    out = apply_merge_patch(target, patch)
    assert list(out) == ["apiVersion", "metadata", "data", "zeta", "alpha"]
    assert list(out["metadata"]["labels"]) == ["b", "a"]
