"""Event handlers turn events into reconcile requests on a queue (controller-runtime pkg/handler).

Handlers are called synchronously by the informer's delivery loop, so they only enqueue.
A map function that must do I/O may be a coroutine function: its result is awaited in a
background task and enqueued when ready.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol, TypeAlias, runtime_checkable

from controller_runtime.event import CreateEvent, DeleteEvent, GenericEvent, Object, UpdateEvent, object_key
from controller_runtime.log import root as _root_log
from controller_runtime.reconcile import Request
from controller_runtime.workqueue.rate_limiting import RateLimitingInterface

RequestQueue: TypeAlias = RateLimitingInterface[Request]
MapFunc: TypeAlias = Callable[[Object], Iterable[Request] | Awaitable[Iterable[Request]]]

_log = _root_log.with_name("eventhandler")


@runtime_checkable
class EventHandler(Protocol):
    def create(self, evt: CreateEvent, queue: RequestQueue) -> None: ...
    def update(self, evt: UpdateEvent, queue: RequestQueue) -> None: ...
    def delete(self, evt: DeleteEvent, queue: RequestQueue) -> None: ...
    def generic(self, evt: GenericEvent, queue: RequestQueue) -> None: ...


@dataclass(frozen=True)
class Funcs:
    """A handler from optional functions; an event kind without a function is ignored."""

    create_func: Callable[[CreateEvent, RequestQueue], None] | None = None
    update_func: Callable[[UpdateEvent, RequestQueue], None] | None = None
    delete_func: Callable[[DeleteEvent, RequestQueue], None] | None = None
    generic_func: Callable[[GenericEvent, RequestQueue], None] | None = None

    def create(self, evt: CreateEvent, queue: RequestQueue) -> None:
        if self.create_func is not None:
            self.create_func(evt, queue)

    def update(self, evt: UpdateEvent, queue: RequestQueue) -> None:
        if self.update_func is not None:
            self.update_func(evt, queue)

    def delete(self, evt: DeleteEvent, queue: RequestQueue) -> None:
        if self.delete_func is not None:
            self.delete_func(evt, queue)

    def generic(self, evt: GenericEvent, queue: RequestQueue) -> None:
        if self.generic_func is not None:
            self.generic_func(evt, queue)


def _request_for(obj: Object | None) -> Request | None:
    if not obj:
        return None
    namespace, name = object_key(obj)
    return Request(namespace, name) if name else None


class EnqueueRequestForObject:
    """Enqueues the event's own object: what `for_()` watches with."""

    def _enqueue(self, obj: Object | None, queue: RequestQueue, event: str) -> None:
        req = _request_for(obj)
        if req is None:
            _log.error(f"{event} received with no metadata", event=event)
            return
        queue.add(req)

    def create(self, evt: CreateEvent, queue: RequestQueue) -> None:
        self._enqueue(evt.obj, queue, "CreateEvent")

    def update(self, evt: UpdateEvent, queue: RequestQueue) -> None:
        self._enqueue(evt.new or evt.old, queue, "UpdateEvent")

    def delete(self, evt: DeleteEvent, queue: RequestQueue) -> None:
        self._enqueue(evt.obj, queue, "DeleteEvent")

    def generic(self, evt: GenericEvent, queue: RequestQueue) -> None:
        self._enqueue(evt.obj, queue, "GenericEvent")


def _api_group(api_version: str) -> str | None:
    """"apps/v1" -> "apps", "v1" -> ""; None if malformed."""
    parts = api_version.split("/")
    if len(parts) == 1 and parts[0]:
        return ""
    if len(parts) == 2 and parts[0] and parts[1]:
        return parts[0]
    return None


