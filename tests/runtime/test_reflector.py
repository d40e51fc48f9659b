"""Informers against a real (embedded) API server: lists, watches, reconnects, 410 Gone.

Whatever happens to the connection, handlers must end up having seen every object's
final state, each change once: that is what lets controllers trust the cache.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import AsyncIterator
from typing import Any

import pytest

from controller_runtime.cache.informer import SharedIndexInformer
from controller_runtime.cache.reflector import Backoff
from controller_runtime.client import Client, RestConfig
from controller_runtime.event import DeletedFinalStateUnknown
from tests.runtime.tcp_proxy import TCPProxy
from tests.support.wait import eventually


class RecordingHandler:
    """Keeps what a controller would know: the last state per object, from events alone."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str, str]] = []
        self.state: dict[str, dict[str, str]] = {}
        self.initial: list[str] = []
        self.tombstones: list[str] = []

    def on_add(self, obj: dict[str, Any], is_in_initial_list: bool) -> None:
        name = obj["metadata"]["name"]
        self.events.append(("add", name, obj["metadata"]["resourceVersion"]))
        if is_in_initial_list:
            self.initial.append(name)
        self.state[name] = dict(obj.get("data") or {})

    def on_update(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        name = new["metadata"]["name"]
        self.events.append(("update", name, new["metadata"]["resourceVersion"]))
        self.state[name] = dict(new.get("data") or {})

    def on_delete(self, obj: dict[str, Any] | DeletedFinalStateUnknown) -> None:
        if isinstance(obj, DeletedFinalStateUnknown):
            self.tombstones.append(obj.key)
            obj = obj.obj
        name = obj["metadata"]["name"]
        self.events.append(("delete", name, obj["metadata"]["resourceVersion"]))
        self.state.pop(name, None)

    def no_duplicates(self) -> bool:
        """No object state was delivered twice (same event kind, same object, same RV)."""
        return len(self.events) == len(set(self.events))


def cm(namespace: str, name: str, value: str) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": name, "namespace": namespace},
        "data": {"v": value},
    }


async def server_state(client: Client, namespace: str) -> dict[str, dict[str, str]]:
    lst = await client.list("v1", "ConfigMap", namespace=namespace)
    return {
        o["metadata"]["name"]: dict(o.get("data") or {})
        for o in lst["items"]
        if o["metadata"]["name"] != "kube-root-ca.crt"
    }


def handler_state(h: RecordingHandler) -> dict[str, dict[str, str]]:
    return {k: v for k, v in h.state.items() if k != "kube-root-ca.crt"}


@contextlib.asynccontextmanager
async def running(informer: SharedIndexInformer) -> AsyncIterator[SharedIndexInformer]:
    task = asyncio.create_task(informer.run())
    try:
        yield informer
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


FAST = Backoff(initial=0.05, cap=0.5, jitter=0.5)


async def test_list_then_watch_delivers_initial_list_and_every_change(client: Client, namespace: str) -> None:
    for i in range(3):
        await client.create(cm(namespace, f"pre-{i}", "0"))
    informer = SharedIndexInformer(client, "v1", "ConfigMap", namespace=namespace, watch_timeout_range=(1, 1))
    h = RecordingHandler()
    reg = informer.add_event_handler(h)
    async with running(informer):
        await eventually(informer.has_synced)
        assert reg.has_synced()
        assert sorted(n for n in h.initial if n.startswith("pre-")) == ["pre-0", "pre-1", "pre-2"]

        await client.patch("v1", "ConfigMap", "pre-0", {"data": {"v": "1"}}, namespace=namespace)
        await client.delete("v1", "ConfigMap", "pre-1", namespace=namespace)
        await client.create(cm(namespace, "new", "x"))
        want = await server_state(client, namespace)
        await eventually(lambda: handler_state(h) == want)
        assert ("add", "new") in [(e[0], e[1]) for e in h.events]
        assert not any(n == "new" for n in h.initial)  # watched, not listed

        # The server closes each watch after 1 s: the reflector re-watches from its last
        # resourceVersion without relisting, and nothing is missed in between.
        await eventually(lambda: informer.reflector.watches >= 3, timeout=15)
        await client.patch("v1", "ConfigMap", "new", {"data": {"v": "y"}}, namespace=namespace)
        want = await server_state(client, namespace)
        await eventually(lambda: handler_state(h) == want)
        assert informer.reflector.lists == 1
        assert h.no_duplicates()
        assert h.tombstones == []


async def test_late_handler_gets_the_cache_as_initial_adds(client: Client, namespace: str) -> None:
    await client.create(cm(namespace, "a", "1"))
    informer = SharedIndexInformer(client, "v1", "ConfigMap", namespace=namespace)
    async with running(informer):
        await eventually(informer.has_synced)
        late = RecordingHandler()
        reg = informer.add_event_handler(late)
        assert reg.has_synced()
        assert "a" in late.initial
        informer.remove_event_handler(reg)
        await client.create(cm(namespace, "b", "1"))
        await eventually(lambda: informer.store.get_by_key(f"{namespace}/b") is not None)
        assert "b" not in late.state


