"""SharedIndexInformer: one store per kind, shared by every handler that watches it.

The reflector feeds it lists and watch events; it applies them to the store and calls
each registered handler in order. Handlers are called inline on the event loop (they
only enqueue keys), so per-handler ordering is guaranteed without a task per handler.
A handler registered late first receives every cached object as an initial add, and
its own ``has_synced`` turns true once it has.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable
from typing import Any, Protocol

from controller_runtime.cache.reflector import WATCH_TIMEOUT_RANGE, Backoff, Reflector
from controller_runtime.cache.store import IndexFunc, Obj, Store, object_key
from controller_runtime.event import DeletedFinalStateUnknown

log = logging.getLogger("controller_runtime.cache.informer")

DEFAULT_RESYNC_PERIOD = 10 * 3600.0


class ResourceEventHandler(Protocol):
    def on_add(self, obj: Obj, is_in_initial_list: bool) -> None: ...

    def on_update(self, old: Obj, new: Obj) -> None: ...

    def on_delete(self, obj: Obj | DeletedFinalStateUnknown) -> None: ...


class HandlerRegistration:
    """The handle ``add_event_handler`` returns; ``has_synced`` is this handler's own sync."""

    __slots__ = ("_synced", "handler", "informer")

    def __init__(self, informer: SharedIndexInformer, handler: ResourceEventHandler) -> None:
        self.informer = informer
        self.handler = handler
        self._synced = False

    def has_synced(self) -> bool:
        return self._synced


def resync_period_with_jitter(period: float) -> float:
    """controller-runtime's per-informer jitter: ``period * U[0.9, 1.1)``."""
    return period * (0.9 + random.random() * 0.2)


class SharedIndexInformer:
    """Store + reflector + handler fan-out for one kind (in one namespace / label scope)."""

    def __init__(
        self,
        client: Any,
        api_version: str,
        kind: str,
        *,
        namespace: str | None = None,
        label_selector: str | None = None,
        resync_period: float = DEFAULT_RESYNC_PERIOD,
        indexers: dict[str, IndexFunc] | None = None,
        watch_timeout_range: tuple[float, float] = WATCH_TIMEOUT_RANGE,
        backoff: Backoff | None = None,
    ) -> None:
        self.api_version = api_version
        self.kind = kind
        self.store = Store(indexers)
        self.resync_period = resync_period
        self.reflector = Reflector(
            client,
            api_version,
            kind,
            self,
            namespace=namespace,
            label_selector=label_selector,
            watch_timeout_range=watch_timeout_range,
            backoff=backoff,
        )
        self._registrations: list[HandlerRegistration] = []
        self._synced = asyncio.Event()
        self._started = False
        self._stopped = False

    # -- public --------------------------------------------------------------------
    def add_event_handler(self, handler: ResourceEventHandler) -> HandlerRegistration:
        """Register a handler; if the informer already synced it gets the cache as initial adds."""
        reg = HandlerRegistration(self, handler)
        self._registrations.append(reg)
        if self._synced.is_set():
            for obj in self.store.list():
                self._call(handler.on_add, obj, True)
            reg._synced = True
        return reg

    def remove_event_handler(self, registration: HandlerRegistration) -> None:
        with contextlib.suppress(ValueError):
            self._registrations.remove(registration)

    def add_indexers(self, indexers: dict[str, IndexFunc]) -> None:
        self.store.add_indexers(indexers)

    def has_synced(self) -> bool:
        return self._synced.is_set()

    async def wait_for_sync(self) -> None:
        await self._synced.wait()

    @property
    def is_started(self) -> bool:
        return self._started

    @property
    def last_sync_resource_version(self) -> str:
        return self.reflector.last_sync_resource_version

    async def run(self) -> None:
        """List/watch and resync until cancelled. An informer runs at most once."""
        if self._started:
            raise RuntimeError(f"informer for {self.kind} was already started")
        self._started = True
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(self.reflector.run())
                if self.resync_period > 0:
                    tg.create_task(self._resync_loop())
        finally:
            self._stopped = True

    # -- the reflector's sink -------------------------------------------------------
    def replace(self, objs: list[Obj], resource_version: str) -> None:
        """Apply a (re)list: diff it against the store so handlers see every final state once."""
        initial = not self._synced.is_set()
        old_items = {object_key(o): o for o in self.store.list()}
        self.store.replace(objs)
        regs = list(self._registrations)
        for obj in objs:
            key = object_key(obj)
            old = old_items.pop(key, None)
            if old is None:
                for reg in regs:
                    self._call(reg.handler.on_add, obj, initial)
            elif _rv(old) != _rv(obj) or not _rv(obj):
                for reg in regs:
                    self._call(reg.handler.on_update, old, obj)
        for key, old in old_items.items():
            tomb = DeletedFinalStateUnknown(key, old)
            for reg in regs:
                self._call(reg.handler.on_delete, tomb)
        if initial:
            for reg in regs:
                reg._synced = True
            self._synced.set()

    def on_watch_event(self, event_type: str, obj: Obj) -> None:
        regs = list(self._registrations)
        if event_type == "DELETED":
            self.store.delete(obj)
            for reg in regs:
                self._call(reg.handler.on_delete, obj)
            return
        old = self.store.add(obj)
        if old is None:
            for reg in regs:
                self._call(reg.handler.on_add, obj, False)
        else:
            for reg in regs:
                self._call(reg.handler.on_update, old, obj)

    # -- internals -------------------------------------------------------------------
    async def _resync_loop(self) -> None:
        await self._synced.wait()
        while True:
            await asyncio.sleep(resync_period_with_jitter(self.resync_period))
            self.resync()

    def resync(self) -> None:
        """Deliver ``on_update(obj, obj)`` for every cached object, without asking the server."""
        regs = list(self._registrations)
        for obj in self.store.list():
            for reg in regs:
                self._call(reg.handler.on_update, obj, obj)

    def _call(self, fn: Callable[..., None], *args: Any) -> None:
        try:
            fn(*args)
        except Exception:
            log.exception("event handler for %s failed", self.kind)


def _rv(obj: Obj) -> str:
    return str((obj.get("metadata") or {}).get("resourceVersion") or "")
