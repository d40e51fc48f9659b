"""Watches: ordered events from a resourceVersion, selectors, bookmarks, 410 Gone."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest

from controller_runtime.client import Client, WatchEvent, errors


def configmap(ns: str, name: str, labels: dict[str, str] | None = None, **data: str) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": name, "namespace": ns, "labels": labels or {}},
        "data": data,
    }


async def collect(client: Client, n: int, **kwargs: Any) -> list[WatchEvent]:
    """The first `n` non-bookmark events of a watch (bounded by a deadline)."""
    out: list[WatchEvent] = []
    async with asyncio.timeout(20):
        async for ev in client.watch("v1", "ConfigMap", **kwargs):
            if ev.type == "BOOKMARK":
                continue
            out.append(ev)
            if len(out) == n:
                break
    return out


async def test_events_from_a_resource_version_in_order(client: Client, namespace: str) -> None:
    start = (await client.list("v1", "ConfigMap", namespace))["metadata"]["resourceVersion"]
    created = await client.create(configmap(namespace, "w", v="1"))
    updated = await client.update(dict(created, data={"v": "2"}))
    await client.delete("v1", "ConfigMap", "w", namespace)

    events = await collect(client, 3, namespace=namespace, resource_version=start)
    assert [e.type for e in events] == ["ADDED", "MODIFIED", "DELETED"]
    assert [e.object["metadata"]["name"] for e in events] == ["w", "w", "w"]
    assert events[0].object["metadata"]["resourceVersion"] == created["metadata"]["resourceVersion"]
    assert events[1].object["data"] == {"v": "2"}
    assert events[1].object["metadata"]["resourceVersion"] == updated["metadata"]["resourceVersion"]
    assert events[0].object["kind"] == "ConfigMap"


async def test_watch_sees_live_changes_with_label_selector(client: Client, namespace: str) -> None:
    start = (await client.list("v1", "ConfigMap", namespace))["metadata"]["resourceVersion"]
    watcher = asyncio.create_task(
        collect(client, 2, namespace=namespace, resource_version=start, label_selector="pick=yes")
    )
    await client.create(configmap(namespace, "skip", {"pick": "no"}))
    await client.create(configmap(namespace, "take", {"pick": "yes"}))
    await client.patch("v1", "ConfigMap", "take", {"data": {"x": "1"}}, namespace)
    events = await watcher
    assert [(e.type, e.object["metadata"]["name"]) for e in events] == [
        ("ADDED", "take"),
        ("MODIFIED", "take"),
    ]


async def test_label_change_out_of_selector_is_a_deleted_event(client: Client, namespace: str) -> None:
    created = await client.create(configmap(namespace, "m", {"pick": "yes"}))
    rv = created["metadata"]["resourceVersion"]
    patched = await client.patch("v1", "ConfigMap", "m", {"metadata": {"labels": {"pick": "no"}}}, namespace)
    events = await collect(client, 1, namespace=namespace, resource_version=rv, label_selector="pick=yes")
    assert events[0].type == "DELETED"
    # kube-apiserver's watch cache sends the last state that matched, at the new resourceVersion.
    assert events[0].object["metadata"]["labels"] == {"pick": "yes"}
    assert events[0].object["metadata"]["resourceVersion"] == patched["metadata"]["resourceVersion"]


async def test_field_selector_watch_and_other_namespaces_hidden(client: Client, namespace: str) -> None:
    start = (await client.list("v1", "ConfigMap", namespace))["metadata"]["resourceVersion"]
    await client.create(configmap(namespace, "a"))
    await client.create(configmap(namespace, "b"))
    events = await collect(
        client, 1, namespace=namespace, resource_version=start, field_selector="metadata.name=b"
    )
    assert [(e.type, e.object["metadata"]["name"]) for e in events] == [("ADDED", "b")]


async def test_all_namespaces_watch(client: Client, namespace: str) -> None:
    start = (await client.list("v1", "ConfigMap", namespace))["metadata"]["resourceVersion"]
    await client.create(configmap(namespace, "everywhere", {"allns": namespace}))
    events = await collect(client, 1, resource_version=start, label_selector=f"allns={namespace}")
    assert events[0].object["metadata"]["namespace"] == namespace


async def test_bookmark_before_timeout_then_stream_ends(client: Client, namespace: str) -> None:
    created = await client.create(configmap(namespace, "bm"))
    seen: list[WatchEvent] = []
    async with asyncio.timeout(30):
        # kube-apiserver's watch cache sends a bookmark shortly (2s) before a timed-out watch
        # closes. Measured on 1.32: a watch from "0" (the current state, then changes) gets it;
        # one from a list's resourceVersion may get none, so this one starts from "0".
        async for ev in client.watch(
            "v1", "ConfigMap", namespace, resource_version="0", allow_bookmarks=True, timeout_seconds=5
        ):
            seen.append(ev)
    types = [e.type for e in seen]
    assert types[0] == "ADDED"
    assert "BOOKMARK" in types
    bookmark = next(e for e in seen if e.type == "BOOKMARK")
    assert bookmark.object["kind"] == "ConfigMap"
    assert bookmark.object["metadata"]["resourceVersion"]
    assert set(bookmark.object["metadata"]) <= {"resourceVersion", "annotations", "creationTimestamp"}

    # Resuming from the bookmark does not replay what came before it.
    async def nothing_replayed() -> list[str]:
        out = []
        async for ev in client.watch(
            "v1",
            "ConfigMap",
            namespace,
            resource_version=bookmark.object["metadata"]["resourceVersion"],
            allow_bookmarks=False,
            timeout_seconds=1,
        ):
            out.append(ev.object["metadata"].get("name", ""))
        return out

    async with asyncio.timeout(20):
        assert created["metadata"]["name"] not in await nothing_replayed()


async def test_watch_from_an_old_resource_version_replays_or_is_gone(client: Client, namespace: str) -> None:
    """A watch from resourceVersion "1" either replays the history since (a fresh kube-apiserver
    serves it from etcd until the first compaction, 5 minutes after start) or, once that history
    is compacted away, ends with one ERROR event: 410 Expired, "too old resource version"."""
    created = await client.create(configmap(namespace, "history"))
    replayed: list[WatchEvent] = []
    try:
        async with asyncio.timeout(20):
            async for ev in client.watch(
                "v1", "ConfigMap", namespace, resource_version="1", timeout_seconds=2
            ):
                replayed.append(ev)
    except errors.GoneError as gone:
        assert gone.status == 410
        assert "too old resource version" in str(gone)
        assert replayed == []
        return
    assert [(e.type, e.object["metadata"]["name"]) for e in replayed if e.type != "BOOKMARK"] == [
        ("ADDED", "history")
    ]
    assert replayed[0].object["metadata"]["resourceVersion"] == created["metadata"]["resourceVersion"]


async def test_watch_of_unknown_kind_names_it(client: Client) -> None:
    from controller_runtime.client import NoKindMatchError

    expected = 'no matches for kind "Nope" in version "test.lookout.dev/v1"'
    with pytest.raises(NoKindMatchError, match=re.escape(expected)):
        async for _ in client.watch("test.lookout.dev/v1", "Nope"):
            pass