async def test_resync_replays_cached_objects_as_updates_without_the_server(
    client: Client, namespace: str
) -> None:
    await client.create(cm(namespace, "a", "1"))
    informer = SharedIndexInformer(client, "v1", "ConfigMap", namespace=namespace)
    h = RecordingHandler()
    informer.add_event_handler(h)
    async with running(informer):
        await eventually(informer.has_synced)
        before = len(h.events)
        requests = (informer.reflector.lists, informer.reflector.watches)
        informer.resync()
        replayed = h.events[before:]
        # Every cached object, once, as an update carrying the state already cached.
        cached = {(o["metadata"]["name"], o["metadata"]["resourceVersion"]) for o in informer.store.list()}
        assert [e[0] for e in replayed] == ["update"] * len(cached)
        assert {(e[1], e[2]) for e in replayed} == cached
        assert h.state["a"] == {"v": "1"}
        assert (informer.reflector.lists, informer.reflector.watches) == requests  # no server round


async def test_dropped_connections_lose_nothing(env: Any, client: Client, namespace: str) -> None:
    proxy = TCPProxy(env.config.host)
    await proxy.start()
    try:
        async with Client(dataclasses.replace(env.config, host=proxy.url)) as proxied:
            for i in range(4):
                await client.create(cm(namespace, f"o-{i}", "0"))
            informer = SharedIndexInformer(proxied, "v1", "ConfigMap", namespace=namespace, backoff=FAST)
            h = RecordingHandler()
            informer.add_event_handler(h)
            async with running(informer):
                await eventually(informer.has_synced)
                for round_ in range(3):
                    proxy.blocked = True
                    proxy.cut()
                    # Changed while we are disconnected: the informer must catch up on all of it.
                    await client.patch(
                        "v1", "ConfigMap", "o-0", {"data": {"v": f"r{round_}"}}, namespace=namespace
                    )
                    await client.delete("v1", "ConfigMap", f"o-{round_ + 1}", namespace=namespace)
                    await client.create(cm(namespace, f"n-{round_}", "x"))
                    proxy.blocked = False
                    want = await server_state(client, namespace)
                    await eventually(lambda w=want: handler_state(h) == w)  # type: ignore[misc]
                assert h.no_duplicates()
                assert informer.reflector.watches >= 2
    finally:
        await proxy.stop()


@pytest.fixture
async def small_history_server() -> AsyncIterator[RestConfig]:
    """A private API server that keeps only 5 events of watch history, so old RVs expire fast."""
    from controller_runtime.envtest.apiserver import APIServer

    server = APIServer(host="127.0.0.1", port=0, tls=True, history_size=5)
    await server.start()
    ca = server.ca_pem
    try:
        yield RestConfig(host=server.url, ca_data=ca if isinstance(ca, bytes) else None, token=server.token)
    finally:
        await server.stop()


async def test_410_gone_relists_and_reports_vanished_objects_as_tombstones(
    small_history_server: RestConfig,
) -> None:
    cfg = small_history_server
    proxy = TCPProxy(cfg.host)
    await proxy.start()
    ns = "gone"
    try:
        async with Client(cfg) as direct, Client(dataclasses.replace(cfg, host=proxy.url)) as proxied:
            await direct.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})
            for i in range(3):
                await direct.create(cm(ns, f"o-{i}", "0"))
            informer = SharedIndexInformer(proxied, "v1", "ConfigMap", namespace=ns, backoff=FAST)
            h = RecordingHandler()
            informer.add_event_handler(h)
            async with running(informer):
                await eventually(informer.has_synced)
                proxy.blocked = True
                proxy.cut()
                # Far more writes than the server remembers: our resourceVersion is now too old.
                for i in range(10):
                    await direct.patch("v1", "ConfigMap", "o-0", {"data": {"v": str(i)}}, namespace=ns)
                await direct.delete("v1", "ConfigMap", "o-1", namespace=ns)
                await direct.create(cm(ns, "fresh", "x"))
                proxy.blocked = False
                want = await server_state(direct, ns)
                await eventually(lambda: handler_state(h) == want)
                assert informer.reflector.lists >= 2
                # The deletion happened outside any watch: it arrives as a tombstone with the last state.
                assert h.tombstones == [f"{ns}/o-1"]
                assert h.state["o-0"] == {"v": "9"}
                # Objects untouched while away are not re-announced on relist.
                assert [e for e in h.events if e[1] == "o-2"] == [e for e in h.events[:3] if e[1] == "o-2"]
                assert h.no_duplicates()
    finally:
        await proxy.stop()