class EnqueueRequestForOwner:
    """Enqueues the owner named in the object's ownerReferences: what `owns()` watches with.

    Owners match on group and kind (any version). With `only_controller` (the default) only
    the reference marked `controller: true` counts. `owner_namespaced=False` is for
    cluster-scoped owners, whose requests carry no namespace.
    """

    def __init__(
        self,
        owner_api_version: str,
        owner_kind: str,
        *,
        only_controller: bool = True,
        owner_namespaced: bool = True,
    ) -> None:
        group = _api_group(owner_api_version)
        if group is None:
            raise ValueError(f"invalid owner apiVersion {owner_api_version!r}")
        if not owner_kind:
            raise ValueError("owner kind must not be empty")
        self.owner_group = group
        self.owner_kind = owner_kind
        self.only_controller = only_controller
        self.owner_namespaced = owner_namespaced

    def _owner_requests(self, obj: Object | None) -> list[Request]:
        if not obj:
            return []
        meta = obj.get("metadata") or {}
        refs: Any = meta.get("ownerReferences") or []
        if not isinstance(refs, list):
            return []
        namespace = str(meta.get("namespace") or "") if self.owner_namespaced else ""
        out: list[Request] = []
        for ref in refs:
            if not isinstance(ref, dict):
                continue
            if ref.get("kind") != self.owner_kind:
                continue
            if _api_group(str(ref.get("apiVersion") or "")) != self.owner_group:
                continue
            if self.only_controller and ref.get("controller") is not True:
                continue
            name = ref.get("name")
            if name:
                out.append(Request(namespace, str(name)))
        return out

    def _enqueue(self, queue: RequestQueue, *objs: Object | None) -> None:
        seen: set[Request] = set()
        for obj in objs:
            for req in self._owner_requests(obj):
                if req not in seen:
                    seen.add(req)
                    queue.add(req)

    def create(self, evt: CreateEvent, queue: RequestQueue) -> None:
        self._enqueue(queue, evt.obj)

    def update(self, evt: UpdateEvent, queue: RequestQueue) -> None:
        self._enqueue(queue, evt.old, evt.new)

    def delete(self, evt: DeleteEvent, queue: RequestQueue) -> None:
        self._enqueue(queue, evt.obj)

    def generic(self, evt: GenericEvent, queue: RequestQueue) -> None:
        self._enqueue(queue, evt.obj)


class EnqueueRequestsFromMapFunc:
    """Enqueues whatever `map_fn(obj)` returns; updates map both the old and the new object.

    `map_fn` may be a plain function or a coroutine function (awaited in a background task;
    a failure is logged and enqueues nothing).
    """

    def __init__(self, map_fn: MapFunc) -> None:
        self.map_fn = map_fn
        self._tasks: set[asyncio.Task[None]] = set()

    def _enqueue(self, queue: RequestQueue, *objs: Object | None) -> None:
        results: list[Iterable[Request] | Awaitable[Iterable[Request]]] = []
        for obj in objs:
            if not obj:
                continue
            try:
                results.append(self.map_fn(obj))
            except Exception as err:
                _log.error("map function failed", err=err)
        if any(inspect.isawaitable(r) for r in results):
            task = asyncio.get_running_loop().create_task(self._enqueue_later(queue, results))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            return
        self._add_all(queue, [r for r in results if not inspect.isawaitable(r)])

    async def _enqueue_later(
        self, queue: RequestQueue, results: list[Iterable[Request] | Awaitable[Iterable[Request]]]
    ) -> None:
        resolved: list[Iterable[Request]] = []
        for r in results:
            try:
                resolved.append(await r if inspect.isawaitable(r) else r)
            except Exception as err:
                _log.error("map function failed", err=err)
        self._add_all(queue, resolved)

    @staticmethod
    def _add_all(queue: RequestQueue, results: list[Iterable[Request]]) -> None:
        seen: set[Request] = set()
        for requests in results:
            for req in requests:
                if req not in seen:
                    seen.add(req)
                    queue.add(req)

    def create(self, evt: CreateEvent, queue: RequestQueue) -> None:
        self._enqueue(queue, evt.obj)

    def update(self, evt: UpdateEvent, queue: RequestQueue) -> None:
        self._enqueue(queue, evt.old, evt.new)

    def delete(self, evt: DeleteEvent, queue: RequestQueue) -> None:
        self._enqueue(queue, evt.obj)

    def generic(self, evt: GenericEvent, queue: RequestQueue) -> None:
        self._enqueue(queue, evt.obj)
