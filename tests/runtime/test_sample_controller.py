"""A Flux-style controller for the test Widget kind, end to end on the embedded API server.

It exercises what every Lookout controller relies on: the manager, the shared cache,
the builder's watches, finalizers, the patch helper, conditions, events and requeue_after.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import pytest

from controller_runtime import controllerutil
from controller_runtime.apimachinery.duration import parse_duration
from controller_runtime.builder import new_controller_managed_by
from controller_runtime.client import Client, errors
from controller_runtime.fluxruntime import conditions
from controller_runtime.fluxruntime.patch import PatchHelper, PatchOptions
from controller_runtime.manager import Manager, ManagerOptions
from controller_runtime.predicate import GenerationChanged
from controller_runtime.reconcile import Request, Result
from tests.support.wait import eventually

W = ("test.lookout.dev/v1", "Widget")
FINALIZER = "finalizers.test.lookout.dev"


class WidgetReconciler:
    """Reads from the cache, writes through the patch helper, reports with events."""

    def __init__(self, manager: Manager) -> None:
        self.cache = manager.cache
        self.client = manager.client
        self.recorder = manager.get_event_recorder_for("widget-controller")
        self.calls: Counter[str] = Counter()

    async def reconcile(self, request: Request) -> Result:
        self.calls[request.name] += 1
        try:
            obj = await self.cache.get(*W, request.name, namespace=request.namespace)
        except errors.NotFoundError:
            return Result()
        helper = PatchHelper(obj, self.client)
        if obj["metadata"].get("deletionTimestamp"):
            controllerutil.remove_finalizer(obj, FINALIZER)
            await helper.patch(obj)
            return Result()
        if controllerutil.add_finalizer(obj, FINALIZER):
            await helper.patch(obj)
            return Result(requeue_after=0.01)
        image = obj["spec"]["image"]
        obj.setdefault("status", {})["lastMessage"] = f"running {image}"
        conditions.mark_true(obj, conditions.READY, conditions.SUCCEEDED_REASON, "deployed %s", image)
        await helper.patch(
            obj, PatchOptions(include_status_observed_generation=True, owned_conditions=(conditions.READY,))
        )
        self.recorder.event(obj, "Normal", "Deployed", f"deployed {image}")
        interval = obj["spec"].get("interval")
        return Result(requeue_after=parse_duration(interval)) if interval else Result()


@pytest.fixture
async def running(client: Client, namespace: str) -> AsyncIterator[WidgetReconciler]:
    mgr = Manager(client, ManagerOptions(namespace=namespace, metrics_bind_address="0"))
    reconciler = WidgetReconciler(mgr)
    new_controller_managed_by(mgr).for_(*W, GenerationChanged()).complete(reconciler)
    task = asyncio.create_task(mgr.start())
    await eventually(mgr.elected.is_set)
    yield reconciler
    mgr.stop()
    await task


def widget(namespace: str, name: str, **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "test.lookout.dev/v1",
        "kind": "Widget",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {"image": "nginx", **spec},
    }


async def test_create_update_delete(client: Client, namespace: str, running: WidgetReconciler) -> None:
    await client.create(widget(namespace, "w"))

    async def ready_with(image: str) -> dict[str, Any] | None:
        got = await client.get(*W, "w", namespace=namespace)
        ok = conditions.is_ready(got) and conditions.get_message(got, "Ready") == f"deployed {image}"
        return got if ok else None

    got = await eventually(lambda: ready_with("nginx"))
    assert got["metadata"]["finalizers"] == [FINALIZER]
    assert got["status"]["lastMessage"] == "running nginx"
    assert got["status"]["observedGeneration"] == got["metadata"]["generation"]

    await client.patch(*W, "w", {"spec": {"image": "redis"}}, namespace=namespace)
    got = await eventually(lambda: ready_with("redis"))
    assert got["status"]["observedGeneration"] == 2

    async def deployed_events() -> list[str]:
        lst = await client.list("v1", "Event", namespace=namespace)
        return sorted(e["message"] for e in lst["items"] if e["reason"] == "Deployed")

    await eventually(lambda: _equals(deployed_events(), ["deployed nginx", "deployed redis"]))

    await client.delete(*W, "w", namespace=namespace)

    async def gone() -> bool:
        try:
            await client.get(*W, "w", namespace=namespace)
        except errors.NotFoundError:
            return True
        return False

    await eventually(gone)  # the controller removed its finalizer


async def test_requeue_after_reconciles_again_without_changes(
    client: Client, namespace: str, running: WidgetReconciler
) -> None:
    await client.create(widget(namespace, "ticking", interval="200ms"))
    await client.create(widget(namespace, "still"))
    await eventually(lambda: running.calls["ticking"] >= 6, timeout=10)
    # A status-only change does not bump the generation: the predicate drops it, no requeue loop.
    assert running.calls["still"] <= 3


async def _equals(aw: Any, want: Any) -> bool:
    return bool(await aw == want)