class WritesBeforeFirstWatch:
    """The real client, except that the first watch starts only after ``writes`` ran."""

    def __init__(self, client: Client, writes: Any) -> None:
        self._client = client
        self._writes = writes
        self.mapping = client.mapping
        self.list = client.list

    async def watch(self, *args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        if self._writes is not None:
            writes, self._writes = self._writes, None
            await writes()
        async for ev in self._client.watch(*args, **kwargs):
            yield ev


async def test_watch_from_an_expired_resource_version_relists(small_history_server: RestConfig) -> None:
    ns = "expired"
    async with Client(small_history_server) as direct:
        await direct.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})
        await direct.create(cm(ns, "a", "0"))

        async def writes() -> None:
            for i in range(8):
                await direct.patch("v1", "ConfigMap", "a", {"data": {"v": str(i)}}, namespace=ns)

        informer = SharedIndexInformer(WritesBeforeFirstWatch(direct, writes), "v1", "ConfigMap",
                                       namespace=ns, backoff=FAST)
        h = RecordingHandler()
        informer.add_event_handler(h)
        async with running(informer):
            await eventually(lambda: h.state.get("a") == {"v": "7"})
            assert informer.reflector.expired == 1
            assert informer.reflector.lists == 2
            assert [e[0] for e in h.events if e[1] == "a"] == ["add", "update"]


def test_backoff_doubles_from_800ms_to_a_30s_cap_and_resets_after_two_quiet_minutes() -> None:
    now = [0.0]
    b = Backoff(jitter=0.0, monotonic=lambda: now[0])
    delays = []
    for _ in range(8):
        delays.append(b.next())
        now[0] += 1
    assert delays == [0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 30.0, 30.0]
    now[0] += 121  # no failure for more than 2 minutes
    assert b.next() == 0.8

    jittery = Backoff(monotonic=lambda: now[0])
    samples = [Backoff(monotonic=lambda: now[0]).next() for _ in range(50)]
    assert all(0.8 <= d <= 1.6 for d in samples) and len(set(samples)) > 1
    assert jittery.next() <= 1.6


def test_resync_period_jitter_stays_within_ten_percent() -> None:
    from controller_runtime.cache.informer import DEFAULT_RESYNC_PERIOD, resync_period_with_jitter

    periods = [resync_period_with_jitter(DEFAULT_RESYNC_PERIOD) for _ in range(200)]
    assert DEFAULT_RESYNC_PERIOD == 36000.0
    assert all(32400.0 <= p < 39600.0 for p in periods)
    assert len(set(periods)) > 1


async def test_bookmarks_keep_a_quiet_watch_resumable_after_the_history_moved_on() -> None:
    """Without bookmarks a quiet watch's resourceVersion falls out of the server's history
    (writes elsewhere move it on), so a reconnect costs a full relist; a bookmark moves it."""
    from controller_runtime.envtest.apiserver import APIServer

    server = APIServer(host="127.0.0.1", port=0, tls=True, history_size=5, bookmark_interval=0.2)
    await server.start()
    ca = server.ca_pem
    cfg = RestConfig(host=server.url, ca_data=ca if isinstance(ca, bytes) else None, token=server.token)
    proxy = TCPProxy(cfg.host)
    await proxy.start()
    try:
        async with Client(cfg) as direct, Client(dataclasses.replace(cfg, host=proxy.url)) as proxied:
            for ns in ("quiet", "busy"):
                await direct.create({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})
            await direct.create(cm("quiet", "a", "0"))
            informer = SharedIndexInformer(proxied, "v1", "ConfigMap", namespace="quiet", backoff=FAST)
            h = RecordingHandler()
            informer.add_event_handler(h)
            async with running(informer):
                await eventually(informer.has_synced)
                listed_rv = int(informer.last_sync_resource_version)
                await direct.create(cm("busy", "b", "0"))
                for i in range(10):  # twice the history the server keeps
                    last = await direct.patch(
                        "v1", "ConfigMap", "b", {"data": {"v": str(i)}}, namespace="busy"
                    )
                newest = int(last["metadata"]["resourceVersion"])
                assert newest - listed_rv > 5
                await eventually(lambda: int(informer.last_sync_resource_version) >= newest, timeout=10)
                events_before = list(h.events)

                proxy.cut()
                await direct.patch("v1", "ConfigMap", "a", {"data": {"v": "1"}}, namespace="quiet")
                await eventually(lambda: h.state.get("a") == {"v": "1"}, timeout=10)
                # Resumed from the bookmark: no 410, no relist, and only the one real change.
                assert informer.reflector.expired == 0
                assert informer.reflector.lists == 1
                assert informer.reflector.watches >= 2
                assert [e[:2] for e in h.events[len(events_before):]] == [("update", "a")]
                assert h.events[: len(events_before)] == events_before
    finally:
        await proxy.stop()
        await server.stop()
