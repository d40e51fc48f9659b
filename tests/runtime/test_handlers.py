"""Handlers map events to requests; the source bridge filters with predicates and unwraps tombstones."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from controller_runtime.event import (
    CreateEvent,
    DeletedFinalStateUnknown,
    DeleteEvent,
    GenericEvent,
    UpdateEvent,
)
from controller_runtime.handler import (
    EnqueueRequestForObject,
    EnqueueRequestForOwner,
    EnqueueRequestsFromMapFunc,
    Funcs,
    RequestQueue,
)
from controller_runtime.predicate import Funcs as PredicateFuncs
from controller_runtime.reconcile import Request
from controller_runtime.source import EventHandlerBridge
from controller_runtime.workqueue import RateLimitingQueue
from tests.runtime.controller_fakes import obj
from tests.support.wait import eventually


def drain(q: RateLimitingQueue[Request]) -> list[Request]:
    """Everything queued, in order (test-only peek without workers)."""
    out: list[Request] = []
    while len(q):
        item = q._queue.popleft()
        q._dirty.discard(item)
        out.append(item)
    return out


@pytest.fixture
def queue() -> RateLimitingQueue[Request]:
    return RateLimitingQueue()


def owned(name: str, *refs: dict[str, Any], namespace: str = "ns") -> dict[str, Any]:
    o = obj(name, namespace, kind="Deployment", api_version="apps/v1")
    o["metadata"]["ownerReferences"] = list(refs)
    return o


def ref(
    name: str,
    *,
    kind: str = "Owner",
    api_version: str = "example.com/v1",
    controller: bool | None = True,
) -> dict[str, Any]:
    r: dict[str, Any] = {"apiVersion": api_version, "kind": kind, "name": name, "uid": f"uid-{name}"}
    if controller is not None:
        r["controller"] = controller
    return r


def test_enqueue_for_object(queue: RateLimitingQueue[Request]) -> None:
    h = EnqueueRequestForObject()
    h.create(CreateEvent(obj("a", "ns1")), queue)
    h.update(UpdateEvent(obj("b", "ns1"), obj("c", "ns1")), queue)
    h.update(UpdateEvent(obj("d", "ns1"), {}), queue)  # no new object: the old one
    h.delete(DeleteEvent(obj("e", "")), queue)  # cluster-scoped
    h.generic(GenericEvent(obj("f", "ns2")), queue)
    h.create(CreateEvent({"metadata": {}}), queue)  # nameless: dropped, not a crash
    assert drain(queue) == [
        Request("ns1", "a"),
        Request("ns1", "c"),
        Request("ns1", "d"),
        Request("", "e"),
        Request("ns2", "f"),
    ]


def test_enqueue_for_owner_only_controller_by_default(queue: RateLimitingQueue[Request]) -> None:
    h = EnqueueRequestForOwner("example.com/v1", "Owner")
    h.create(CreateEvent(owned("d1", ref("boss"), ref("other", controller=False))), queue)
    # Group matches across versions; a different group or kind does not.
    h.create(CreateEvent(owned("d2", ref("v2boss", api_version="example.com/v2"))), queue)
    h.create(CreateEvent(owned("d3", ref("x", api_version="other.io/v1"), ref("y", kind="Else"))), queue)
    h.create(CreateEvent(obj("no-owners")), queue)
    assert drain(queue) == [Request("ns", "boss"), Request("ns", "v2boss")]


def test_enqueue_for_owner_every_owner_and_update_maps_old_and_new(queue: RateLimitingQueue[Request]) -> None:
    h = EnqueueRequestForOwner("example.com/v1", "Owner", only_controller=False)
    h.create(CreateEvent(owned("d", ref("a"), ref("b", controller=None))), queue)
    assert drain(queue) == [Request("ns", "a"), Request("ns", "b")]
    # An owner change enqueues both the previous and the new owner, once each.
    h.update(UpdateEvent(owned("d", ref("a"), ref("b")), owned("d", ref("b"), ref("c"))), queue)
    assert drain(queue) == [Request("ns", "a"), Request("ns", "b"), Request("ns", "c")]
    h.delete(DeleteEvent(owned("d", ref("z"))), queue)
    h.generic(GenericEvent(owned("d", ref("y"))), queue)
    assert drain(queue) == [Request("ns", "z"), Request("ns", "y")]


def test_enqueue_for_cluster_scoped_owner_has_no_namespace(queue: RateLimitingQueue[Request]) -> None:
    h = EnqueueRequestForOwner("v1", "Namespace", owner_namespaced=False)
    h.create(CreateEvent(owned("d", ref("team-a", kind="Namespace", api_version="v1"))), queue)
    assert drain(queue) == [Request("", "team-a")]


def test_enqueue_for_owner_rejects_bad_owner_type() -> None:
    with pytest.raises(ValueError, match="apiVersion"):
        EnqueueRequestForOwner("a/b/c", "Owner")
    with pytest.raises(ValueError, match="kind"):
        EnqueueRequestForOwner("v1", "")


def test_map_func_sync_dedupes_and_maps_both_sides_of_an_update(queue: RateLimitingQueue[Request]) -> None:
    def users_of(o: dict[str, Any]) -> list[Request]:
        return [Request("ns", f"user-of-{o['metadata']['name']}"), Request("ns", "everyone")]

    h = EnqueueRequestsFromMapFunc(users_of)
    h.update(UpdateEvent(obj("old"), obj("new")), queue)
    assert drain(queue) == [
        Request("ns", "user-of-old"),
        Request("ns", "everyone"),
        Request("ns", "user-of-new"),
    ]


async def test_map_func_may_be_async(queue: RateLimitingQueue[Request]) -> None:
    async def users_of(o: dict[str, Any]) -> list[Request]:
        await asyncio.sleep(0)
        return [Request("ns", o["metadata"]["name"] + "-user")]

    h = EnqueueRequestsFromMapFunc(users_of)
    h.create(CreateEvent(obj("repo")), queue)
    await eventually(lambda: len(queue) == 1, timeout=5)
    assert drain(queue) == [Request("ns", "repo-user")]


async def test_map_func_failure_enqueues_nothing_and_does_not_raise(
    queue: RateLimitingQueue[Request],
) -> None:
    def broken(o: dict[str, Any]) -> list[Request]:
        raise KeyError("boom")

    async def broken_async(o: dict[str, Any]) -> list[Request]:
        raise KeyError("boom")

    EnqueueRequestsFromMapFunc(broken).create(CreateEvent(obj("a")), queue)
    h = EnqueueRequestsFromMapFunc(broken_async)
    h.create(CreateEvent(obj("a")), queue)
    await eventually(lambda: not h._tasks, timeout=5)
    assert len(queue) == 0


def test_funcs_handler_calls_only_what_is_given(queue: RateLimitingQueue[Request]) -> None:
    seen: list[str] = []
    h = Funcs(update_func=lambda e, q: seen.append(e.new["metadata"]["name"]))
    h.create(CreateEvent(obj("a")), queue)
    h.update(UpdateEvent(obj("a"), obj("b")), queue)
    h.delete(DeleteEvent(obj("c")), queue)
    h.generic(GenericEvent(obj("d")), queue)
    assert seen == ["b"]


# --- the informer -> predicates -> handler bridge ---------------------------------------


class Recorder:
    def __init__(self) -> None:
        self.events: list[Any] = []

    def create(self, evt: CreateEvent, queue: RequestQueue) -> None:
        self.events.append(evt)

    def update(self, evt: UpdateEvent, queue: RequestQueue) -> None:
        self.events.append(evt)

    def delete(self, evt: DeleteEvent, queue: RequestQueue) -> None:
        self.events.append(evt)

    def generic(self, evt: GenericEvent, queue: RequestQueue) -> None:
        self.events.append(evt)


def test_bridge_builds_events_and_unwraps_tombstones(queue: RateLimitingQueue[Request]) -> None:
    rec = Recorder()
    bridge = EventHandlerBridge(queue, rec, ())
    bridge.on_add(obj("a"), True)
    bridge.on_update(obj("a", rv="1"), obj("a", rv="2"))
    bridge.on_delete(obj("a"))
    bridge.on_delete(DeletedFinalStateUnknown("default/b", obj("b")))
    assert rec.events == [
        CreateEvent(obj("a"), is_in_initial_list=True),
        UpdateEvent(obj("a", rv="1"), obj("a", rv="2")),
        DeleteEvent(obj("a"), delete_state_unknown=False),
        DeleteEvent(obj("b"), delete_state_unknown=True),
    ]


def test_bridge_requires_every_predicate(queue: RateLimitingQueue[Request]) -> None:
    rec = Recorder()
    calls: list[str] = []

    def named(name: str, answer: bool) -> PredicateFuncs:
        def check(e: Any) -> bool:
            calls.append(name)
            return answer

        return PredicateFuncs(create_func=check, update_func=check, delete_func=check)

    EventHandlerBridge(queue, rec, (named("first", True), named("second", True))).on_add(obj("a"), False)
    assert len(rec.events) == 1 and calls == ["first", "second"]
    calls.clear()
    EventHandlerBridge(queue, rec, (named("first", False), named("second", True))).on_update(
        obj("a"), obj("a")
    )
    assert len(rec.events) == 1 and calls == ["first"]
    EventHandlerBridge(queue, rec, (named("first", True), named("second", False))).on_delete(obj("a"))
    assert len(rec.events) == 1


def test_bridge_survives_a_failing_handler(queue: RateLimitingQueue[Request]) -> None:
    def boom(e: Any, q: Any) -> None:
        raise RuntimeError("handler bug")

    bridge = EventHandlerBridge(queue, Funcs(create_func=boom), ())
    bridge.on_add(obj("a"), False)  # logged, not raised into the informer
    EventHandlerBridge(queue, EnqueueRequestForObject(), ()).on_add(obj("a"), False)
    assert drain(queue) == [Request("default", "a")]
