"""Sources feed a controller's queue: informer events (Kind) or any async stream (Channel).

This module also defines the small protocols the informer cache implements, so the
controller side never depends on how the cache is built:

    InformerSource.get_informer(api_version, kind) -> Informer
    Informer.add_event_handler(ResourceEventHandler) -> HandlerRegistration

The bridge between them (`EventHandlerBridge`) turns informer callbacks into events,
runs every predicate (all must pass) and hands the event to the handler.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable
from typing import Protocol, runtime_checkable

from controller_runtime.clock import REAL_CLOCK, Clock
from controller_runtime.event import (
    CreateEvent,
    DeletedFinalStateUnknown,
    DeleteEvent,
    GenericEvent,
    Object,
    UpdateEvent,
)
from controller_runtime.handler import EventHandler, RequestQueue
from controller_runtime.log import root as _root_log
from controller_runtime.predicate import Predicate

_log = _root_log.with_name("source")

# How often Kind retries get_informer while the kind is not served (e.g. the CRD is missing).
KIND_POLL_INTERVAL = 10.0
# How often Kind checks its own handler registration after the cache synced.
_HANDLER_SYNC_POLL = 0.1


# --- what the informer cache implements -------------------------------------------------


class ResourceEventHandler(Protocol):
    """What an informer calls, in order, for one registered handler."""

    def on_add(self, obj: Object, is_in_initial_list: bool) -> None: ...
    def on_update(self, old: Object, new: Object) -> None: ...
    def on_delete(self, obj: Object | DeletedFinalStateUnknown) -> None: ...


class HandlerRegistration(Protocol):
    def has_synced(self) -> bool:
        """True once this handler has been given every object of the informer's initial list."""
        ...


class Informer(Protocol):
    def add_event_handler(self, handler: ResourceEventHandler) -> HandlerRegistration: ...
    def has_synced(self) -> bool: ...


class InformerSource(Protocol):
    """The cache, as sources see it."""

    async def get_informer(self, api_version: str, kind: str) -> Informer:
        """The shared informer of a kind; raises (e.g. NoKindMatchError) while the kind is not served."""
        ...

    async def wait_for_cache_sync(self) -> bool:
        """Wait until every informer has listed once; False if the cache stopped first."""
        ...


# --- what a controller needs from a source ----------------------------------------------


@runtime_checkable
class Source(Protocol):
    async def start(self, queue: RequestQueue) -> None:
        """Begin delivering events to `queue`; must return promptly (background work in tasks)."""
        ...

    async def stop(self) -> None:
        """Stop background work; events already queued stay queued."""
        ...


@runtime_checkable
class SyncingSource(Source, Protocol):
    async def wait_for_sync(self) -> None:
        """Return once the source has delivered its initial state; raise if it cannot.

        Callers bound the wait (asyncio.timeout); a timed-out source is then stopped.
        """
        ...


class EventHandlerBridge:
    """Informer callbacks -> events -> predicates (AND) -> handler -> queue."""

    def __init__(self, queue: RequestQueue, handler: EventHandler, predicates: tuple[Predicate, ...]) -> None:
        self.queue = queue
        self.handler = handler
        self.predicates = predicates

    def on_add(self, obj: Object, is_in_initial_list: bool) -> None:
        evt = CreateEvent(obj, is_in_initial_list)
        try:
            if all(p.create(evt) for p in self.predicates):
                self.handler.create(evt, self.queue)
        except Exception as err:
            _log.error("failed to handle create event", err=err)

    def on_update(self, old: Object, new: Object) -> None:
        evt = UpdateEvent(old, new)
        try:
            if all(p.update(evt) for p in self.predicates):
                self.handler.update(evt, self.queue)
        except Exception as err:
            _log.error("failed to handle update event", err=err)

    def on_delete(self, obj: Object | DeletedFinalStateUnknown) -> None:
        # A tombstone means we missed the delete; its object is the last state we knew.
        if isinstance(obj, DeletedFinalStateUnknown):
            evt = DeleteEvent(obj.obj, delete_state_unknown=True)
        else:
            evt = DeleteEvent(obj)
        try:
            if all(p.delete(evt) for p in self.predicates):
                self.handler.delete(evt, self.queue)
        except Exception as err:
            _log.error("failed to handle delete event", err=err)


def _is_no_kind_match(err: BaseException) -> bool:
    # Matched by name so sources need not import the REST mapper.
    return any(cls.__name__ == "NoKindMatchError" for cls in type(err).__mro__)


