"""The indexed store behind every informer: keys, the namespace index and custom indexes."""

from __future__ import annotations

from typing import Any

import pytest

from controller_runtime.cache.store import NAMESPACE_INDEX, IndexError_, Store, object_key, split_key


def policy(ns: str, name: str, image: str, rv: str = "1") -> dict[str, Any]:
    return {
        "apiVersion": "image.toolkit.fluxcd.io/v1",
        "kind": "ImagePolicy",
        "metadata": {"namespace": ns, "name": name, "resourceVersion": rv},
        "spec": {"imageRepositoryRef": {"name": image}},
    }


def by_repository(obj: dict[str, Any]) -> list[str]:
    return [obj["spec"]["imageRepositoryRef"]["name"]]


def test_keys_are_namespace_slash_name_or_bare_name_for_cluster_scoped() -> None:
    assert object_key(policy("ns1", "p", "podinfo")) == "ns1/p"
    assert object_key({"metadata": {"name": "node-1"}}) == "node-1"
    assert split_key("ns1/p") == ("ns1", "p")
    assert split_key("node-1") == ("", "node-1")
    with pytest.raises(ValueError, match=r"no metadata\.name"):
        object_key({"metadata": {}})


def test_namespace_index_and_custom_index_follow_updates_and_deletes() -> None:
    store = Store({"repository": by_repository})
    store.add(policy("a", "p1", "podinfo"))
    store.add(policy("a", "p2", "nginx"))
    store.add(policy("b", "p3", "podinfo"))

    assert [o["metadata"]["name"] for o in store.by_index(NAMESPACE_INDEX, "a")] == ["p1", "p2"]
    assert store.index_keys("repository", "podinfo") == ["a/p1", "b/p3"]

    # p1 now points at nginx: the old index entry must go away.
    store.update(policy("a", "p1", "nginx", rv="2"))
    assert store.index_keys("repository", "podinfo") == ["b/p3"]
    assert store.index_keys("repository", "nginx") == ["a/p1", "a/p2"]

    store.delete(policy("b", "p3", "podinfo"))
    assert store.index_keys("repository", "podinfo") == []
    assert "podinfo" not in store.index_values("repository")
    assert store.by_index(NAMESPACE_INDEX, "b") == []
    assert len(store) == 2


def test_indexer_added_late_indexes_existing_objects() -> None:
    store = Store()
    store.add(policy("a", "p1", "podinfo"))
    store.add_indexers({"repository": by_repository})
    assert store.index_keys("repository", "podinfo") == ["a/p1"]
    with pytest.raises(ValueError, match="indexer conflict"):
        store.add_indexers({"repository": by_repository})


def test_replace_swaps_content_and_rebuilds_indexes() -> None:
    store = Store({"repository": by_repository})
    store.add(policy("a", "old", "podinfo"))
    store.replace([policy("a", "new", "nginx")])
    assert store.list_keys() == ["a/new"]
    assert store.index_keys("repository", "podinfo") == []
    assert store.index_keys("repository", "nginx") == ["a/new"]


def test_unknown_index_is_an_error() -> None:
    with pytest.raises(IndexError_, match="does not exist"):
        Store().by_index("nope", "x")
