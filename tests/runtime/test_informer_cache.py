"""The shared cache reconcilers read from: one informer per kind, copies, selectors, indexes, scope."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest

from controller_runtime.cache import ByObject, CacheNotStartedError, InformerCache, UnknownNamespaceError
from controller_runtime.client import Client, NoKindMatchError, errors
from tests.support.wait import eventually


def widget(ns: str, name: str, image: str, labels: dict[str, str] | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name, "namespace": ns}
    if labels:
        meta["labels"] = labels
    return {"apiVersion": "test.lookout.dev/v1", "kind": "Widget", "metadata": meta, "spec": {"image": image}}


W = ("test.lookout.dev/v1", "Widget")


@contextlib.asynccontextmanager
async def started(cache: InformerCache) -> AsyncIterator[InformerCache]:
    task = asyncio.create_task(cache.start())
    try:
        async with asyncio.timeout(20):
            assert await cache.wait_for_cache_sync()
        yield cache
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_reads_come_from_the_cache_as_deep_copies(client: Client, namespace: str) -> None:
    await client.create(widget(namespace, "a", "nginx", {"tier": "web"}))
    await client.create(widget(namespace, "b", "redis", {"tier": "db"}))
    cache = InformerCache(client)
    async with started(cache):
        got = await cache.get(*W, "a", namespace=namespace)
        assert got["spec"]["image"] == "nginx"
        got["spec"]["image"] = "mutated"
        assert (await cache.get(*W, "a", namespace=namespace))["spec"]["image"] == "nginx"

        lst = await cache.list(*W, namespace=namespace)
        assert lst["kind"] == "WidgetList"
        assert [o["metadata"]["name"] for o in lst["items"]] == ["a", "b"]
        web = await cache.list(*W, namespace=namespace, label_selector="tier in (web,frontend)")
        assert [o["metadata"]["name"] for o in web["items"]] == ["a"]

        with pytest.raises(errors.NotFoundError, match=r'widgets\.test\.lookout\.dev "zzz" not found'):
            await cache.get(*W, "zzz", namespace=namespace)

        # One informer per kind, shared, and the cache follows the server.
        assert await cache.get_informer(*W) is await cache.get_informer(*W)
        await client.patch(*W, "b", {"spec": {"image": "valkey"}}, namespace=namespace)

        async def b_image() -> bool:
            return (await cache.get(*W, "b", namespace=namespace))["spec"]["image"] == "valkey"

        await eventually(b_image)


async def test_field_index_lists_objects_by_derived_value(client: Client, namespace: str) -> None:
    for name, image in (("a", "ghcr.io/x/podinfo"), ("b", "ghcr.io/x/podinfo"), ("c", "docker.io/nginx")):
        await client.create(widget(namespace, name, image))
    cache = InformerCache(client)
    await cache.index_field(*W, "spec.image", lambda o: [o["spec"]["image"]])
    async with started(cache):
        lst = await cache.list(*W, namespace=namespace, matching_fields={"spec.image": "ghcr.io/x/podinfo"})
        assert [o["metadata"]["name"] for o in lst["items"]] == ["a", "b"]
        everywhere = await cache.list(*W, matching_fields={"spec.image": "docker.io/nginx"})
        assert [o["metadata"]["name"] for o in everywhere["items"]] == ["c"]
        await client.patch(*W, "c", {"spec": {"image": "ghcr.io/x/podinfo"}}, namespace=namespace)

        async def three() -> bool:
            fields = {"spec.image": "ghcr.io/x/podinfo"}
            got = await cache.list(*W, namespace=namespace, matching_fields=fields)
            return len(got["items"]) == 3

        await eventually(three)
        with pytest.raises(ValueError, match=r"no index with name spec\.size"):
            await cache.list(*W, matching_fields={"spec.size": "small"})


async def test_reads_before_start_are_refused(client: Client) -> None:
    with pytest.raises(CacheNotStartedError):
        await InformerCache(client).get(*W, "a", namespace="default")


async def test_informer_requested_while_running_starts_at_once(client: Client, namespace: str) -> None:
    meta = {"name": "c", "namespace": namespace}
    await client.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta})
    cache = InformerCache(client)
    async with started(cache):
        informer = await cache.get_informer("v1", "ConfigMap")
        await eventually(informer.has_synced)
        assert (await cache.get("v1", "ConfigMap", "c", namespace=namespace))["metadata"]["name"] == "c"
        # Cluster-scoped kinds work the same way, namespace or not.
        ns = await cache.get("v1", "Namespace", namespace)
        assert ns["metadata"]["name"] == namespace


async def test_unknown_kind_fails_get_informer(client: Client) -> None:
    with pytest.raises(NoKindMatchError):
        await InformerCache(client).get_informer("test.lookout.dev/v1", "Nonexistent")


async def test_label_selector_and_namespace_restrict_what_is_cached(client: Client, namespace: str) -> None:
    other = f"{namespace}-o"
    await client.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": other}})
    try:
        await client.create(widget(namespace, "in-shard", "nginx", {"shard": "one"}))
        await client.create(widget(namespace, "other-shard", "nginx", {"shard": "two"}))
        await client.create(widget(other, "elsewhere", "nginx", {"shard": "one"}))
        cache = InformerCache(client, namespace=namespace, label_selector="shard=one")
        async with started(cache):
            names = [o["metadata"]["name"] for o in (await cache.list(*W))["items"]]
            assert names == ["in-shard"]
            # Outside the watched namespace the cache cannot know: an error, never a NotFound
            # that a reconciler would read as "deleted".
            with pytest.raises(UnknownNamespaceError, match="unknown namespace for the cache") as got:
                await cache.get(*W, "elsewhere", namespace=other)
            assert not errors.is_not_found(got.value)
            with pytest.raises(UnknownNamespaceError, match=f"unable to list: {other} because"):
                await cache.list(*W, namespace=other)
            # Inside it, a missing object is NotFound as usual.
            with pytest.raises(errors.NotFoundError):
                await cache.get(*W, "zzz", namespace=namespace)
        # Per-kind overrides win over the cache-wide scope.
        by_object = {W: ByObject(label_selector="shard=two")}
        cache = InformerCache(client, namespace=namespace, by_object=by_object)
        async with started(cache):
            names = [o["metadata"]["name"] for o in (await cache.list(*W))["items"]]
            assert names == ["other-shard"]
            # Cluster-scoped kinds know no namespace, so the restriction does not apply to them.
            assert (await cache.get("v1", "Namespace", other))["metadata"]["name"] == other
    finally:
        await client.delete("v1", "Namespace", other)