class Kind:
    """Events of one kind from the shared informer cache.

    `start()` returns at once; a background task polls `get_informer` (every 10 s while the
    kind is not served, e.g. its CRD is not installed yet), registers the handler, then
    waits for the informer and this handler's own registration to sync.
    """

    def __init__(
        self,
        cache: InformerSource,
        api_version: str,
        kind: str,
        handler: EventHandler,
        *predicates: Predicate,
        clock: Clock = REAL_CLOCK,
        poll_interval: float = KIND_POLL_INTERVAL,
    ) -> None:
        if not api_version or not kind:
            raise ValueError("a Kind source needs an apiVersion and a kind")
        self.cache = cache
        self.api_version = api_version
        self.kind = kind
        self.handler = handler
        self.predicates = predicates
        self._clock = clock
        self._poll_interval = poll_interval
        self._synced: asyncio.Future[None] | None = None
        self._task: asyncio.Task[None] | None = None
        self.registration: HandlerRegistration | None = None
        self._informer: Informer | None = None

    def __str__(self) -> str:
        return f"kind source: {self.api_version}, Kind={self.kind}"

    async def start(self, queue: RequestQueue) -> None:
        if self._task is not None:
            raise RuntimeError(f"{self} was started more than once")
        loop = asyncio.get_running_loop()
        self._synced = loop.create_future()
        self._task = loop.create_task(self._run(queue), name=str(self))

    async def _run(self, queue: RequestQueue) -> None:
        assert self._synced is not None
        log = _log.with_values(kind=f"{self.kind}.{self.api_version}")
        while True:
            try:
                informer = await self.cache.get_informer(self.api_version, self.kind)
                break
            except Exception as err:
                if _is_no_kind_match(err):
                    log.error("if kind is a CRD, it should be installed before calling Start", err=err)
                else:
                    log.error("failed to get informer from cache", err=err)
                await self._clock.sleep(self._poll_interval)
        self._informer = informer
        try:
            bridge = EventHandlerBridge(queue, self.handler, self.predicates)
            self.registration = informer.add_event_handler(bridge)
            # Wait for *this* informer and handler, not the whole cache: an informer of another
            # kind that cannot list (say, its CRD is missing) must not hold this source back.
            # An informer that can be awaited is (our SharedIndexInformer syncs its handlers in
            # the same step), so workers start the moment the list lands instead of up to a
            # poll interval later; anything else is polled, as client-go's HasSynced is.
            registration = self.registration
            wait = getattr(informer, "wait_for_sync", None)
            if callable(wait) and not informer.has_synced():
                await wait()
            while not (informer.has_synced() and registration.has_synced()):  # noqa: ASYNC110
                await asyncio.sleep(_HANDLER_SYNC_POLL)
        except Exception as err:
            if not self._synced.done():
                self._synced.set_exception(err)
            return
        if not self._synced.done():
            self._synced.set_result(None)

    async def wait_for_sync(self) -> None:
        """Wait for the informer and this handler to sync (cancelling the wait leaves the source running)."""
        if self._synced is None:
            raise RuntimeError(f"{self} must be started before waiting for it to sync")
        await asyncio.shield(self._synced)

    async def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self._synced is not None and not self._synced.done():
            self._synced.cancel()
        # Informers that support it forget the handler, so a stopped controller costs nothing.
        if self.registration is not None and self._informer is not None:
            remove = getattr(self._informer, "remove_event_handler", None)
            if callable(remove):
                remove(self.registration)
            self.registration = None


class Channel:
    """Events from any async iterable (e.g. an external trigger), as generic events."""

    def __init__(
        self, events: AsyncIterable[GenericEvent], handler: EventHandler, *predicates: Predicate
    ) -> None:
        self.events = events
        self.handler = handler
        self.predicates = predicates
        self._task: asyncio.Task[None] | None = None

    def __str__(self) -> str:
        return f"channel source: {self.events!r}"

    async def start(self, queue: RequestQueue) -> None:
        if self._task is not None:
            raise RuntimeError(f"{self} was started more than once")
        self._task = asyncio.get_running_loop().create_task(self._run(queue), name=str(self))

    async def _run(self, queue: RequestQueue) -> None:
        async for evt in self.events:
            try:
                if all(p.generic(evt) for p in self.predicates):
                    self.handler.generic(evt, queue)
            except Exception as err:
                _log.error("failed to handle generic event", err=err)

    async def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
