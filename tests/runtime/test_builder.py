"""The fluent builder: what it registers with the manager, how watches route events, and
the mistakes it refuses."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

import pytest

from controller_runtime.builder import BuilderError, new_controller_managed_by
from controller_runtime.controller import Controller, Options
from controller_runtime.event import GenericEvent
from controller_runtime.handler import EnqueueRequestForObject, EnqueueRequestsFromMapFunc
from controller_runtime.predicate import Funcs, GenerationChanged
from controller_runtime.reconcile import Request, Result
from controller_runtime.source import Channel
from tests.runtime.controller_fakes import FakeCache, FakeManager, obj
from tests.support.wait import eventually

GROUP = "image.toolkit.fluxcd.io"
API = f"{GROUP}/v1"
OWNED_API = "apps/v1"


class Recorder:
    def __init__(self) -> None:
        self.calls: list[Request] = []

    async def reconcile(self, request: Request) -> Result:
        self.calls.append(request)
        return Result()


def manager(*kinds: tuple[str, str], defaults: Any = None) -> FakeManager:
    return FakeManager(FakeCache(*kinds), defaults)


@asynccontextmanager
async def running(c: Controller) -> AsyncIterator[None]:
    task = asyncio.create_task(c.start())
    try:
        await eventually(lambda: c.queue is not None, timeout=5)
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await asyncio.wait_for(task, 10)


def only(mgr: FakeManager) -> Controller:
    assert len(mgr.runnables) == 1
    c = mgr.runnables[0]
    assert isinstance(c, Controller)
    return c


async def test_for_registers_a_controller_named_after_the_kind() -> None:
    mgr = manager((API, "ImagePolicy"))
    mgr.cache.informer(API, "ImagePolicy").seed = [obj("p", "ns", kind="ImagePolicy", api_version=API)]
    rec = Recorder()
    new_controller_managed_by(mgr).for_(API, "ImagePolicy").complete(rec)
    c = only(mgr)
    assert c.name == "imagepolicy"
    assert (c.group, c.kind) == (GROUP, "ImagePolicy")
    assert c.need_leader_election()
    async with running(c):
        await eventually(lambda: rec.calls == [Request("ns", "p")], timeout=5)


async def test_owns_enqueues_the_controlling_owner() -> None:
    mgr = manager((API, "Owner"), (OWNED_API, "Deployment"))
    rec = Recorder()
    new_controller_managed_by(mgr).for_(API, "Owner").owns(OWNED_API, "Deployment").named(
        f"o-{uuid.uuid4().hex}"
    ).complete(rec)
    c = only(mgr)
    async with running(c):
        child = obj("child", "ns", kind="Deployment", api_version=OWNED_API)
        child["metadata"]["ownerReferences"] = [
            {"apiVersion": API, "kind": "Owner", "name": "parent", "controller": True},
            {"apiVersion": API, "kind": "Owner", "name": "not-controller"},
        ]
        mgr.cache.informer(OWNED_API, "Deployment").add(child)
        await eventually(lambda: rec.calls == [Request("ns", "parent")], timeout=5)


async def test_watches_with_a_map_func() -> None:
    mgr = manager((API, "ImagePolicy"), (API, "ImageRepository"))
    rec = Recorder()

    async def policies_of(repo: dict[str, Any]) -> list[Request]:
        return [Request(repo["metadata"]["namespace"], f"{repo['metadata']['name']}-policy")]

    (
        new_controller_managed_by(mgr)
        .for_(API, "ImagePolicy")
        .watches(API, "ImageRepository", EnqueueRequestsFromMapFunc(policies_of))
        .named(f"w-{uuid.uuid4().hex}")
        .complete(rec)
    )
    c = only(mgr)
    async with running(c):
        mgr.cache.informer(API, "ImageRepository").add(
            obj("podinfo", "ns", kind="ImageRepository", api_version=API)
        )
        await eventually(lambda: rec.calls == [Request("ns", "podinfo-policy")], timeout=5)


async def test_event_filters_run_before_the_watch_predicates() -> None:
    mgr = manager((API, "ImagePolicy"))
    order: list[str] = []

    def recording(name: str, answer: bool = True) -> Funcs:
        def check(evt: Any) -> bool:
            order.append(name)
            return answer

        return Funcs(create_func=check, update_func=check)

    rec = Recorder()
    (
        new_controller_managed_by(mgr)
        .for_(API, "ImagePolicy", recording("for"), GenerationChanged())
        .with_event_filter(recording("global-1"))
        .with_event_filter(recording("global-2"))
        .named(f"f-{uuid.uuid4().hex}")
        .complete(rec)
    )
    c = only(mgr)
    informer = mgr.cache.informer(API, "ImagePolicy")
    async with running(c):
        informer.add(obj("p", "ns", kind="ImagePolicy", api_version=API))
        await eventually(lambda: len(rec.calls) == 1, timeout=5)
        assert order == ["global-1", "global-2", "for"]
        # GenerationChanged (a per-watch predicate) drops a status-only update.
        informer.update(obj("p", "ns", kind="ImagePolicy", api_version=API, rv="2"))
        informer.update(obj("p", "ns", kind="ImagePolicy", api_version=API, generation=2, rv="3"))
        await eventually(lambda: len(rec.calls) == 2, timeout=5)


async def test_event_filters_do_not_apply_to_raw_sources() -> None:
    mgr = manager()
    events: asyncio.Queue[GenericEvent] = asyncio.Queue()

    async def stream() -> AsyncIterator[GenericEvent]:
        while True:
            yield await events.get()

    rec = Recorder()
    drop_all = Funcs(generic_func=lambda e: False)
    (
        new_controller_managed_by(mgr)
        .named(f"raw-{uuid.uuid4().hex}")
        .watches_raw_source(Channel(stream(), EnqueueRequestForObject()))
        .with_event_filter(drop_all)
        .complete(rec)
    )
    async with running(only(mgr)):
        await events.put(GenericEvent(obj("x", "ns")))
        await eventually(lambda: rec.calls == [Request("ns", "x")], timeout=5)


def test_with_options_and_manager_defaults() -> None:
    @dataclass
    class Defaults:
        max_concurrent_reconciles: int | None = 4
        need_leader_election: bool | None = False
        group_kind_concurrency: dict[str, int] = field(default_factory=dict)

    mgr = manager(defaults=Defaults(group_kind_concurrency={f"ImagePolicy.{GROUP}": 7}))
    new_controller_managed_by(mgr).for_(API, "ImagePolicy").complete(Recorder())
    new_controller_managed_by(mgr).for_(API, "ImageRepository").complete(Recorder())
    (
        new_controller_managed_by(mgr)
        .for_(API, "ImageUpdateAutomation")
        .with_options(Options(max_concurrent_reconciles=2, need_leader_election=True, cache_sync_timeout=5))
        .complete(Recorder())
    )
    per_kind, from_manager, explicit = mgr.runnables
    assert per_kind.max_concurrent_reconciles == 7
    assert (from_manager.max_concurrent_reconciles, from_manager.need_leader_election()) == (4, False)
    assert (explicit.max_concurrent_reconciles, explicit.need_leader_election()) == (2, True)
    assert explicit.cache_sync_timeout == 5


def test_for_may_be_called_only_once() -> None:
    with pytest.raises(BuilderError, match="only be called once"):
        new_controller_managed_by(manager()).for_(API, "A").for_(API, "B")


def test_owns_without_for_is_an_error() -> None:
    mgr = manager()
    with pytest.raises(BuilderError, match="owns\\(\\) can only be used together with for_\\(\\)"):
        new_controller_managed_by(mgr).named("x").owns(OWNED_API, "Deployment").complete(Recorder())
    assert mgr.runnables == []


def test_no_watches_is_an_error() -> None:
    with pytest.raises(BuilderError, match="never get triggered"):
        new_controller_managed_by(manager()).named("lonely").complete(Recorder())


def test_a_name_is_required_without_for() -> None:
    with pytest.raises(BuilderError, match="for_\\(\\) or named\\(\\)"):
        new_controller_managed_by(manager()).watches(API, "A", EnqueueRequestForObject()).complete(Recorder())


def test_reconciler_is_required() -> None:
    with pytest.raises(BuilderError, match="Reconciler"):
        new_controller_managed_by(manager()).for_(API, "A").complete(None)  # type: ignore[arg-type]


def test_controller_names_are_unique_per_manager() -> None:
    mgr = manager()
    new_controller_managed_by(mgr).for_(API, "ImagePolicy").complete(Recorder())
    with pytest.raises(BuilderError, match="controller with name imagepolicy already exists"):
        new_controller_managed_by(mgr).for_(API, "ImagePolicy").complete(Recorder())
    new_controller_managed_by(mgr).for_(API, "ImagePolicy").with_options(
        Options(skip_name_validation=True)
    ).complete(Recorder())
    new_controller_managed_by(manager()).for_(API, "ImagePolicy").complete(Recorder())  # another manager
    assert len(mgr.runnables) == 2
