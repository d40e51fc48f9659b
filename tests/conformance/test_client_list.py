"""Listing: label and field selectors, all-namespace lists, limit/continue paging."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from controller_runtime.client import Client, errors


def configmap(ns: str, name: str, labels: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": name, "namespace": ns, "labels": labels or {}},
    }


def names(lst: dict[str, Any]) -> list[str]:
    return sorted(i["metadata"]["name"] for i in lst["items"])


@pytest.fixture
async def labelled(client: Client, namespace: str) -> str:
    run = uuid.uuid4().hex[:8]
    specs = {
        "a1": {"app": "a", "tier": "web"},
        "a2": {"app": "a", "tier": "db"},
        "b1": {"app": "b", "tier": "web"},
        "plain": {},
    }
    for name, labels in specs.items():
        await client.create(configmap(namespace, name, {**labels, "run": run}))
    return run


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("app=a", ["a1", "a2"]),
        ("app==a", ["a1", "a2"]),
        ("app!=a", ["b1", "plain"]),
        ("app in (a,b)", ["a1", "a2", "b1"]),
        ("app notin (a)", ["b1", "plain"]),
        ("app", ["a1", "a2", "b1"]),
        ("!app", ["plain"]),
        ("app=a,tier=web", ["a1"]),
        ("tier=web,app!=a", ["b1"]),
    ],
)
async def test_label_selectors(
    client: Client, namespace: str, labelled: str, selector: str, expected: list[str]
) -> None:
    lst = await client.list("v1", "ConfigMap", namespace, label_selector=f"{selector},run={labelled}")
    assert names(lst) == expected


async def test_invalid_label_selector_is_bad_request(client: Client, namespace: str) -> None:
    with pytest.raises(errors.BadRequestError) as info:
        await client.list("v1", "ConfigMap", namespace, label_selector="app in (a")
    assert info.value.status == 400
    assert "unable to parse requirement: found '', expected: ',' or ')'" in str(info.value)


async def test_field_selectors(client: Client, namespace: str, labelled: str) -> None:
    by_name = await client.list("v1", "ConfigMap", namespace, field_selector="metadata.name=b1")
    assert names(by_name) == ["b1"]
    not_name = await client.list(
        "v1", "ConfigMap", namespace, field_selector="metadata.name!=b1", label_selector=f"run={labelled}"
    )
    assert names(not_name) == ["a1", "a2", "plain"]
    everywhere = await client.list(
        "v1",
        "ConfigMap",
        None,
        field_selector=f"metadata.namespace={namespace}",
        label_selector=f"run={labelled}",
    )
    assert names(everywhere) == ["a1", "a2", "b1", "plain"]


async def test_unknown_field_selector_is_bad_request(client: Client, namespace: str) -> None:
    with pytest.raises(errors.BadRequestError) as info:
        await client.list("test.lookout.dev/v1", "Widget", namespace, field_selector="spec.size=small")
    # kube-apiserver: "field label not supported: spec.size" (CRDs without selectableFields)
    assert str(info.value) == "field label not supported: spec.size"


async def test_all_namespaces_list_spans_namespaces(client: Client, namespace: str) -> None:
    run = uuid.uuid4().hex[:8]
    other = f"t-{uuid.uuid4().hex[:10]}"
    await client.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": other}})
    try:
        await client.create(configmap(namespace, "here", {"run": run}))
        await client.create(configmap(other, "there", {"run": run}))
        lst = await client.list("v1", "ConfigMap", label_selector=f"run={run}")
        assert sorted((i["metadata"]["namespace"], i["metadata"]["name"]) for i in lst["items"]) == sorted(
            [(namespace, "here"), (other, "there")]
        )
        assert all(i["kind"] == "ConfigMap" and i["apiVersion"] == "v1" for i in lst["items"])
        assert lst["metadata"]["resourceVersion"]
    finally:
        await client.delete("v1", "Namespace", other)


async def test_limit_and_continue(client: Client, namespace: str) -> None:
    for i in range(5):
        await client.create(
            {
                "apiVersion": "test.lookout.dev/v1",
                "kind": "Widget",
                "metadata": {"name": f"w{i}", "namespace": namespace},
                "spec": {"image": "x"},
            }
        )
    first = await client.list("test.lookout.dev/v1", "Widget", namespace, limit=2)
    assert names(first) == ["w0", "w1"]
    assert first["metadata"]["continue"]
    assert first["metadata"]["remainingItemCount"] == 3

    seen = names(first)
    token = first["metadata"]["continue"]
    pages = 1
    while token:
        page = await client.list("test.lookout.dev/v1", "Widget", namespace, limit=2, continue_=token)
        # Every page is served from the first page's snapshot.
        assert page["metadata"]["resourceVersion"] == first["metadata"]["resourceVersion"]
        seen += names(page)
        token = page["metadata"].get("continue")
        pages += 1
    assert seen == ["w0", "w1", "w2", "w3", "w4"]
    assert pages == 3

    streamed = [
        o["metadata"]["name"]
        async for o in client.list_all("test.lookout.dev/v1", "Widget", namespace, page_size=2)
    ]
    assert streamed == ["w0", "w1", "w2", "w3", "w4"]


async def test_continue_token_keeps_the_snapshot(client: Client, namespace: str) -> None:
    for i in range(3):
        await client.create(configmap(namespace, f"c{i}", {"snap": "yes"}))
    first = await client.list("v1", "ConfigMap", namespace, label_selector="snap=yes", limit=1)
    await client.create(configmap(namespace, "c9", {"snap": "yes"}))  # after the snapshot
    await client.delete("v1", "ConfigMap", "c2", namespace)
    rest: list[str] = []
    token = first["metadata"]["continue"]
    while token:
        page = await client.list(
            "v1", "ConfigMap", namespace, label_selector="snap=yes", limit=1, continue_=token
        )
        rest += names(page)
        token = page["metadata"].get("continue")
    assert names(first) + rest == ["c0", "c1", "c2"]


async def test_bad_continue_token_is_bad_request(client: Client, namespace: str) -> None:
    with pytest.raises(errors.BadRequestError):
        await client.list("v1", "ConfigMap", namespace, limit=1, continue_="not-a-token")
